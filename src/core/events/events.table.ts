import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { Audience } from './types';

/**
 * The transactional outbox: an event row is written in the same batch as the state change it describes, then sent to
 * the Queue; `sentAt` is set once the Queue accepted it, and the cron trigger re-sends rows left unsent.
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
  },
  (t) => [index('events_unsent_idx').on(t.sentAt, t.createdAt), index('events_company_time_idx').on(t.companyId, t.createdAt)],
);
