import { count, desc, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../env';
import { badRequest } from '../errors';

/** At most this many words of a search are used. */
const MAX_WORDS = 12;

/**
 * Turns free text into a safe FTS5 expression: every word quoted, all required. Words under 2 characters are ignored
 * (they would match almost everything); 2-character words match exactly and longer ones as prefixes (a 1–2 letter
 * prefix expands over a large part of the index). Returns undefined when no word is left (the list is then not
 * filtered by text); text without any letter or digit is 400.
 */
export function ftsMatch(search: string): string | undefined {
  const words = search.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) throw badRequest('Invalid search: must contain letters or numbers', 'search');
  const usable = words.filter((w) => [...w].length >= 2).slice(0, MAX_WORDS);
  if (usable.length === 0) return undefined;
  return usable.map((w) => ([...w].length >= 3 ? `"${w}"*` : `"${w}"`)).join(' ');
}

/** A search counts its matches exactly up to this many past the caller's page; beyond, the total is estimated. */
export const SEARCH_COUNT_SLACK = 30;

/**
 * A search's total, counted exactly up to `sql.placeholder('cap')` matches (newest first, on the FTS index alone).
 * Past the cap it is estimated (see `searchTotal`) from how far back in time the counted matches reach: counting every
 * match of a broad search would read one row per match. `fts` is the FTS5 table (its rowid is `table`'s `seq`).
 */
export function searchCountQuery(db: Db, fts: { rowid: SQLiteColumn } & SQLiteTable, seq: SQLiteColumn, match: SQL) {
  const recent = db.select({ seq: fts.rowid }).from(fts).where(match).orderBy(desc(fts.rowid)).limit(sql.placeholder('cap')).as('recent');
  return db
    .select({
      n: count().as('n'),
      oldest: sql<number | null>`min(${recent.seq})`.as('oldest'),
      newest: sql<number | null>`(SELECT max(${seq}) FROM ${seq.table})`.as('newest'),
      first: sql<number | null>`(SELECT min(${seq}) FROM ${seq.table})`.as('first'),
    })
    .from(recent);
}

/** The total from `searchCountQuery`'s row: exact under the cap, else extrapolated over the table's time span. */
export function searchTotal(counted: Record<string, unknown> | undefined, cap: number): { total: number; estimated: boolean } {
  const [n, oldest, newest, first] = ['n', 'oldest', 'newest', 'first'].map((k) => Number(counted?.[k] ?? 0)) as [number, number, number, number];
  if (n < cap) return { total: n, estimated: false };
  const span = Math.max(1, newest - first + 1);
  const reached = Math.max(1, newest - oldest + 1);
  return { total: Math.max(n, Math.round((n * span) / reached)), estimated: true };
}
