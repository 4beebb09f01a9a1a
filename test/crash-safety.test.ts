import { env } from 'cloudflare:workers';
import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult } from 'cloudflare:test';
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import worker from '../src/index';
import { createCtx } from '../src/core/context';
import { events } from '../src/core/events/events.table';
import { commit } from '../src/core/events/outbox';
import { registry } from '../src/modules';
import { partnershipEvents } from '../src/modules/partnerships/partnerships.events';
import { webhooksHandler } from '../src/modules/webhooks/webhooks.events';
import { webhookDeliveries, webhookDue } from '../src/modules/webhooks/webhooks.table';
import { notifications } from '../src/modules/notifications/notifications.table';
import { addStaff, call, db, expectError, registerCompany } from './helpers';

afterEach(() => vi.restoreAllMocks());

/** A queue that accepts messages and loses them (a local queue at a restart, a purge, a consumer that acked early). */
const losingQueue = () => ({ ...env, EVENTS: { sendBatch: async () => undefined, send: async () => undefined } }) as unknown as Env;

async function withLosingQueue(run: (ctx: ReturnType<typeof createCtx>) => Promise<unknown>) {
  const deferred: Promise<unknown>[] = [];
  await run(createCtx(losingQueue(), registry, (p) => deferred.push(p)));
  await Promise.all(deferred);
}

const cron = () => worker.scheduled(createScheduledController(), env, createExecutionContext());
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

function mockFetch(respond: () => Response = () => new Response('ok')) {
  const seen: { url: string; id: string | null }[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    seen.push({ url: String(input instanceof Request ? input.url : input), id: new Headers(init?.headers).get('webhook-id') });
    return respond();
  });
  return seen;
}

async function endpoint(token: string) {
  const res = await call('POST', '/api/v1/webhooks', { token, body: { url: 'https://hooks.example.com/crash', events: ['*'] } });
  expect(res.status).toBe(201);
  return res.body.data.id as string;
}

describe('an event is done when its consumers processed it', () => {
  it('marks events processed by the consumer, not when the queue accepted them', async () => {
    const a = await registerCompany();
    const b = await registerCompany();
    const invite = await call('POST', '/api/v1/partnerships', { token: a.admin.token, body: { companyId: b.company.id } });
    expect(invite.status).toBe(201);
    await vi.waitFor(async () => {
      const [row] = await db().select().from(events).where(and(eq(events.companyId, a.company.id), eq(events.type, 'partnerships.invite.sent')));
      expect(row!.sentAt).not.toBeNull();
      expect(row!.processedAt).not.toBeNull();
    }, { timeout: 8000 });
  });

  it('re-sends an event the queue lost after accepting it, and its notification still arrives', async () => {
    const a = await registerCompany();
    const b = await registerCompany();
    const ev = partnershipEvents.event('partnerships.invite.sent', a.company.id, { partnershipId: crypto.randomUUID(), requesterCompanyId: a.company.id, targetCompanyId: b.company.id }, { partners: [b.company.id] });
    await withLosingQueue((ctx) => commit(ctx, [], [ev]));
    const stored = async () => (await db().select().from(events).where(eq(events.id, ev.envelope.id)))[0]!;
    expect((await stored()).sentAt).not.toBeNull(); // the queue said yes …
    expect((await stored()).processedAt).toBeNull(); // … but nothing consumed it
    await cron(); // too recent: left alone
    expect((await stored()).sendAttempts).toBe(1);
    await db().update(events).set({ createdAt: minutesAgo(5), sentAt: minutesAgo(5) }).where(eq(events.id, ev.envelope.id));
    await cron();
    expect((await stored()).sendAttempts).toBe(2);
    await vi.waitFor(async () => expect((await stored()).processedAt).not.toBeNull(), { timeout: 8000 });
    const inbox = await db().select().from(notifications).where(eq(notifications.userId, b.admin.user.id));
    expect(inbox.map((n) => n.lastEventId)).toContain(ev.envelope.id);
  });

  it('gives up on an event after 10 sends and marks it dead; a dead-lettered event is marked dead and re-driving revives it', async () => {
    const a = await registerCompany();
    const ev = partnershipEvents.event('partnerships.partnership.ended', a.company.id, { partnershipId: crypto.randomUUID(), requesterCompanyId: a.company.id, targetCompanyId: a.company.id });
    await withLosingQueue((ctx) => commit(ctx, [], [ev]));
    await db().update(events).set({ createdAt: minutesAgo(5), sentAt: minutesAgo(5), sendAttempts: 10 }).where(eq(events.id, ev.envelope.id));
    await cron();
    expect((await db().select().from(events).where(eq(events.id, ev.envelope.id)))[0]!.deadAt).not.toBeNull();

    const staff = await addStaff('admin');
    const other = partnershipEvents.event('partnerships.partnership.ended', a.company.id, { partnershipId: crypto.randomUUID(), requesterCompanyId: a.company.id, targetCompanyId: a.company.id });
    await withLosingQueue((ctx) => commit(ctx, [], [other]));
    const message = { kind: 'event', event: other.envelope, partnerCompanyIds: [], audience: other.audience };
    const batch = createMessageBatch('completo-events-dlq', [{ id: `dlq-${crypto.randomUUID()}`, timestamp: new Date(), attempts: 1, body: message }]);
    const ctx = createExecutionContext();
    await worker.queue(batch as MessageBatch, env, ctx);
    await getQueueResult(batch, ctx);
    expect((await db().select().from(events).where(eq(events.id, other.envelope.id)))[0]!.deadAt).not.toBeNull();
    const letters = await call('GET', '/api/v1/admin/dead-letters?redriven=false&limit=100', { token: staff.token });
    const letter = letters.body.data.find((d: { eventId: string }) => d.eventId === other.envelope.id);
    expect((await call('POST', `/api/v1/admin/dead-letters/${letter.id}/redrive`, { token: staff.token })).status).toBe(200);
    await vi.waitFor(async () => expect((await db().select().from(events).where(eq(events.id, other.envelope.id)))[0]!.processedAt).not.toBeNull(), { timeout: 8000 });
  });
});

describe('a webhook delivery is owed until it is delivered', () => {
  it('wakes a delivery whose queue message was lost after the fan-out, with the same webhook-id', async () => {
    const t = await registerCompany();
    const endpointId = await endpoint(t.admin.token);
    const eventId = crypto.randomUUID();
    const now = new Date().toISOString();
    await db().insert(events).values({ id: eventId, type: 'jobs.job.created', companyId: t.company.id, partnerCompanyIds: [], data: { jobId: 'j' }, createdAt: now, sentAt: now, processedAt: now });
    const seen = mockFetch();
    const message = { kind: 'event' as const, event: { id: eventId, type: 'jobs.job.created', time: now, companyId: t.company.id, data: {} }, partnerCompanyIds: [], audience: { kind: 'company' as const } };
    await withLosingQueue((ctx) => webhooksHandler.handle(message, ctx));
    const due = async () => (await db().select().from(webhookDue).where(and(eq(webhookDue.endpointId, endpointId), eq(webhookDue.eventId, eventId))))[0]!;
    expect(await due()).toMatchObject({ state: 'due', attempts: 0 });
    await cron(); // not overdue yet
    expect(seen).toHaveLength(0);
    await db().update(webhookDue).set({ nextAttemptAt: minutesAgo(5) }).where(eq(webhookDue.eventId, eventId));
    await cron();
    await vi.waitFor(() => expect(seen.filter((s) => s.id === eventId)).toHaveLength(1), { timeout: 8000 });
    await vi.waitFor(async () => expect(await due()).toMatchObject({ state: 'delivered', attempts: 1 }), { timeout: 5000 });
    // A duplicate wake-up of a delivered pair delivers nothing.
    const batch = createMessageBatch('completo-events', [{ id: `wh-${crypto.randomUUID()}`, timestamp: new Date(), attempts: 1, body: { kind: 'webhook', endpointId, eventId } }]);
    const ctx = createExecutionContext();
    await worker.queue(batch as MessageBatch, env, ctx);
    await getQueueResult(batch, ctx);
    expect(seen.filter((s) => s.id === eventId)).toHaveLength(1);
  });

  it('logs an attempt before the request leaves, then completes it; a failure says in words what happened and when the next try is', async () => {
    const t = await registerCompany();
    const endpointId = await endpoint(t.admin.token);
    const eventId = crypto.randomUUID();
    const now = new Date().toISOString();
    await db().insert(events).values({ id: eventId, type: 'jobs.job.created', companyId: t.company.id, partnerCompanyIds: [], data: {}, createdAt: now, sentAt: now, processedAt: now });
    let loggedBeforeRequest: unknown[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async () => {
      loggedBeforeRequest = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, eventId));
      throw new Error('internal error; reference = 0123456789abcdef');
    });
    const batch = createMessageBatch('completo-events', [{ id: `wh-${crypto.randomUUID()}`, timestamp: new Date(), attempts: 1, body: { kind: 'webhook', endpointId, eventId } }]);
    const ctx = createExecutionContext();
    await worker.queue(batch as MessageBatch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryMessages).toHaveLength(1);
    expect(loggedBeforeRequest).toMatchObject([{ errorKind: 'interrupted', success: false }]);
    const log = await call('GET', `/api/v1/webhooks/${endpointId}/deliveries`, { token: t.admin.token });
    expect(log.body.data).toHaveLength(1);
    expect(log.body.data[0]).toMatchObject({ errorKind: 'network', error: 'Could not reach the receiver: the connection failed', success: false });
    expect(log.body.data[0].error).not.toMatch(/reference/);
    expect(Date.parse(log.body.data[0].nextRetryAt)).toBeGreaterThan(Date.now());
    const [due] = await db().select().from(webhookDue).where(eq(webhookDue.eventId, eventId));
    expect(due).toMatchObject({ state: 'due', attempts: 1, nextAttemptAt: log.body.data[0].nextRetryAt });
  });

  it('reports the backlog to staff only: events waiting (and re-sent) and deliveries due', async () => {
    const staff = await addStaff('DEV');
    const t = await registerCompany();
    const ev = partnershipEvents.event('partnerships.partnership.ended', t.company.id, { partnershipId: crypto.randomUUID(), requesterCompanyId: t.company.id, targetCompanyId: t.company.id });
    await withLosingQueue((ctx) => commit(ctx, [], [ev]));
    await db().update(events).set({ createdAt: minutesAgo(3), sentAt: minutesAgo(3), sendAttempts: 2 }).where(eq(events.id, ev.envelope.id));
    const res = await call('GET', '/api/v1/admin/outbox', { token: staff.token });
    expect(res.status).toBe(200);
    expect(res.body.data.events.waiting).toBeGreaterThanOrEqual(1);
    expect(res.body.data.events.resent).toBeGreaterThanOrEqual(1);
    expect(res.body.data.events.oldestWaitingSeconds).toBeGreaterThanOrEqual(170);
    expect(res.body.data.modules.webhooks).toMatchObject({ due: expect.any(Number), overdue: expect.any(Number), oldestDueSeconds: expect.any(Number) });
    expectError(await call('GET', '/api/v1/admin/outbox', { token: t.admin.token }), 403, 'FORBIDDEN');
    expectError(await call('GET', '/api/v1/admin/outbox'), 401, 'UNAUTHENTICATED');
    await db().update(events).set({ processedAt: new Date().toISOString() }).where(eq(events.id, ev.envelope.id));
  });
});
