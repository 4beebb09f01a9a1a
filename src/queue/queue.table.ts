import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Which handler already applied which event: at-least-once delivery becomes exactly-once effects. */
export const processedEvents = sqliteTable(
  'processed_events',
  {
    handler: text().notNull(),
    eventId: text().notNull(),
    processedAt: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.handler, t.eventId] }), index('processed_events_time_idx').on(t.processedAt)],
);

/** Messages that exhausted their retries, kept for operators to inspect and re-drive. */
export const deadLetters = sqliteTable(
  'dead_letters',
  {
    id: text().primaryKey(),
    queue: text().notNull(),
    messageId: text().notNull(),
    body: text({ mode: 'json' }).$type<unknown>().notNull(),
    eventId: text(),
    eventType: text(),
    attempts: integer().notNull(),
    createdAt: text().notNull(),
    redrivenAt: text(),
    redrivenBy: text(),
  },
  (t) => [index('dead_letters_created_idx').on(t.createdAt), index('dead_letters_event_idx').on(t.eventId)],
);

export type DeadLetterRow = typeof deadLetters.$inferSelect;
