import { getTableColumns, is, Param, SQL, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../core/env';

/**
 * `INSERT INTO table (every column) SELECT <row's values> WHERE <condition>`: a row written only if, inside the same
 * transaction, `condition` holds (e.g. "the schedule is still at the version this generation computed from"). Values
 * go through each column's driver mapping as in a plain insert; a value may be SQL (a scalar subquery). Columns the
 * row leaves out take their defaults.
 */
export function insertIf<T extends SQLiteTable>(db: Db, table: T, row: Partial<Record<keyof T['$inferInsert'], unknown>>, condition: SQL) {
  const values = Object.entries(getTableColumns(table))
    .filter(([, col]) => !(col as unknown as { shouldDisableInsert(): boolean }).shouldDisableInsert())
    .map(([key, col]) => {
      let v = (row as Record<string, unknown>)[key];
      if (v === undefined) v = col.defaultFn ? col.defaultFn() : col.default;
      if (v === undefined) return sql`NULL`;
      return is(v, SQL) ? sql`(${v})` : sql`${new Param(v, col)}`;
    });
  return db.insert(table).select(sql`SELECT ${sql.join(values, sql`, `)} WHERE ${condition}`);
}

/** "WO-0001" from a work order's per-company number. */
export const workOrderNumber = (n: number) => `WO-${String(n).padStart(4, '0')}`;

/** Adds `days` to an ISO instant (UTC), as an ISO string. */
export const addDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString();

/** An ISO instant `days` later, in SQL (same text format as toISOString, so stored instants compare as text). */
export const sqlAddDays = (instant: SQL | string, days: SQL) => sql`strftime('%Y-%m-%dT%H:%M:%fZ', ${instant}, (${days}) || ' days')`;
