import type { Asset, Location, WorkOrder } from '../../../src/modules/cmms/cmms.schemas';
import { t } from '../i18n';
import { api, call } from '../lib/api';
import { formatDate } from '../lib/format';
import { lastEvent } from '../lib/notifications';
import type { RealtimeMessage } from '../lib/realtime';
import { currentCompany, currentUser, isManager } from '../lib/session';
import { useAsync } from '../lib/use-async';
import { Badge } from './ui';

type Tone = 'neutral' | 'good' | 'warn' | 'bad' | 'info';

export const WO_TONE: Record<WorkOrder['status'], Tone> = { open: 'info', in_progress: 'warn', on_hold: 'neutral', complete: 'good', closed: 'neutral', cancelled: 'bad' };
const ASSET_TONE: Record<Asset['status'], Tone> = { operational: 'good', down: 'bad', retired: 'neutral' };
const CRITICALITY_TONE: Record<Asset['criticality'], Tone> = { low: 'neutral', medium: 'info', high: 'warn' };
const PRIORITY_TONE: Record<WorkOrder['priority'], Tone> = { none: 'neutral', low: 'neutral', medium: 'info', high: 'bad' };

export const WO_STATUSES = ['open', 'in_progress', 'on_hold', 'complete', 'closed', 'cancelled'] as const satisfies readonly WorkOrder['status'][];
export const PRIORITIES = ['none', 'low', 'medium', 'high'] as const satisfies readonly WorkOrder['priority'][];
export const CRITICALITIES = ['low', 'medium', 'high'] as const satisfies readonly Asset['criticality'][];
export const ASSET_STATUSES = ['operational', 'down', 'retired'] as const satisfies readonly Asset['status'][];

export const WoStatus = ({ status }: { status: WorkOrder['status'] }) => (
  <Badge tone={WO_TONE[status]} testId="wo-status">
    {t(`cmms.status.${status}`)}
  </Badge>
);
export const AssetStatus = ({ status }: { status: Asset['status'] }) => (
  <Badge tone={ASSET_TONE[status]} testId="asset-status">
    {t(`cmms.assetStatus.${status}`)}
  </Badge>
);
export const Criticality = ({ level }: { level: Asset['criticality'] }) => <Badge tone={CRITICALITY_TONE[level]}>{t(`cmms.criticality.${level}`)}</Badge>;
export const Priority = ({ level }: { level: WorkOrder['priority'] }) => (level === 'none' ? null : <Badge tone={PRIORITY_TONE[level]}>{t(`cmms.priority.${level}`)}</Badge>);
export const Overdue = ({ wo }: { wo: Pick<WorkOrder, 'overdue'> }) =>
  wo.overdue ? (
    <Badge tone="bad" testId="wo-overdue">
      {t('cmms.wo.overdue')}
    </Badge>
  ) : null;

/** The badges of a work order in a list: status, priority, type, overdue. */
export function WoBadges({ wo }: { wo: WorkOrder }) {
  return (
    <span class="tags">
      <WoStatus status={wo.status} />
      <Priority level={wo.priority} />
      <Badge>{t(`cmms.type.${wo.type}`)}</Badge>
      <Overdue wo={wo} />
    </span>
  );
}

/** "Due 3 Mar 2027" or nothing. */
export const dueText = (wo: Pick<WorkOrder, 'dueAt'>) => (wo.dueAt ? t('cmms.wo.due', { date: formatDate(wo.dueAt) }) : '');

export function BackLink({ href, children }: { href: string; children: string }) {
  return (
    <p class="small">
      <a href={href}>
        <span aria-hidden="true">← </span>
        {children}
      </a>
    </p>
  );
}

/** Every page of a list (≤ 100 a page), up to `max` rows: for trees and pickers that need the whole set. */
export async function allPages<T>(load: (page: number) => Promise<{ data: T[]; meta: { totalPages: number } }>, max = 1000): Promise<T[]> {
  const first = await load(1);
  const out = [...first.data];
  for (let p = 2; p <= first.meta.totalPages && out.length < max; p++) out.push(...(await load(p)).data);
  return out;
}

export const loadLocations = () => allPages((page) => call(api.cmms.locations.$get({ query: { page: String(page), limit: '100', sortBy: 'name', sortOrder: 'asc' } })));
export const loadAssets = (query: { status?: string; criticality?: string; locationId?: string; search?: string } = {}) =>
  allPages((page) => call(api.cmms.assets.$get({ query: { page: String(page), limit: '100', sortBy: 'name', sortOrder: 'asc', ...query } })));
export const loadParts = () => allPages((page) => call(api.cmms.parts.$get({ query: { page: String(page), limit: '100', sortBy: 'name', sortOrder: 'asc' } })));

/** Locations in tree order, each with its depth (for indented pickers) and its path ("Plant › Hall A"). */
export function locationTree(locations: Location[]): { location: Location; depth: number; path: string }[] {
  const byParent = new Map<string | null, Location[]>();
  const ids = new Set(locations.map((l) => l.id));
  for (const l of locations) {
    const parent = l.parentId && ids.has(l.parentId) ? l.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), l]);
  }
  const out: { location: Location; depth: number; path: string }[] = [];
  const walk = (parent: string | null, depth: number, path: string) => {
    for (const l of byParent.get(parent) ?? []) {
      const here = path ? `${path} › ${l.name}` : l.name;
      out.push({ location: l, depth, path: here });
      walk(l.id, depth + 1, here);
    }
  };
  walk(null, 0, '');
  return out;
}

/** An option label indented by depth (non-breaking spaces: a select shows no padding). */
export const indent = (depth: number, name: string) => `${'\u00a0\u00a0'.repeat(depth)}${name}`;

/** The company's active members (assignee pickers and names) and its active partners (contractors). */
export function useDirectory() {
  const company = currentCompany.value?.id;
  const members = useAsync(
    () =>
      allPages((page) => call(api.employees.$get({ query: { page: String(page), limit: '100', status: 'active', sortBy: 'name', sortOrder: 'asc' } })), 500),
    [company],
  );
  const partners = useAsync(
    () =>
      allPages((page) => call(api.partnerships.$get({ query: { page: String(page), limit: '100', status: 'active' } })), 500).then((list) =>
        list.map((p) => ({ id: p.partner.id, name: p.partner.name })),
      ),
    [company],
  );
  const memberName = (id: string) => members.data?.find((m) => m.id === id)?.name ?? t('cmms.wo.formerMember');
  const partnerName = (id: string) => partners.data?.find((p) => p.id === id)?.name ?? t('cmms.wo.formerPartner');
  return { members, partners, memberName, partnerName };
}

/** Whether the signed-in user may act on a work order of their company: an admin, or one of its assignees. */
export const canWorkOn = (wo: Pick<WorkOrder, 'assigneeIds'>) => isManager.value || (currentUser.value ? wo.assigneeIds.includes(currentUser.value.id) : false);

/** The last live event, when it is one of these CMMS event families (`cmms.workorder.`, `cmms.pm.`…). */
export function cmmsEvent(...prefixes: string[]): RealtimeMessage | null {
  const ev = lastEvent.value;
  return ev && prefixes.some((p) => ev.type.startsWith(p)) ? ev : null;
}

// ── Money in minor units ──────────────────────────────────────────────────────────────────────────────────────────

/** How many decimals a currency has (2 for BRL, 0 for JPY); 2 for a code the runtime does not know. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}
/** Minor units → the amount a person types ("45.90"). */
export const toMajor = (minor: number, currency: string) => (minor / 10 ** currencyDigits(currency)).toFixed(currencyDigits(currency));
/** What a person typed ("45,90" or "45.90") → minor units; NaN when it is not an amount. */
export function toMinor(text: string, currency: string): number {
  const clean = text.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(clean)) return Number.NaN;
  return Math.round(Number(clean) * 10 ** currencyDigits(currency));
}
