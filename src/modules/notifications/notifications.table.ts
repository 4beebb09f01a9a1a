import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { idColumn, timestamps } from '../../core/db/columns';
import { users } from '../../core/tenancy/tenancy.table';

/**
 * A per-user inbox. Repeated events about one item while unread ("5 new applications to Technician") share one row
 * through `groupKey`: the partial unique index makes the upsert atomic.
 */
export const notifications = sqliteTable(
  'notifications',
  {
    id: idColumn(),
    userId: text()
      .notNull()
      .references(() => users.id),
    companyId: text().notNull(),
    type: text().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    data: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    groupKey: text().notNull(),
    count: integer().notNull().default(1),
    lastEventId: text().notNull(),
    readAt: text(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('notifications_unread_group_uq').on(t.userId, t.groupKey).where(sql`read_at IS NULL`),
    index('notifications_user_updated_idx').on(t.userId, t.updatedAt),
    index('notifications_user_unread_idx').on(t.userId, t.readAt, t.updatedAt),
  ],
);

export type NotificationRow = typeof notifications.$inferSelect;
