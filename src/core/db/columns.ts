import { text } from 'drizzle-orm/sqlite-core';

/** ISO-8601 UTC; stored as text so D1 rows and API bodies share one format and sort lexicographically. */
export const nowIso = () => new Date().toISOString();

export const idColumn = () => text().primaryKey().$defaultFn(() => crypto.randomUUID());

export const timestamps = {
  createdAt: text().notNull().$defaultFn(nowIso),
  updatedAt: text().notNull().$defaultFn(nowIso).$onUpdateFn(nowIso),
};

export const auditColumns = {
  ...timestamps,
  createdBy: text(),
  updatedBy: text(),
};

export const softDelete = { deletedAt: text() };

/** A JSON array of strings kept in a text column. */
export const stringArray = (name?: string) =>
  (name ? text(name, { mode: 'json' }) : text({ mode: 'json' })).$type<string[]>().notNull().$defaultFn(() => []);

/** Audit values for a new row written by `userId`. */
export const createdBy = (userId: string, now = nowIso()) => ({ createdAt: now, updatedAt: now, createdBy: userId, updatedBy: userId });

/** Audit values for a change made by `userId`. */
export const updatedBy = (userId: string, now = nowIso()) => ({ updatedAt: now, updatedBy: userId });
