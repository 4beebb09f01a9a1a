import { sql } from 'drizzle-orm';
import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { auditColumns, idColumn } from '../../core/db/columns';
import { companies } from '../companies/companies.table';

export const PARTNERSHIP_STATUSES = ['pending', 'active', 'declined', 'ended'] as const;
export type PartnershipStatus = (typeof PARTNERSHIP_STATUSES)[number];

export const partnerships = sqliteTable(
  'partnerships',
  {
    id: idColumn(),
    requesterCompanyId: text()
      .notNull()
      .references(() => companies.id),
    targetCompanyId: text()
      .notNull()
      .references(() => companies.id),
    /** The two company ids sorted and joined, so "A–B" and "B–A" are the same pair. */
    pairKey: text().notNull(),
    status: text({ enum: PARTNERSHIP_STATUSES }).notNull().default('pending'),
    respondedAt: text(),
    endedAt: text(),
    ...auditColumns,
  },
  (t) => [
    // The database itself guarantees at most one pending-or-active partnership per pair, even under races.
    uniqueIndex('partnerships_open_pair_uq').on(t.pairKey).where(sql`${t.status} IN ('pending', 'active')`),
    index('partnerships_requester_status_idx').on(t.requesterCompanyId, t.status),
    index('partnerships_target_status_idx').on(t.targetCompanyId, t.status),
  ],
);

export type PartnershipRow = typeof partnerships.$inferSelect;
