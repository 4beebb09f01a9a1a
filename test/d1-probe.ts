import { env } from 'cloudflare:workers';
import { createDb } from '../src/core/db/client';
import { instrumentD1, type D1Stats } from '../src/core/db/stats';

/** A statement as the app prepared and bound it. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * A D1 for measuring reads: it records every statement prepared and bound through it (to EXPLAIN them) and counts round
 * trips and rows read into `stats` (`instrumentD1`, the same counting the bench's Server-Timing uses).
 */
export function recordingD1(db: D1Database = env.DB) {
  const stats: D1Stats = { roundTrips: 0, rowsRead: 0, rowsWritten: 0 };
  const statements: Statement[] = [];
  const recording = new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') {
        return (q: string) => {
          const stmt = target.prepare(q);
          return new Proxy(stmt, {
            get(s, p) {
              if (p === 'bind') return (...args: unknown[]) => (statements.push({ sql: q, params: args }), s.bind(...args));
              const v = Reflect.get(s, p);
              return typeof v === 'function' ? v.bind(s) : v;
            },
          });
        };
      }
      const v = Reflect.get(target, prop);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  const d1 = instrumentD1(recording as D1Database, stats);
  return { d1, db: createDb(d1), stats, statements };
}

/** SQLite's plan for a recorded statement, one line per step. */
export const queryPlan = async (q: Statement) =>
  (await env.DB.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).bind(...q.params).all<{ detail: string }>()).results.map((r) => r.detail);
