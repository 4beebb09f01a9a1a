import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { auditColumns, idColumn, softDelete } from '../../core/db/columns';
import { companies } from '../../core/tenancy/tenancy.table';

export const webhookEndpoints = sqliteTable(
  'webhook_endpoints',
  {
    id: idColumn(),
    companyId: text()
      .notNull()
      .references(() => companies.id),
    url: text().notNull(),
    /** Event types, or ["*"] for all. */
    events: text({ mode: 'json' }).$type<string[]>().notNull(),
    description: text().notNull().default(''),
    headers: text({ mode: 'json' }).$type<Record<string, string>>().notNull(),
    /** `whsec_<base64>`; needed in clear to sign. The previous one keeps signing for 24 h after a rotation. */
    secret: text().notNull(),
    previousSecret: text(),
    previousSecretExpiresAt: text(),
    enabled: integer({ mode: 'boolean' }).notNull().default(true),
    disabledReason: text({ enum: ['gone', 'failing', 'manual'] }),
    /** Start of the current run of failures; cleared by any success. 5 days of failing disables the endpoint. */
    failingSince: text(),
    ...auditColumns,
    ...softDelete,
  },
  (t) => [index('webhook_endpoints_company_idx').on(t.companyId, t.createdAt)],
);

export const ERROR_KINDS = ['network', 'timeout', 'http', 'redirect', 'blocked', 'exhausted', 'interrupted'] as const;
export type DeliveryErrorKind = (typeof ERROR_KINDS)[number];

/**
 * One row per delivery attempt. The row is written before the request leaves (as `interrupted`, until the outcome
 * replaces it), so an attempt that reached a receiver is in the log even if the server stops right after.
 */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: idColumn(),
    endpointId: text()
      .notNull()
      .references(() => webhookEndpoints.id),
    companyId: text().notNull(),
    eventId: text().notNull(),
    eventType: text().notNull(),
    attempt: integer().notNull(),
    success: integer({ mode: 'boolean' }).notNull(),
    statusCode: integer(),
    durationMs: integer().notNull(),
    responseExcerpt: text(),
    error: text(),
    /** What went wrong, for people: network, timeout, http (non-2xx), redirect, blocked (SSRF guard), exhausted. */
    errorKind: text({ enum: ERROR_KINDS }),
    /** When the next attempt is due, if this one failed and another will follow. */
    nextRetryAt: text(),
    /** Set when this attempt came from a replay. */
    replay: integer({ mode: 'boolean' }).notNull().default(false),
    createdAt: text().notNull(),
  },
  (t) => [
    index('webhook_deliveries_endpoint_created_idx').on(t.endpointId, t.createdAt),
    index('webhook_deliveries_company_event_idx').on(t.companyId, t.eventId, t.createdAt),
    index('webhook_deliveries_created_idx').on(t.createdAt),
  ],
);

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

export const DUE_STATES = ['due', 'delivered', 'abandoned'] as const;

/**
 * What each endpoint still owes each event: the source of truth for deliveries (queue messages only wake them up).
 * The fan-out writes a `due` row in the same batch as its processed marker; an attempt moves it to `delivered`, keeps
 * it `due` with the next attempt's time, or `abandoned` (410, SSRF guard, disabled endpoint, retries exhausted). The
 * cron re-sends the wake-up of any row overdue by a couple of minutes: a delivery message lost by the queue (or a
 * server that stopped) delays a delivery, it never drops it.
 */
export const webhookDue = sqliteTable(
  'webhook_due',
  {
    endpointId: text().notNull(),
    eventId: text().notNull(),
    companyId: text().notNull(),
    state: text({ enum: DUE_STATES }).notNull().default('due'),
    /** Attempts made so far (the next one is attempts + 1). */
    attempts: integer().notNull().default(0),
    nextAttemptAt: text().notNull(),
    replay: integer({ mode: 'boolean' }).notNull().default(false),
    createdAt: text().notNull(),
    updatedAt: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.endpointId, t.eventId] }), index('webhook_due_overdue_idx').on(t.nextAttemptAt).where(sql`state = 'due'`)],
);

export type WebhookDueRow = typeof webhookDue.$inferSelect;
