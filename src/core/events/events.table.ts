import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { Audience } from './types';

/**
 * The transactional outbox: an event row is written in the same batch as the state change it describes, then sent to
 * the Queue. An event is done when its consumers processed it (`processedAt`), not when the Queue accepted it
 * (`sentAt`): the cron re-sends any event not processed within a few minutes, however it was lost, until it is
 * processed or dead-lettered (`deadAt`).
 */
export const events = sqliteTable(
  'events',
  {
    id: text().primaryKey(),
    type: text().notNull(),
    companyId: text().notNull(),
    /** Partner companies that must also hear this event, decided when it was published. */
    partnerCompanyIds: text({ mode: 'json' }).$type<string[]>().notNull(),
    /** Who may receive it on sockets and in notifications (see Audience). */
    audience: text({ mode: 'json' }).$type<Audience>().notNull().default({ kind: 'company' }),
    data: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    createdAt: text().notNull(),
    sentAt: text(),
    sendAttempts: integer().notNull().default(0),
    processedAt: text(),
    deadAt: text(),
  },
  (t) => [
    index('events_unsent_idx').on(t.sentAt, t.createdAt),
    index('events_company_time_idx').on(t.companyId, t.createdAt),
    index('events_unprocessed_idx').on(t.createdAt).where(sql`processed_at IS NULL AND dead_at IS NULL`),
    index('events_dead_idx').on(t.deadAt).where(sql`dead_at IS NOT NULL`),
  ],
);
