import { and, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { authenticate, requirePermission } from '../../core/auth/middleware';
import { createdBy, nowIso, updatedBy } from '../../core/db/columns';
import { created, list, ok } from '../../core/envelope';
import { badRequest, conflict, notFound } from '../../core/errors';
import type { HonoEnv } from '../../core/env';
import { events } from '../../core/events/events.table';
import type { WebhookMessage } from '../../core/events/types';
import { pageMeta } from '../../core/list';
import { createRouter } from '../../core/router';
import { idParam, jsonBody, validate } from '../../core/validation';
import { checkWebhookUrl } from './ssrf';
import { newSecret } from './signing';
import { webhookDeliveries, webhookEndpoints } from './webhooks.table';
import {
  companyDeliveryQuery,
  deliveryListQuery,
  deliveryParams,
  endpointCreate,
  endpointListQuery,
  endpointPatch,
  replayFailedBody,
} from './webhooks.schemas';
import { endpointDeliveries, failedEventIds, getDelivery, getEndpoint, listDeliveries, listEndpoints, toDelivery, toEndpoint } from './webhooks.queries';


const ROTATION_GRACE_MS = 24 * 3600 * 1000;

/** The SSRF guard at registration: the same function runs again before every delivery. */
function assertDeliverable(env: Env, url: string) {
  const verdict = checkWebhookUrl(url, { allowLoopback: env.WEBHOOK_ALLOW_LOOPBACK === 'true' });
  if (!verdict.ok) throw badRequest(`url ${verdict.reason}`, 'url');
  return verdict.url.toString();
}

async function endpointOr404(c: Context<HonoEnv>, id: string) {
  const endpoint = await getEndpoint(c.var.db, c.var.user.companyId, id);
  if (!endpoint) throw notFound('Webhook endpoint');
  return endpoint;
}

async function enqueue(env: Env, messages: WebhookMessage[]) {
  for (let i = 0; i < messages.length; i += 100) {
    await env.EVENTS.sendBatch(messages.slice(i, i + 100).map((body) => ({ body, contentType: 'json' as const })));
  }
}

export const webhooksRoutes = createRouter()
  .use(authenticate, requirePermission('webhooks:manage'))
  .get('/', validate('query', endpointListQuery), async (c) => {
    const q = c.req.valid('query');
    const { rows, total } = await listEndpoints(c.var.db, c.var.user.companyId, q);
    return list(c, rows, pageMeta(total, q.page, q.limit));
  })
  .post('/', ...jsonBody(endpointCreate), async (c) => {
    const { db, user } = c.var;
    const body = c.req.valid('json');
    const url = assertDeliverable(c.env, body.url);
    const now = nowIso();
    const secret = newSecret();
    const [row] = await db
      .insert(webhookEndpoints)
      .values({ companyId: user.companyId, url, events: body.events, description: body.description, headers: body.headers, secret, ...createdBy(user.id, now) })
      .returning();
    return created(c, { ...toEndpoint(row!), secret });
  })
  // Deliveries of one event across the company's endpoints ("what happened to event X?").
  .get('/deliveries', validate('query', companyDeliveryQuery), async (c) => {
    const q = c.req.valid('query');
    const where = and(eq(webhookDeliveries.companyId, c.var.user.companyId), eq(webhookDeliveries.eventId, q.eventId));
    const { rows, total } = await listDeliveries(c.var.db, where, q);
    return list(c, rows, pageMeta(total, q.page, q.limit));
  })
  .get('/:id', idParam, async (c) => ok(c, toEndpoint(await endpointOr404(c, c.req.valid('param').id))))
  .patch('/:id', idParam, ...jsonBody(endpointPatch), async (c) => {
    const { db, user } = c.var;
    const endpoint = await endpointOr404(c, c.req.valid('param').id);
    const patch = c.req.valid('json');
    const url = patch.url !== undefined ? assertDeliverable(c.env, patch.url) : undefined;
    const reenable = patch.enabled === true && !endpoint.enabled;
    const [row] = await db
      .update(webhookEndpoints)
      .set({
        ...patch,
        ...(url ? { url } : {}),
        ...(reenable ? { disabledReason: null, failingSince: null } : {}),
        ...(patch.enabled === false ? { disabledReason: 'manual' } : {}),
        updatedAt: nowIso(),
        updatedBy: user.id,
      })
      .where(eq(webhookEndpoints.id, endpoint.id))
      .returning();
    return ok(c, toEndpoint(row!));
  })
  .delete('/:id', idParam, async (c) => {
    const { db, user } = c.var;
    const endpoint = await endpointOr404(c, c.req.valid('param').id);
    const now = nowIso();
    const [row] = await db
      .update(webhookEndpoints)
      .set({ deletedAt: now, enabled: false, updatedAt: now, updatedBy: user.id })
      .where(eq(webhookEndpoints.id, endpoint.id))
      .returning();
    return ok(c, toEndpoint(row!));
  })
  .post('/:id/rotate-secret', idParam, async (c) => {
    const { db, user } = c.var;
    const endpoint = await endpointOr404(c, c.req.valid('param').id);
    const secret = newSecret();
    const expires = new Date(Date.now() + ROTATION_GRACE_MS).toISOString();
    await db
      .update(webhookEndpoints)
      .set({ secret, previousSecret: endpoint.secret, previousSecretExpiresAt: expires, ...updatedBy(user.id) })
      .where(eq(webhookEndpoints.id, endpoint.id));
    return ok(c, { secret, previousSecretExpiresAt: expires });
  })
  .post('/:id/test', idParam, async (c) => {
    const { db, user } = c.var;
    const endpoint = await endpointOr404(c, c.req.valid('param').id);
    if (!endpoint.enabled) throw conflict('Enable the endpoint before sending a test event');
    const id = crypto.randomUUID();
    const now = nowIso();
    // Stored like any event (so it can be replayed) but marked sent: it goes to this endpoint only, not to the hub.
    await db.insert(events).values({
      id,
      type: 'webhooks.test',
      companyId: user.companyId,
      partnerCompanyIds: [],
      data: { endpointId: endpoint.id, message: 'This is a test event from Completo.', sentBy: user.id },
      createdAt: now,
      sentAt: now,
    });
    await enqueue(c.env, [{ kind: 'webhook', endpointId: endpoint.id, eventId: id }]);
    return ok(c, { eventId: id, eventType: 'webhooks.test', queued: true });
  })
  .get('/:id/deliveries', idParam, validate('query', deliveryListQuery), async (c) => {
    const endpoint = await endpointOr404(c, c.req.valid('param').id);
    const q = c.req.valid('query');
    const { rows, total } = await listDeliveries(c.var.db, endpointDeliveries(endpoint.id, q), q);
    return list(c, rows, pageMeta(total, q.page, q.limit));
  })
  .post('/:id/deliveries/:deliveryId/replay', validate('param', deliveryParams), async (c) => {
    const params = c.req.valid('param');
    const endpoint = await endpointOr404(c, params.id);
    const delivery = await getDelivery(c.var.db, endpoint.id, params.deliveryId);
    if (!delivery) throw notFound('Delivery');
    if (!endpoint.enabled) throw conflict('Enable the endpoint before replaying to it');
    await enqueue(c.env, [{ kind: 'webhook', endpointId: endpoint.id, eventId: delivery.eventId, replay: true }]);
    return ok(c, { ...toDelivery(delivery), replayQueued: true });
  })
  .post('/:id/replay-failed', idParam, ...jsonBody(replayFailedBody), async (c) => {
    const endpoint = await endpointOr404(c, c.req.valid('param').id);
    if (!endpoint.enabled) throw conflict('Enable the endpoint before replaying to it');
    const { since, until } = c.req.valid('json');
    const eventIds = await failedEventIds(c.var.db, endpoint.id, since, until ?? nowIso());
    await enqueue(c.env, eventIds.map((eventId) => ({ kind: 'webhook', endpointId: endpoint.id, eventId, replay: true })));
    return ok(c, { queued: eventIds.length, eventIds });
  });
