import { env } from 'cloudflare:workers';
import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import worker from '../src/index';
import { events } from '../src/core/events/events.table';
import { createCtx } from '../src/core/context';
import { commit } from '../src/core/events/outbox';
import { registry } from '../src/modules';
import { partnershipEvents } from '../src/modules/partnerships/partnerships.events';
import type { EventMessage } from '../src/core/events/types';
import { backoffSeconds } from '../src/queue/consumer';
import { notifications } from '../src/modules/notifications/notifications.table';
import { addStaff, addUser, call, db, expectError, registerCompany } from './helpers';

async function runQueue(queue: string, bodies: unknown[]) {
  const batch = createMessageBatch(
    queue,
    bodies.map((body, i) => ({ id: `msg-${crypto.randomUUID()}-${i}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch, env, ctx);
  return getQueueResult(batch, ctx);
}

const submitted = (companyId: string, jobTitle = 'Technician'): EventMessage => ({
  kind: 'event',
  event: {
    id: crypto.randomUUID(),
    type: 'jobs.application.submitted',
    time: new Date().toISOString(),
    companyId,
    data: { jobId: `job-${jobTitle}`, jobTitle, applicationId: crypto.randomUUID(), applicantId: 'x' },
  },
  partnerCompanyIds: [],
  audience: { kind: 'admins' },
});

const inbox = (userId: string) => db().select().from(notifications).where(eq(notifications.userId, userId));

describe('outbox', () => {
  it('keeps an event whose Queue send failed, and the cron trigger re-sends it', async () => {
    const t = await registerCompany();
    const ev = partnershipEvents.event('partnerships.invite.sent', t.company.id, { partnershipId: crypto.randomUUID(), requesterCompanyId: t.company.id, targetCompanyId: t.company.id });
    const broken = { ...env, EVENTS: { sendBatch: () => Promise.reject(new Error('queue down')) } } as unknown as Env;
    const deferred: Promise<unknown>[] = [];
    await commit(createCtx(broken, registry, (p) => deferred.push(p)), [], [ev]);
    await Promise.all(deferred); // the failed send does not throw
    const [row] = await db().select().from(events).where(eq(events.id, ev.envelope.id));
    expect(row!.sentAt).toBeNull();
    // Not yet a minute old: the cron leaves it alone.
    await worker.scheduled(createScheduledController(), env, createExecutionContext());
    expect((await db().select().from(events).where(eq(events.id, ev.envelope.id)))[0]!.sentAt).toBeNull();
    await db().update(events).set({ createdAt: new Date(Date.now() - 120_000).toISOString() }).where(eq(events.id, ev.envelope.id));
    await worker.scheduled(createScheduledController(), env, createExecutionContext());
    expect((await db().select().from(events).where(eq(events.id, ev.envelope.id)))[0]!.sentAt).not.toBeNull();
    // …and the consumer then produced the invite notification for the company admin.
    await vi.waitFor(async () => expect((await inbox(t.admin.user.id)).map((n) => n.type)).toContain('partnerships.invite.sent'), { timeout: 8000 });
  });
});

describe('queue consumer', () => {
  it('is idempotent: the same event twice makes one notification with count 1', async () => {
    const t = await registerCompany();
    const msg = submitted(t.company.id);
    const first = await runQueue('completo-events', [msg]);
    const second = await runQueue('completo-events', [msg]);
    expect(first.explicitAcks).toHaveLength(1);
    expect(second.explicitAcks).toHaveLength(1);
    const rows = await inbox(t.admin.user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.count).toBe(1);
  });

  it('groups repeated events about one item while unread, and starts a new row once read', async () => {
    const t = await registerCompany();
    for (let i = 0; i < 5; i++) await runQueue('completo-events', [submitted(t.company.id, 'Technician')]);
    const list = await call('GET', '/api/v1/notifications', { token: t.admin.token });
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({ count: 5, title: '5 new applications to Technician' });
    expect(list.body.meta.unread).toBe(1);
    await call('POST', `/api/v1/notifications/${list.body.data[0].id}/read`, { token: t.admin.token });
    await runQueue('completo-events', [submitted(t.company.id, 'Technician')]);
    const again = await call('GET', '/api/v1/notifications?unread=true', { token: t.admin.token });
    expect(again.body.data).toEqual([expect.objectContaining({ count: 1, title: 'New application to Technician' })]);
  });

  it('retries a failing message with backoff and acks the others of the batch', async () => {
    const t = await registerCompany();
    const result = await runQueue('completo-events', [{ kind: 'bogus' }, submitted(t.company.id)]);
    expect(result.retryMessages).toHaveLength(1);
    expect(result.explicitAcks).toHaveLength(1);
    // The delay passed to retry() follows the backoff for the message's attempt count.
    const retry = vi.fn();
    const fake = { queue: 'completo-events', messages: [{ id: 'm1', attempts: 3, body: { kind: 'bogus' }, ack: vi.fn(), retry }] };
    await worker.queue(fake as unknown as MessageBatch, env, createExecutionContext());
    expect(retry).toHaveBeenCalledWith({ delaySeconds: backoffSeconds(3) });
    expect([1, 2, 3, 8, 20].map(backoffSeconds)).toEqual([2, 4, 8, 256, 300]);
  });

  it('notifies only employees whose skills match a new job, in partner companies too for partner jobs', async () => {
    const owner = await registerCompany();
    const partner = await registerCompany();
    const { makePartners } = await import('./helpers');
    await makePartners(owner, partner);
    const hvac = await addUser(owner.company.id, 'cliente', { skills: ['HVAC', 'electrical'] });
    const welder = await addUser(owner.company.id, 'cliente', { skills: ['welding'] });
    const partnerHvac = await addUser(partner.company.id, 'cliente', { skills: ['hvac'] });
    const inactive = await addUser(owner.company.id, 'cliente', { skills: ['hvac'], status: 'inactive' });
    await call('POST', '/api/v1/jobs', {
      token: owner.admin.token,
      body: { title: 'HVAC lead', description: 'Lead our HVAC crew.', types: ['internal', 'partners'], requiredSkills: ['hvac'], vacancies: 1 },
    });
    await vi.waitFor(async () => expect(await inbox(partnerHvac.user.id)).toHaveLength(1), { timeout: 8000 });
    expect(await inbox(hvac.user.id)).toHaveLength(1);
    expect(await inbox(welder.user.id)).toHaveLength(0);
    expect(await inbox(inactive.user.id)).toHaveLength(0);
    // The author is not notified of their own job.
    expect((await inbox(owner.admin.user.id)).filter((n) => n.type === 'jobs.job.created')).toHaveLength(0);
  });
});

describe('notification audiences', () => {
  it("never notifies people of their own action; the other side's admins and the actor's colleagues hear it", async () => {
    const a = await registerCompany();
    const b = await registerCompany();
    const colleague = await addUser(a.company.id, 'admin_empresa');
    const member = await addUser(b.company.id, 'cliente');
    await call('POST', '/api/v1/partnerships', { token: a.admin.token, body: { companyId: b.company.id } });
    await vi.waitFor(async () => expect((await inbox(b.admin.user.id)).map((n) => n.type)).toContain('partnerships.invite.sent'), { timeout: 8000 });
    await vi.waitFor(async () => expect((await inbox(colleague.user.id)).map((n) => n.type)).toContain('partnerships.invite.sent'), { timeout: 8000 });
    expect(await inbox(a.admin.user.id)).toHaveLength(0);
    // An admins-only event never reaches a cliente's inbox.
    expect(await inbox(member.user.id)).toHaveLength(0);
  });
});

describe('dead letters', () => {
  it('records exhausted messages for staff, who can re-drive them once', async () => {
    const t = await registerCompany();
    const msg = submitted(t.company.id, 'Dead letter role');
    const res = await runQueue('completo-events-dlq', [msg]);
    expect(res.explicitAcks).toHaveLength(1);
    const staff = await addStaff('admin');
    const listed = await call('GET', '/api/v1/admin/dead-letters?redriven=false&limit=100', { token: staff.token });
    const dl = listed.body.data.find((d: { eventId: string }) => d.eventId === msg.event.id);
    expect(dl).toMatchObject({ eventType: 'jobs.application.submitted', queue: 'completo-events-dlq', redrivenAt: null });
    expectError(await call('GET', '/api/v1/admin/dead-letters', { token: t.admin.token }), 403, 'FORBIDDEN');
    expectError(await call('POST', `/api/v1/admin/dead-letters/${dl.id}/redrive`, { token: t.admin.token }), 403, 'FORBIDDEN');
    const redriven = await call('POST', `/api/v1/admin/dead-letters/${dl.id}/redrive`, { token: staff.token });
    expect(redriven.status).toBe(200);
    expect(redriven.body.data.redrivenBy).toBe(staff.user.id);
    expectError(await call('POST', `/api/v1/admin/dead-letters/${dl.id}/redrive`, { token: staff.token }), 409, 'CONFLICT');
    expectError(await call('POST', '/api/v1/admin/dead-letters/nope/redrive', { token: staff.token }), 404, 'NOT_FOUND');
    // The re-driven message went through the live consumer.
    await vi.waitFor(async () => expect((await inbox(t.admin.user.id)).map((n) => n.type)).toContain('jobs.application.submitted'), { timeout: 8000 });
  });
});

describe('notifications endpoints', () => {
  it("lists only the caller's notifications; another user's is 404; read-all clears the count", async () => {
    const t = await registerCompany();
    const other = await registerCompany();
    await runQueue('completo-events', [submitted(t.company.id, 'A'), submitted(t.company.id, 'B')]);
    const mine = await call('GET', '/api/v1/notifications', { token: t.admin.token });
    expect(mine.body.meta).toMatchObject({ total: 2, unread: 2 });
    const theirs = await call('GET', '/api/v1/notifications', { token: other.admin.token });
    expect(theirs.body.meta.total).toBe(0);
    expectError(await call('POST', `/api/v1/notifications/${mine.body.data[0].id}/read`, { token: other.admin.token }), 404, 'NOT_FOUND');
    expectError(await call('POST', '/api/v1/notifications/not-a-uuid/read', { token: t.admin.token }), 404, 'NOT_FOUND');
    const read = await call('POST', `/api/v1/notifications/${mine.body.data[0].id}/read`, { token: t.admin.token });
    expect(read.body.data.readAt).not.toBeNull();
    expect((await call('GET', '/api/v1/notifications', { token: t.admin.token })).body.meta.unread).toBe(1);
    const all = await call('POST', '/api/v1/notifications/read-all', { token: t.admin.token });
    expect(all.body.data).toEqual({ marked: 1, unread: 0 });
    expect((await call('GET', '/api/v1/notifications?unread=true', { token: t.admin.token })).body.data).toEqual([]);
    const since = await call('GET', `/api/v1/notifications?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, { token: t.admin.token });
    expect(since.body.data).toEqual([]);
    expectError(await call('GET', '/api/v1/notifications?since=yesterday', { token: t.admin.token }), 400, 'VALIDATION_FAILED');
    expectError(await call('GET', '/api/v1/notifications'), 401, 'UNAUTHENTICATED');
  });
});
