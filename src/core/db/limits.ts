import { and, count, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../env';
import { conflict } from '../errors';

export interface LimitedRow {
  table: SQLiteTable;
  id: SQLiteColumn;
  value: string;
}

/**
 * The statement that enforces a per-scope limit on a row just inserted in the same batch: it deletes that row again if
 * `scope` now holds more than `max` rows (and returns it). In one transaction with the insert, concurrent inserts can
 * never overflow the limit (at worst a racing one is refused too). Statements after it that depend on the row (events
 * through `when`, audit through `auditInsertIf`) see whether it survived.
 */
export const overflowDelete = (db: Db, row: LimitedRow, scope: SQL, max: number) =>
  db
    .delete(row.table)
    .where(and(eq(row.id, row.value), gt(sql`(${db.select({ n: count() }).from(row.table).where(scope)})`, max)))
    .returning({ id: row.id });

/** Inserts a row only while `scope` holds at most `max` rows; 409 with `message` when refused. */
export async function insertWithinLimit<R>(
  db: Db,
  insert: BatchItem<'sqlite'> & { _: { result: R[] } },
  row: LimitedRow,
  scope: SQL,
  max: number,
  message: string,
): Promise<R> {
  const [inserted, removed] = (await db.batch([insert, overflowDelete(db, row, scope, max)])) as [R[], unknown[]];
  if (removed.length > 0 || !inserted[0]) throw conflict(message);
  return inserted[0];
}
