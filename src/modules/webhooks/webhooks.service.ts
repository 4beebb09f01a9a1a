import { and, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { Caller } from '../../core/auth/caller';
import type { Ctx } from '../../core/context';
import { createdBy, nowIso, updatedBy } from '../../core/db/columns';
import { badRequest, conflict, notFound } from '../../core/errors';
import { insertWithinLimit } from '../../core/db/limits';
import { commit, enqueue } from '../../core/events/outbox';
import { checkWebhookUrl } from './ssrf';
import { newSecret } from './signing';
import type { WebhookMessage } from './webhooks.delivery';
import { webhookEvents } from './webhooks.events';
import { endpointDeliveries, failedEventIds, getDelivery, getEndpoint, listDeliveries, listEndpoints, toDelivery, toEndpoint } from './webhooks.queries';
import type { companyDeliveryQuery, deliveryListQuery, endpointCreate, endpointListQuery, endpointPatch, replayFailedBody } from './webhooks.schemas';
import { webhookDeliveries, webhookDue, webhookEndpoints } from './webhooks.table';

const ROTATION_GRACE_MS = 24 * 3600 * 1000;
/** Endpoints per company: enough for any integration, and a bound on how many receivers one event can reach. */
export const MAX_ENDPOINTS = 25;

/** The SSRF guard at registration: the same function runs again before every delivery. */
function assertDeliverable(ctx: Ctx, url: string) {
  const verdict = checkWebhookUrl(url, { allowLoopback: ctx.config.WEBHOOK_ALLOW_LOOPBACK });
  if (!verdict.ok) throw badRequest(`url ${verdict.reason}`, 'url');
  return verdict.url.toString();
}

/** Subscriptions name events the modules declare (webhooks get every event of their company, whatever its audience). */
function assertKnownEvents(ctx: Ctx, list: string[] | undefined) {
  const unknown = (list ?? []).filter((e) => e !== '*' && !ctx.registry.events.has(e));
  if (unknown.length) throw badRequest(`Invalid events: unknown event types: ${unknown.join(', ')}`, 'events');
}

/** Webhooks are company-scoped for everyone, staff included: an endpoint of another company is 404. */
async function endpointOr404(ctx: Ctx, caller: Caller, id: string) {
  const endpoint = await getEndpoint(ctx.db, caller.companyId, id);
  if (!endpoint) throw notFound('Webhook endpoint');
  return endpoint;
}

/**
 * Owes the events to the endpoint again (due, attempts from zero, marked as replays) and wakes the deliveries; they
 * keep the event id as `webhook-id`.
 */
async function replayEvents(ctx: Ctx, endpoint: { id: string; companyId: string }, eventIds: string[]) {
  const now = nowIso();
  for (let i = 0; i < eventIds.length; i += 10) {
    const rows = eventIds.slice(i, i + 10).map((eventId) => ({ endpointId: endpoint.id, eventId, companyId: endpoint.companyId, state: 'due' as const, attempts: 0, replay: true, nextAttemptAt: now, createdAt: now, updatedAt: now }));
    await ctx.db
      .insert(webhookDue)
      .values(rows)
      .onConflictDoUpdate({
        target: [webhookDue.endpointId, webhookDue.eventId],
        set: { state: 'due', attempts: 0, replay: true, nextAttemptAt: now, updatedAt: now },
      });
  }
  await enqueue(ctx.env, eventIds.map((eventId): WebhookMessage => ({ kind: 'webhook', endpointId: endpoint.id, eventId })));
}

export const eventTypes = (ctx: Ctx) =>
  [...ctx.registry.events].map(([type, spec]) => ({ type, module: spec.module, audience: spec.audience, description: spec.description }));

export const list = (ctx: Ctx, caller: Caller, q: z.output<typeof endpointListQuery>) => listEndpoints(ctx.db, caller.companyId, q);

export const get = async (ctx: Ctx, caller: Caller, id: string) => toEndpoint(await endpointOr404(ctx, caller, id));

export async function create(ctx: Ctx, caller: Caller, body: z.output<typeof endpointCreate>) {
  const url = assertDeliverable(ctx, body.url);
  assertKnownEvents(ctx, body.events);
  const secret = newSecret();
  const id = crypto.randomUUID();
  const row = await insertWithinLimit(
    ctx.db,
    ctx.db
      .insert(webhookEndpoints)
      .values({ id, companyId: caller.companyId, url, events: body.events, description: body.description, headers: body.headers, secret, ...createdBy(caller.id) })
      .returning(),
    { table: webhookEndpoints, id: webhookEndpoints.id, value: id },
    and(eq(webhookEndpoints.companyId, caller.companyId), isNull(webhookEndpoints.deletedAt))!,
    MAX_ENDPOINTS,
    `A company can have at most ${MAX_ENDPOINTS} webhook endpoints; delete one first`,
  );
  return { ...toEndpoint(row), secret };
}

export async function update(ctx: Ctx, caller: Caller, id: string, patch: z.output<typeof endpointPatch>) {
  const endpoint = await endpointOr404(ctx, caller, id);
  const url = patch.url !== undefined ? assertDeliverable(ctx, patch.url) : undefined;
  assertKnownEvents(ctx, patch.events);
  const reenable = patch.enabled === true && !endpoint.enabled;
  const [row] = await ctx.db
    .update(webhookEndpoints)
    .set({
      ...patch,
      ...(url ? { url } : {}),
      ...(reenable ? { disabledReason: null, failingSince: null } : {}),
      ...(patch.enabled === false ? { disabledReason: 'manual' as const } : {}),
      ...updatedBy(caller.id),
    })
    .where(eq(webhookEndpoints.id, endpoint.id))
    .returning();
  return toEndpoint(row!);
}

export async function remove(ctx: Ctx, caller: Caller, id: string) {
  const endpoint = await endpointOr404(ctx, caller, id);
  const now = nowIso();
  const [row] = await ctx.db
    .update(webhookEndpoints)
    .set({ deletedAt: now, enabled: false, ...updatedBy(caller.id, now) })
    .where(eq(webhookEndpoints.id, endpoint.id))
    .returning();
  return toEndpoint(row!);
}

export async function rotateSecret(ctx: Ctx, caller: Caller, id: string) {
  const endpoint = await endpointOr404(ctx, caller, id);
  const secret = newSecret();
  const expires = new Date(Date.now() + ROTATION_GRACE_MS).toISOString();
  await ctx.db
    .update(webhookEndpoints)
    .set({ secret, previousSecret: endpoint.secret, previousSecretExpiresAt: expires, ...updatedBy(caller.id) })
    .where(eq(webhookEndpoints.id, endpoint.id));
  return { secret, previousSecretExpiresAt: expires };
}

/** A `webhooks.test` event through the outbox like any other; the fan-out sends it to this endpoint only. */
export async function sendTest(ctx: Ctx, caller: Caller, id: string) {
  const endpoint = await endpointOr404(ctx, caller, id);
  if (!endpoint.enabled) throw conflict('Enable the endpoint before sending a test event');
  const ev = webhookEvents.event('webhooks.test', caller.companyId, { endpointId: endpoint.id, message: 'This is a test event from Completo.', sentBy: caller.id });
  await commit(ctx, [], [ev]);
  return { eventId: ev.envelope.id, eventType: 'webhooks.test' as const, queued: true as const };
}

export async function endpointDeliveryLog(ctx: Ctx, caller: Caller, id: string, q: z.output<typeof deliveryListQuery>) {
  const endpoint = await endpointOr404(ctx, caller, id);
  return listDeliveries(ctx.db, endpointDeliveries(endpoint.id, q), q);
}

/** Deliveries of one event across the company's endpoints ("what happened to event X?"). */
export const eventDeliveryLog = (ctx: Ctx, caller: Caller, q: z.output<typeof companyDeliveryQuery>) =>
  listDeliveries(ctx.db, and(eq(webhookDeliveries.companyId, caller.companyId), eq(webhookDeliveries.eventId, q.eventId)), q);

/** Sends a delivery's event again with the same `webhook-id`. */
export async function replay(ctx: Ctx, caller: Caller, id: string, deliveryId: string) {
  const endpoint = await endpointOr404(ctx, caller, id);
  const delivery = await getDelivery(ctx.db, endpoint.id, deliveryId);
  if (!delivery) throw notFound('Delivery');
  if (!endpoint.enabled) throw conflict('Enable the endpoint before replaying to it');
  await replayEvents(ctx, endpoint, [delivery.eventId]);
  return { ...toDelivery(delivery), replayQueued: true as const };
}

/** Replays every event whose deliveries to this endpoint failed in a time range (and never succeeded since). */
export async function replayFailed(ctx: Ctx, caller: Caller, id: string, { since, until }: z.output<typeof replayFailedBody>) {
  const endpoint = await endpointOr404(ctx, caller, id);
  if (!endpoint.enabled) throw conflict('Enable the endpoint before replaying to it');
  const eventIds = await failedEventIds(ctx.db, endpoint.id, since, until ?? nowIso());
  await replayEvents(ctx, endpoint, eventIds);
  return { queued: eventIds.length, eventIds };
}
