import { and, count, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../env';
import { conflict } from '../errors';

/**
 * Inserts a row only while `scope` holds at most `max` rows (e.g. 25 webhook endpoints per company). The insert and
 * a delete of that same row if the count then exceeds `max` run in one transaction, so concurrent inserts can never
 * overflow the limit (at worst a racing one is refused too). Throws 409 with `message` when refused.
 */
export async function insertWithinLimit<R>(
  db: Db,
  insert: BatchItem<'sqlite'> & { _: { result: R[] } },
  row: { table: SQLiteTable; id: SQLiteColumn; value: string },
  scope: SQL,
  max: number,
  message: string,
): Promise<R> {
  const overflow = db
    .delete(row.table)
    .where(and(eq(row.id, row.value), gt(sql`(${db.select({ n: count() }).from(row.table).where(scope)})`, max)))
    .returning({ id: row.id });
  const [inserted, removed] = (await db.batch([insert, overflow])) as [R[], unknown[]];
  if (removed.length > 0 || !inserted[0]) throw conflict(message);
  return inserted[0];
}
