import { and, eq } from 'drizzle-orm';
import type { Ctx } from '../../core/context';
import { enqueue, eventsOf } from '../../core/events/outbox';
import type { EventMessage } from '../../core/events/types';
import type { EventHandler, NotificationRule } from '../../core/module';
import { companyAdmins } from '../../core/tenancy/tenancy.queries';
import { alreadyProcessed, markProcessed } from '../../queue/idempotency';
import { nowIso } from '../../core/db/columns';
import type { WebhookMessage } from './webhooks.delivery';
import { endpointsFor } from './webhooks.queries';
import { webhookDue, webhookEndpoints } from './webhooks.table';

const chunks = <T>(list: T[], size: number) => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, i * size + size));

export const webhookEvents = eventsOf({
  'webhooks.endpoint.disabled': { audience: 'admins', description: 'An endpoint was disabled: it answered 410 Gone, or failed for 5 days (data.reason).' },
  'webhooks.test': { audience: 'admins', description: 'A test event, delivered only to the endpoint it was sent to.' },
});

const HANDLER = 'webhooks';

/**
 * Fans an event out to one queue message per subscribed endpoint (its company's, and partners' for shared events);
 * a test event goes to its own endpoint only.
 */
export const webhooksHandler: EventHandler = {
  name: HANDLER,
  matches: () => true,
  async handle({ event, partnerCompanyIds }: EventMessage, ctx: Ctx) {
    const { db } = ctx;
    if (await alreadyProcessed(db, HANDLER, event.id)) return;
    const endpoints =
      event.type === 'webhooks.test'
        ? await db
            .select({ id: webhookEndpoints.id })
            .from(webhookEndpoints)
            .where(and(eq(webhookEndpoints.id, String(event.data.endpointId)), eq(webhookEndpoints.companyId, event.companyId)))
        : await endpointsFor(db, [event.companyId, ...partnerCompanyIds], event.type);
    // What each endpoint owes is recorded with the processed marker, atomically; the queue messages only wake the
    // deliveries up (a lost one is woken again by the cron, see wakeOverdue).
    const now = nowIso();
    const due = endpoints.map((e) => ({ endpointId: e.id, eventId: event.id, companyId: event.companyId, nextAttemptAt: now, createdAt: now, updatedAt: now }));
    await db.batch([
      markProcessed(db, HANDLER, event.id),
      ...chunks(due, 10).map((rows) => db.insert(webhookDue).values(rows).onConflictDoNothing()),
    ]);
    await enqueue(ctx.env, due.map((d): WebhookMessage => ({ kind: 'webhook', endpointId: d.endpointId, eventId: d.eventId })));
  },
};

const s = (v: unknown) => (typeof v === 'string' ? v : '');

export const webhookNotifications = {
  'webhooks.endpoint.disabled': {
    to: (event, ctx) => companyAdmins(ctx.db, [event.companyId]),
    title: (d) => `Webhook endpoint disabled: ${s(d.url)}`,
    body: (d) =>
      d.reason === 'gone'
        ? 'The receiver answered 410 Gone. Fix it, then re-enable the endpoint under Webhooks.'
        : 'Deliveries failed for 5 days. Fix the receiver, then re-enable the endpoint and replay failed deliveries.',
    groupKey: (e) => `${e.type}:${s(e.data.endpointId)}`,
  },
} satisfies Record<string, NotificationRule>;
