import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
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

/** One row per delivery attempt. */
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
