import { useLocation } from 'preact-iso';

/** Reads and writes list state (page, filters, search) in the URL so it survives reloads and can be shared. */
export function useQueryState<K extends string>(defaults: Record<K, string>) {
  const { query, path, route } = useLocation();
  const values = { ...defaults } as Record<K, string>;
  for (const key of Object.keys(defaults) as K[]) if (query[key] !== undefined) values[key] = query[key]!;
  const set = (patch: Partial<Record<K, string>>) => {
    const next = new URLSearchParams();
    const merged = { ...values, ...patch } as Record<K, string>;
    if (!('page' in patch)) (merged as Record<string, string>).page = '1';
    for (const [k, v] of Object.entries(merged) as [K, string][]) if (v && v !== defaults[k]) next.set(k, v);
    const qs = next.toString();
    route(qs ? `${path}?${qs}` : path, true);
  };
  return [values, set] as const;
}
