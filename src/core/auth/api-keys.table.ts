import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { idColumn } from '../db/columns';
import { companies } from '../tenancy/tenancy.table';

/**
 * API keys: a company's credentials for integrations and AI assistants. Kept in core because every request's
 * authentication reads them; the apiKeys module manages them. The key itself is never stored, only its keyed hash.
 */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: idColumn(),
    companyId: text()
      .notNull()
      .references(() => companies.id),
    name: text().notNull(),
    scopes: text({ mode: 'json' }).$type<string[]>().notNull(),
    /** The key's first 8 characters, to recognise it in lists. */
    prefix: text().notNull(),
    keyHash: text().notNull().unique(),
    expiresAt: text(),
    revokedAt: text(),
    lastUsedAt: text(),
    createdAt: text().notNull(),
    createdBy: text().notNull(),
  },
  (t) => [index('api_keys_company_created_idx').on(t.companyId, t.createdAt)],
);

export type ApiKeyRow = typeof apiKeys.$inferSelect;
