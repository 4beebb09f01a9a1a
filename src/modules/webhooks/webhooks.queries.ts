import { and, desc, eq, gte, inArray, isNull, lt, lte, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../core/env';
import { countOf, orderOf, pageOf, windowOf, type PageQuery } from '../../core/db/page';
import type { Delivery, Endpoint } from './webhooks.schemas';
import { webhookDeliveries, webhookDue, webhookEndpoints, type WebhookDeliveryRow, type WebhookEndpointRow } from './webhooks.table';

/** The API shape of an endpoint: never its secret (shown only at creation and rotation). */
export const toEndpoint = (r: WebhookEndpointRow): Endpoint => ({
  id: r.id,
  url: r.url,
  events: r.events,
  description: r.description,
  headers: r.headers,
  enabled: r.enabled,
  disabledReason: r.disabledReason,
  failingSince: r.failingSince,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export const toDelivery = (r: WebhookDeliveryRow): Delivery => ({
  id: r.id,
  endpointId: r.endpointId,
  eventId: r.eventId,
  eventType: r.eventType,
  attempt: r.attempt,
  success: r.success,
  statusCode: r.statusCode,
  durationMs: r.durationMs,
  responseExcerpt: r.responseExcerpt,
  error: r.error,
  errorKind: r.errorKind,
  nextRetryAt: r.nextRetryAt,
  replay: r.replay,
  createdAt: r.createdAt,
});

const live = isNull(webhookEndpoints.deletedAt);

/** An endpoint of the caller's company (webhooks are company-scoped for everyone, staff included). */
export async function getEndpoint(db: Db, companyId: string, id: string) {
  const [row] = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.companyId, companyId), live))
    .limit(1);
  return row;
}

/** Unscoped by tenant on purpose: the queue consumer delivers for every company (named so it is not reused casually). */
export async function getEndpointForDelivery(db: Db, id: string) {
  const [row] = await db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.id, id), live)).limit(1);
  return row;
}

export async function listEndpoints(db: Db, companyId: string, q: PageQuery & { sortBy?: 'createdAt' | 'url' | undefined; enabled?: boolean | undefined }) {
  const where = and(eq(webhookEndpoints.companyId, companyId), live, q.enabled === undefined ? undefined : eq(webhookEndpoints.enabled, q.enabled));
  const order = orderOf(q, { createdAt: webhookEndpoints.createdAt, url: webhookEndpoints.url }, 'createdAt', webhookEndpoints.id);
  const page = await pageOf(db, windowOf(db.select().from(webhookEndpoints).where(where).orderBy(...order), q), countOf(db, webhookEndpoints, where));
  return { rows: page.rows.map(toEndpoint), total: page.total };
}

/**
 * Enabled endpoints of these companies (the event's own and its partners, however many) subscribed to `type` (or to
 * everything), in chunks that stay under D1's 100 bound parameters, each bounded by the per-company endpoint limit.
 */
export async function endpointsFor(db: Db, companyIds: string[], type: string, perCompany = 25) {
  const out: { id: string }[] = [];
  for (let i = 0; i < companyIds.length; i += 90) {
    const chunk = companyIds.slice(i, i + 90);
    out.push(
      ...(await db
        .select({ id: webhookEndpoints.id })
        .from(webhookEndpoints)
        .where(
          and(
            inArray(webhookEndpoints.companyId, chunk),
            live,
            eq(webhookEndpoints.enabled, true),
            sql`EXISTS (SELECT 1 FROM json_each(${webhookEndpoints.events}) WHERE json_each.value IN ('*', ${type}))`,
          ),
        )
        .limit(chunk.length * perCompany)),
    );
  }
  return out;
}

export async function listDeliveries(db: Db, where: SQL | undefined, q: PageQuery) {
  const [byTime] = orderOf(q, { createdAt: webhookDeliveries.createdAt }, 'createdAt', webhookDeliveries.id);
  const select = db.select().from(webhookDeliveries).where(where).orderBy(byTime!, desc(webhookDeliveries.attempt), webhookDeliveries.id);
  const page = await pageOf(db, windowOf(select, q), countOf(db, webhookDeliveries, where));
  return { rows: page.rows.map(toDelivery), total: page.total };
}

export const endpointDeliveries = (endpointId: string, opts: { eventId?: string | undefined; success?: boolean | undefined }) =>
  and(
    eq(webhookDeliveries.endpointId, endpointId),
    opts.eventId ? eq(webhookDeliveries.eventId, opts.eventId) : undefined,
    opts.success === undefined ? undefined : eq(webhookDeliveries.success, opts.success),
  );

export async function getDelivery(db: Db, endpointId: string, id: string) {
  const [row] = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.endpointId, endpointId)))
    .limit(1);
  return row;
}

/** Events whose deliveries to `endpointId` in the window failed and never succeeded since. */
export async function failedEventIds(db: Db, endpointId: string, since: string, until: string, max = 1000) {
  const rows = await db
    .selectDistinct({ eventId: webhookDeliveries.eventId })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.endpointId, endpointId),
        eq(webhookDeliveries.success, false),
        gte(webhookDeliveries.createdAt, since),
        lte(webhookDeliveries.createdAt, until),
        sql`NOT EXISTS (SELECT 1 FROM webhook_deliveries s WHERE s.endpoint_id = ${endpointId} AND s.event_id = ${webhookDeliveries.eventId} AND s.success = 1)`,
      ),
    )
    .limit(max);
  return rows.map((r) => r.eventId);
}

/** The delivery log and settled due rows are kept for 30 days. */
export async function pruneDeliveries(db: Db, now = Date.now()) {
  const cutoff = new Date(now - 30 * 24 * 3600 * 1000).toISOString();
  await db.batch([
    db.delete(webhookDeliveries).where(lt(webhookDeliveries.createdAt, cutoff)),
    db.delete(webhookDue).where(and(ne(webhookDue.state, 'due'), lt(webhookDue.updatedAt, cutoff))),
  ]);
}

export const secretsOf = (e: WebhookEndpointRow, now = Date.now()) =>
  e.previousSecret && e.previousSecretExpiresAt && Date.parse(e.previousSecretExpiresAt) > now ? [e.secret, e.previousSecret] : [e.secret];

