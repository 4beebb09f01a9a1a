/**
 * Dev/bench-only D1 accounting (enabled by D1_STATS=true): counts round trips and sums `meta.rows_read` /
 * `rows_written` per request, reported in a `Server-Timing` header. `raw()` returns no meta, so while measuring it is
 * served through `all()` and reshaped into arrays (fine here: every multi-column name in our joins is aliased).
 */
export interface D1Stats {
  roundTrips: number;
  rowsRead: number;
  rowsWritten: number;
  /** Rows read by each statement, in order (to see where a request's reads go). */
  perStatement?: number[];
}

const add = (stats: D1Stats, meta: D1Meta | undefined) => {
  stats.rowsRead += meta?.rows_read ?? 0;
  stats.rowsWritten += meta?.rows_written ?? 0;
  (stats.perStatement ??= []).push(meta?.rows_read ?? 0);
};

function instrumentStatement(stmt: D1PreparedStatement, stats: D1Stats): D1PreparedStatement {
  return new Proxy(stmt, {
    get(target, prop) {
      if (prop === '__target') return target;
      if (prop === 'bind') return (...args: unknown[]) => instrumentStatement(target.bind(...args), stats);
      if (prop === 'all' || prop === 'run') {
        return async () => {
          stats.roundTrips++;
          const res = await (target[prop] as () => Promise<D1Result>)();
          add(stats, res.meta);
          return res;
        };
      }
      if (prop === 'first') {
        return async (col?: string) => {
          stats.roundTrips++;
          const res = await target.all<Record<string, unknown>>();
          add(stats, res.meta);
          const row = res.results[0];
          return row === undefined ? null : col ? row[col] : row;
        };
      }
      if (prop === 'raw') {
        return async () => {
          stats.roundTrips++;
          const res = await target.all<Record<string, unknown>>();
          add(stats, res.meta);
          return res.results.map((r) => Object.values(r));
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Wraps a D1 binding so every statement and batch is counted into `stats`. */
export function instrumentD1(db: D1Database, stats: D1Stats): D1Database {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => instrumentStatement(target.prepare(sql), stats);
      if (prop === 'batch') {
        return async (statements: D1PreparedStatement[]) => {
          stats.roundTrips++;
          // Unwrap our proxies: the runtime's batch needs its own statement objects.
          const results = await target.batch(statements.map((s) => (s as unknown as { __target?: D1PreparedStatement }).__target ?? s));
          for (const r of results) add(stats, r.meta);
          return results;
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
