import { asc, count, desc, or, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../env';

/** The list parameters every list route accepts (see `listQuery`). */
export interface PageQuery {
  page: number;
  limit: number;
  sortBy?: string | undefined;
  sortOrder: 'asc' | 'desc';
}

export const offsetOf = (q: { page: number; limit: number }) => (q.page - 1) * q.limit;

/**
 * ORDER BY for a list: the chosen sort column (`columns[q.sortBy]`, else `columns[fallback]`) in the requested
 * direction, then `tieBreak` ascending so that pages never overlap or skip rows with equal sort values.
 */
export function orderOf<K extends string>(q: { sortBy?: K | undefined; sortOrder: 'asc' | 'desc' }, columns: Record<K, SQLiteColumn | SQL>, fallback: K, tieBreak: SQLiteColumn): SQL[] {
  const column = columns[q.sortBy ?? fallback];
  return [q.sortOrder === 'asc' ? asc(column) : desc(column), asc(tieBreak)];
}

/** Applies the page window (LIMIT/OFFSET) of `q` to a select. */
export const windowOf = <S extends { limit(n: number): { offset(n: number): unknown } }>(select: S, q: { page: number; limit: number }) =>
  select.limit(q.limit).offset(offsetOf(q)) as ReturnType<ReturnType<S['limit']>['offset']>;

/** `SELECT count(*) AS n FROM table WHERE …`, the usual total of a page. */
export const countOf = (db: Db, table: SQLiteTable, where: SQL | undefined) => db.select({ n: count() }).from(table).where(where);

type CountItem = BatchItem<'sqlite'> & { _: { result: { n: number }[] } };

/**
 * A page and its total in one D1 round trip (`db.batch`). `page` is the complete select (see `windowOf`), `total`
 * a count (see `countOf`); `extra` are more statements of the same round trip whose results come back in `more`.
 */
export async function pageOf<P extends BatchItem<'sqlite'>, E extends BatchItem<'sqlite'>[] = []>(
  db: Db,
  page: P,
  total: CountItem,
  ...extra: E
): Promise<{ rows: P['_']['result']; total: number; more: { [K in keyof E]: E[K]['_']['result'] } }> {
  const [rows, counted, ...more] = (await db.batch([page, total, ...extra])) as unknown as [P['_']['result'], { n: number }[], ...unknown[]];
  return { rows, total: counted[0]?.n ?? 0, more: more as { [K in keyof E]: E[K]['_']['result'] } };
}

/** A LIKE pattern matching `text` anywhere, with `%`, `_` and `\` taken literally (used with `ESCAPE '\'`). */
export const containsPattern = (text: string) => `%${text.replace(/[%_\\]/g, (ch) => `\\${ch}`)}%`;

/**
 * Any of `columns` contains `text` (case-insensitive for ASCII, as SQLite's LIKE); undefined when there is no text or
 * it is under 2 characters (ignored, as the search rule for every list says: one letter would match nearly all).
 */
export function containsText(columns: (SQLiteColumn | SQL)[], text: string | undefined): SQL | undefined {
  if (!text || [...text.trim()].length < 2) return undefined;
  const pattern = containsPattern(text);
  return or(...columns.map((c) => sql`${c} LIKE ${pattern} ESCAPE '\\'`));
}
