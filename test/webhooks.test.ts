import { env } from 'cloudflare:workers';
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import worker from '../src/index';
import { events } from '../src/core/events/events.table';
import { checkWebhookUrl } from '../src/modules/webhooks/ssrf';
import { RETRY_SCHEDULE_S, retryDelaySeconds } from '../src/modules/webhooks/webhooks.delivery';
import { webhookEndpoints } from '../src/modules/webhooks/webhooks.table';
import { addUser, call, db, expectError, registerCompany, type Tenant } from './helpers';

afterEach(() => vi.restoreAllMocks());

interface Captured {
  url: string;
  headers: Record<string, string>;
  body: string;
  redirect: RequestRedirect | undefined;
}

const headersOf = (h: HeadersInit | undefined) => {
  const out: Record<string, string> = {};
  new Headers(h).forEach((v, k) => (out[k] = v));
  return out;
};

/** Replaces fetch at the network edge; `respond` decides each answer. */
function mockFetch(respond: (url: string, n: number) => Response | Promise<Response> = () => new Response('ok')) {
  const seen: Captured[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    seen.push({ url, headers: headersOf(init?.headers), body: String(init?.body ?? ''), redirect: init?.redirect });
    return respond(url, seen.length);
  });
  return seen;
}

async function createEndpoint(t: Tenant, over: Record<string, unknown> = {}) {
  const res = await call('POST', '/api/v1/webhooks', { token: t.admin.token, body: { url: 'https://hooks.example.com/completo', events: ['*'], ...over } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as { id: string; secret: string; url: string };
}

/** An event stored as the outbox stores it, to deliver directly. */
async function storedEvent(companyId: string, type = 'jobs.job.created') {
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  await db().insert(events).values({ id, type, companyId, partnerCompanyIds: [], data: { jobId: 'j1', title: 'T' }, createdAt: now, sentAt: now });
  return id;
}

async function runDeliveries(messages: { endpointId: string; eventId: string; attempts?: number }[]) {
  const batch = createMessageBatch(
    'completo-events',
    messages.map((m, i) => ({ id: `wh-${crypto.randomUUID()}-${i}`, timestamp: new Date(), attempts: m.attempts ?? 1, body: { kind: 'webhook', endpointId: m.endpointId, eventId: m.eventId } })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch, env, ctx);
  return getQueueResult(batch, ctx);
}

const deliveries = async (t: Tenant, endpointId: string) =>
  (await call('GET', `/api/v1/webhooks/${endpointId}/deliveries?limit=100`, { token: t.admin.token })).body.data as {
    id: string;
    eventId: string;
    success: boolean;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
    createdAt: string;
  }[];

describe('endpoints CRUD', () => {
  it('creates with a whsec_ secret shown once, lists and reads without it, updates and deletes', async () => {
    const t = await registerCompany();
    const ep = await createEndpoint(t, { events: ['jobs.job.created', 'jobs.application.submitted'], description: 'ERP', headers: { 'X-Tenant': 'acme' } });
    expect(ep.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    expect(ep).toMatchObject({ enabled: true, disabledReason: null, events: ['jobs.job.created', 'jobs.application.submitted'], headers: { 'X-Tenant': 'acme' } });
    const listed = await call('GET', '/api/v1/webhooks', { token: t.admin.token });
    expect(listed.body.meta.total).toBe(1);
    expect(JSON.stringify(listed.body)).not.toContain('whsec_');
    expect(JSON.stringify((await call('GET', `/api/v1/webhooks/${ep.id}`, { token: t.admin.token })).body)).not.toContain('whsec_');
    const patched = await call('PATCH', `/api/v1/webhooks/${ep.id}`, { token: t.admin.token, body: { enabled: false, description: 'paused' } });
    expect(patched.body.data).toMatchObject({ enabled: false, disabledReason: 'manual', description: 'paused' });
    const reenabled = await call('PATCH', `/api/v1/webhooks/${ep.id}`, { token: t.admin.token, body: { enabled: true } });
    expect(reenabled.body.data).toMatchObject({ enabled: true, disabledReason: null });
    expect((await call('DELETE', `/api/v1/webhooks/${ep.id}`, { token: t.admin.token })).status).toBe(200);
    expectError(await call('GET', `/api/v1/webhooks/${ep.id}`, { token: t.admin.token }), 404, 'NOT_FOUND');
  });

  it.each([
    ['unknown event', { events: ['jobs.job.exploded'] }, 'events'],
    ['empty events', { events: [] }, 'events'],
    ['star with others', { events: ['*', 'jobs.job.created'] }, 'events'],
    ['reserved header', { headers: { 'webhook-signature': 'x' } }, 'headers'],
    ['content-type header', { headers: { 'Content-Type': 'text/plain' } }, 'headers'],
    ['http url', { url: 'http://hooks.example.com/x' }, 'url'],
    ['companyId mass assignment', { companyId: crypto.randomUUID() }, '(root)'],
    ['secret mass assignment', { secret: 'whsec_AAAA' }, '(root)'],
  ])('%s → 400', async (_n, over, path) => {
    const t = await registerCompany();
    const res = await call('POST', '/api/v1/webhooks', { token: t.admin.token, body: { url: 'https://hooks.example.com/x', events: ['*'], ...over } });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
    expect((await call('GET', '/api/v1/webhooks', { token: t.admin.token })).body.meta.total).toBe(0);
  });

  it("answers 404 for another company's endpoint and its logs; cliente is 403", async () => {
    const a = await registerCompany();
    const b = await registerCompany();
    const ep = await createEndpoint(b);
    const paths: [string, string, unknown?][] = [
      ['GET', `/api/v1/webhooks/${ep.id}`],
      ['PATCH', `/api/v1/webhooks/${ep.id}`, { description: 'x' }],
      ['DELETE', `/api/v1/webhooks/${ep.id}`],
      ['POST', `/api/v1/webhooks/${ep.id}/rotate-secret`],
      ['POST', `/api/v1/webhooks/${ep.id}/test`],
      ['GET', `/api/v1/webhooks/${ep.id}/deliveries`],
      ['POST', `/api/v1/webhooks/${ep.id}/replay-failed`, { since: new Date(0).toISOString() }],
      ['POST', `/api/v1/webhooks/${ep.id}/deliveries/${crypto.randomUUID()}/replay`],
    ];
    for (const [method, path, body] of paths) expectError(await call(method, path, { token: a.admin.token, body }), 404, 'NOT_FOUND');
    const member = await addUser(b.company.id, 'cliente');
    expectError(await call('GET', '/api/v1/webhooks', { token: member.token }), 403, 'FORBIDDEN');
    expectError(await call('POST', '/api/v1/webhooks', { token: member.token, body: { url: 'https://x.example.com', events: ['*'] } }), 403, 'FORBIDDEN');
    expect((await call('GET', `/api/v1/webhooks/${ep.id}`, { token: b.admin.token })).body.data.url).toBe(ep.url);
  });
});

describe('deliveries of one event across endpoints', () => {
  it("shows only the caller company's attempts, and requires an event id", async () => {
    const a = await registerCompany();
    const b = await registerCompany();
    const ep = await createEndpoint(b);
    mockFetch();
    const eventId = await storedEvent(b.company.id);
    await runDeliveries([{ endpointId: ep.id, eventId }]);
    const theirs = await call('GET', `/api/v1/webhooks/deliveries?eventId=${eventId}`, { token: b.admin.token });
    expect(theirs.body.meta.total).toBe(1);
    expect(theirs.body.data[0]).toMatchObject({ eventId, endpointId: ep.id, success: true });
    const mine = await call('GET', `/api/v1/webhooks/deliveries?eventId=${eventId}`, { token: a.admin.token });
    expect(mine.body).toMatchObject({ data: [], meta: { total: 0 } });
    expectError(await call('GET', '/api/v1/webhooks/deliveries', { token: a.admin.token }), 400, 'VALIDATION_FAILED');
    expectError(await call('GET', '/api/v1/webhooks/deliveries?eventId=nope', { token: a.admin.token }), 400, 'VALIDATION_FAILED');
  });
});

describe('SSRF guard', () => {
  const refused = [
    'https://localhost/x',
    'https://LOCALHOST./x',
    'https://api.localhost/x',
    'https://127.0.0.1/x',
    'https://127.1/x',
    'https://2130706433/x',
    'https://0x7f000001/x',
    'https://0x7f.0.0.1/x',
    'https://0177.0.0.1/x',
    'https://017700000001/x',
    'https://0.0.0.0/x',
    'https://0/x',
    'https://10.0.0.5/x',
    'https://172.16.3.4/x',
    'https://192.168.1.1/x',
    'https://169.254.169.254/latest/meta-data',
    'https://100.64.0.1/x',
    'https://100.100.100.200/x',
    'https://224.0.0.1/x',
    'https://240.0.0.1/x',
    'https://255.255.255.255/x',
    'https://[::1]/x',
    'https://[::]/x',
    'https://[::ffff:127.0.0.1]/x',
    'https://[::ffff:7f00:1]/x',
    'https://[::ffff:169.254.169.254]/x',
    'https://[fc00::1]/x',
    'https://[fd12:3456::1]/x',
    'https://[fe80::1]/x',
    'https://[ff02::1]/x',
    'https://[2001:db8::1]/x',
    'https://metadata.google.internal/x',
    'https://intranet/x',
    'https://printer.local/x',
    'https://user:pass@hooks.example.com/x',
    'https://hooks.example.com:8443/x',
    'http://hooks.example.com/x',
    'ftp://hooks.example.com/x',
    'http://localhost:8787/x',
    'http://127.1:8787/x',
    'http://2130706433:8787/x',
    'http://[::1]:8787/x',
    'not a url',
  ];
  it.each(refused)('refuses %s (even with WEBHOOK_ALLOW_LOOPBACK)', (url) => {
    expect(checkWebhookUrl(url, { allowLoopback: true }).ok).toBe(false);
  });

  it('accepts public https hosts, and http://127.0.0.1:<port> only with WEBHOOK_ALLOW_LOOPBACK', () => {
    for (const url of ['https://hooks.example.com/x', 'https://93.184.216.34/x', 'https://[2606:4700::1111]/x', 'https://hooks.example.com:443/x']) {
      expect(checkWebhookUrl(url).ok, url).toBe(true);
    }
    expect(checkWebhookUrl('http://127.0.0.1:9999/hook', { allowLoopback: true }).ok).toBe(true);
    expect(checkWebhookUrl('http://127.0.0.1:9999/hook').ok).toBe(false);
  });

  it('is enforced at registration (400 with the field) and again at delivery', async () => {
    const t = await registerCompany();
    const res = await call('POST', '/api/v1/webhooks', { token: t.admin.token, body: { url: 'https://0x7f000001/x', events: ['*'] } });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.details[0].path).toBe('url');
    const ep = await createEndpoint(t);
    // An endpoint whose stored URL became unsafe (say, edited in the database) is still never called.
    await db().update(webhookEndpoints).set({ url: 'https://169.254.169.254/latest' }).where(eq(webhookEndpoints.id, ep.id));
    const seen = mockFetch();
    await runDeliveries([{ endpointId: ep.id, eventId: await storedEvent(t.company.id) }]);
    expect(seen).toHaveLength(0);
    expect((await deliveries(t, ep.id))[0]!.error).toMatch(/SSRF/);
  });
});

describe('deliveries', () => {
  it('signs per Standard Webhooks 1.0, verified by the standardwebhooks package', async () => {
    const t = await registerCompany();
    const ep = await createEndpoint(t, { headers: { 'X-Tenant': 'acme' } });
    const seen = mockFetch();
    const eventId = await storedEvent(t.company.id);
    const result = await runDeliveries([{ endpointId: ep.id, eventId }]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(seen).toHaveLength(1);
    const req = seen[0]!;
    expect(req.redirect).toBe('manual');
    expect(req.headers['webhook-id']).toBe(eventId);
    expect(req.headers['x-tenant']).toBe('acme');
    const payload = new Webhook(ep.secret).verify(req.body, req.headers) as { id: string; type: string; companyId: string };
    expect(payload).toMatchObject({ id: eventId, type: 'jobs.job.created', companyId: t.company.id });
    expect(() => new Webhook('whsec_' + btoa('another-secret-of-24-bytes!')).verify(req.body, req.headers)).toThrow();
    const [d] = await deliveries(t, ep.id);
    expect(d).toMatchObject({ eventId, success: true, statusCode: 200, attempt: 1 });
  });

  it('signs with both secrets for 24 h after a rotation, then only the new one', async () => {
    const t = await registerCompany();
    const ep = await createEndpoint(t);
    const rotated = await call('POST', `/api/v1/webhooks/${ep.id}/rotate-secret`, { token: t.admin.token });
    expect(rotated.body.data.secret).not.toBe(ep.secret);
    const seen = mockFetch();
    await runDeliveries([{ endpointId: ep.id, eventId: await storedEvent(t.company.id) }]);
    expect(seen[0]!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(new Webhook(ep.secret).verify(seen[0]!.body, seen[0]!.headers)).toBeTruthy();
    expect(new Webhook(rotated.body.data.secret).verify(seen[0]!.body, seen[0]!.headers)).toBeTruthy();
    await db().update(webhookEndpoints).set({ previousSecretExpiresAt: new Date(Date.now() - 1000).toISOString() }).where(eq(webhookEndpoints.id, ep.id));
    await runDeliveries([{ endpointId: ep.id, eventId: await storedEvent(t.company.id) }]);
    expect(seen[1]!.headers['webhook-signature']!.split(' ')).toHaveLength(1);
    expect(() => new Webhook(ep.secret).verify(seen[1]!.body, seen[1]!.headers)).toThrow();
    expect(new Webhook(rotated.body.data.secret).verify(seen[1]!.body, seen[1]!.headers)).toBeTruthy();
  });

  it('isolates endpoints: a slow failing endpoint does not delay a healthy one in the same batch', async () => {
    const t = await registerCompany();
    const slow = await createEndpoint(t, { url: 'https://slow.example.com/hook' });
    const fast = await createEndpoint(t, { url: 'https://fast.example.com/hook' });
    mockFetch(async (url) => {
      if (url.includes('slow')) {
        await new Promise((r) => setTimeout(r, 1500));
        return new Response('boom', { status: 500 });
      }
      return new Response('ok');
    });
    const eventId = await storedEvent(t.company.id);
    const result = await runDeliveries([
      { endpointId: slow.id, eventId },
      { endpointId: fast.id, eventId },
    ]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toHaveLength(1);
    const [slowD] = await deliveries(t, slow.id);
    const [fastD] = await deliveries(t, fast.id);
    expect(fastD).toMatchObject({ success: true });
    expect(slowD).toMatchObject({ success: false, statusCode: 500, error: 'HTTP 500' });
    expect(fastD!.durationMs).toBeLessThan(500);
    expect(slowD!.durationMs).toBeGreaterThanOrEqual(1400);
    // Attempts are logged as they start: the fast one did not wait for the slow one to finish.
    expect(Math.abs(Date.parse(fastD!.createdAt) - Date.parse(slowD!.createdAt))).toBeLessThan(1000);
  });

  it('follows the Svix retry schedule with jitter, and honours Retry-After on 429/503', async () => {
    expect(RETRY_SCHEDULE_S).toEqual([0, 5, 300, 1800, 7200, 18000, 36000, 36000]);
    for (let attempt = 1; attempt < 8; attempt++) {
      const base = RETRY_SCHEDULE_S[attempt]!;
      expect(retryDelaySeconds(attempt, () => 0)).toBe(Math.max(1, Math.round(base * 0.9)));
      expect(retryDelaySeconds(attempt, () => 1)).toBe(Math.max(1, Math.round(base * 1.1)));
    }
    const t = await registerCompany();
    const ep = await createEndpoint(t);
    const eventId = await storedEvent(t.company.id);
    const retryCalls: unknown[] = [];
    const fake = (attempts: number) => ({
      queue: 'completo-events',
      messages: [{ id: crypto.randomUUID(), attempts, body: { kind: 'webhook', endpointId: ep.id, eventId }, ack: vi.fn(), retry: (o: unknown) => retryCalls.push(o) }],
    });
    mockFetch(() => new Response('nope', { status: 500 }));
    await worker.queue(fake(3) as unknown as MessageBatch, env, createExecutionContext());
    const d = (retryCalls[0] as { delaySeconds: number }).delaySeconds;
    expect(d).toBeGreaterThanOrEqual(1800 * 0.9);
    expect(d).toBeLessThanOrEqual(1800 * 1.1);
    vi.restoreAllMocks();
    mockFetch(() => new Response('slow down', { status: 429, headers: { 'retry-after': '120' } }));
    await worker.queue(fake(1) as unknown as MessageBatch, env, createExecutionContext());
    expect(retryCalls[1]).toEqual({ delaySeconds: 120 });
  });

  it('treats 3xx as failure without following it', async () => {
    const t = await registerCompany();
    const ep = await createEndpoint(t);
    const seen = mockFetch(() => new Response(null, { status: 302, headers: { location: 'http://169.254.169.254/' } }));
    const result = await runDeliveries([{ endpointId: ep.id, eventId: await storedEvent(t.company.id) }]);
    expect(seen).toHaveLength(1);
    expect(result.retryMessages).toHaveLength(1);
    expect((await deliveries(t, ep.id))[0]).toMatchObject({ success: false, statusCode: 302, error: 'Redirect (302) not followed' });
  });

  it('disables the endpoint at once on 410 and tells the company admins', async () => {
    const t = await registerCompany();
    const ep = await createEndpoint(t);
    mockFetch(() => new Response('gone', { status: 410 }));
    const result = await runDeliveries([{ endpointId: ep.id, eventId: await storedEvent(t.company.id) }]);
    expect(result.explicitAcks).toHaveLength(1);
    const after = await call('GET', `/api/v1/webhooks/${ep.id}`, { token: t.admin.token });
    expect(after.body.data).toMatchObject({ enabled: false, disabledReason: 'gone' });
    const rows = await env.DB.prepare("SELECT type FROM events WHERE company_id = ? AND type = 'webhooks.endpoint.disabled'").bind(t.company.id).all();
    expect(rows.results).toHaveLength(1);
    await vi.waitFor(
      async () => {
        const n = await call('GET', '/api/v1/notifications', { token: t.admin.token });
        const disabled = n.body.data.find((x: { type: string }) => x.type === 'webhooks.endpoint.disabled');
        expect(disabled).toMatchObject({ title: `Webhook endpoint disabled: ${ep.url}` });
        expect(disabled.body).toMatch(/410 Gone/);
      },
      { timeout: 8000 },
    );
  });

  it('disables an endpoint that has failed continuously for 5 days', async () => {
    const t = await registerCompany();
    const ep = await createEndpoint(t);
    await db().update(webhookEndpoints).set({ failingSince: new Date(Date.now() - 6 * 86400_000).toISOString() }).where(eq(webhookEndpoints.id, ep.id));
    mockFetch(() => new Response('down', { status: 503 }));
    await runDeliveries([{ endpointId: ep.id, eventId: await storedEvent(t.company.id) }]);
    expect((await call('GET', `/api/v1/webhooks/${ep.id}`, { token: t.admin.token })).body.data).toMatchObject({ enabled: false, disabledReason: 'failing' });
  });

  it('shows dead-lettered messages as failed deliveries; replay keeps the webhook-id', async () => {
    const t = await registerCompany();
    const ep = await createEndpoint(t);
    const eventId = await storedEvent(t.company.id);
    const batch = createMessageBatch('completo-events-dlq', [{ id: `dlq-${crypto.randomUUID()}`, timestamp: new Date(), attempts: 1, body: { kind: 'webhook', endpointId: ep.id, eventId } }]);
    const ctx = createExecutionContext();
    await worker.queue(batch as MessageBatch, env, ctx);
    await getQueueResult(batch, ctx);
    const [failed] = await deliveries(t, ep.id);
    expect(failed).toMatchObject({ eventId, success: false });
    expect(failed!.error).toMatch(/exhausted/);
    const seen = mockFetch();
    const replay = await call('POST', `/api/v1/webhooks/${ep.id}/deliveries/${failed!.id}/replay`, { token: t.admin.token });
    expect(replay.body.data).toMatchObject({ id: failed!.id, replayQueued: true });
    await vi.waitFor(() => expect(seen.length).toBeGreaterThan(0), { timeout: 8000 });
    expect(seen[0]!.headers['webhook-id']).toBe(eventId);
    await vi.waitFor(async () => expect((await deliveries(t, ep.id)).some((d) => d.success)).toBe(true), { timeout: 5000 });
    const perEvent = await call('GET', `/api/v1/webhooks/deliveries?eventId=${eventId}`, { token: t.admin.token });
    expect(perEvent.body.meta.total).toBe(2);
    expectError(await call('POST', `/api/v1/webhooks/${ep.id}/deliveries/${crypto.randomUUID()}/replay`, { token: t.admin.token }), 404, 'NOT_FOUND');
  });

  it('replays every failed delivery of a time range once', async () => {
    const t = await registerCompany();
    const ep = await createEndpoint(t);
    mockFetch(() => new Response('down', { status: 500 }));
    const since = new Date(Date.now() - 1000).toISOString();
    const ids = [await storedEvent(t.company.id), await storedEvent(t.company.id)];
    await runDeliveries(ids.map((eventId) => ({ endpointId: ep.id, eventId })));
    vi.restoreAllMocks();
    const seen = mockFetch();
    const res = await call('POST', `/api/v1/webhooks/${ep.id}/replay-failed`, { token: t.admin.token, body: { since } });
    expect(res.body.data.queued).toBe(2);
    await vi.waitFor(() => expect(new Set(seen.map((s) => s.headers['webhook-id']))).toEqual(new Set(ids)), { timeout: 8000 });
    expectError(await call('POST', `/api/v1/webhooks/${ep.id}/replay-failed`, { token: t.admin.token, body: { since: 'yesterday' } }), 400, 'VALIDATION_FAILED');
  });

  it('delivers real events end to end (API → outbox → queue → endpoint), and a test event to one endpoint only', async () => {
    const t = await registerCompany();
    const subscribed = await createEndpoint(t, { url: 'https://a.example.com/hook', events: ['jobs.job.created'] });
    const other = await createEndpoint(t, { url: 'https://b.example.com/hook', events: ['partnerships.invite.sent'] });
    const seen = mockFetch();
    const job = await call('POST', '/api/v1/jobs', { token: t.admin.token, body: { title: 'Webhook job', description: 'Delivered to integrators.', types: ['internal'], vacancies: 1 } });
    await vi.waitFor(() => expect(seen.some((s) => s.url.startsWith('https://a.example.com'))).toBe(true), { timeout: 8000 });
    const delivered = seen.find((s) => s.url.startsWith('https://a.example.com'))!;
    expect(JSON.parse(delivered.body)).toMatchObject({ type: 'jobs.job.created', data: { jobId: job.body.data.id } });
    const test = await call('POST', `/api/v1/webhooks/${other.id}/test`, { token: t.admin.token });
    expect(test.body.data).toMatchObject({ eventType: 'webhooks.test', queued: true });
    await vi.waitFor(() => expect(seen.some((s) => s.headers['webhook-id'] === test.body.data.eventId)).toBe(true), { timeout: 8000 });
    expect(seen.filter((s) => s.url.startsWith('https://b.example.com')).map((s) => JSON.parse(s.body).type)).toEqual(['webhooks.test']);
    void subscribed;
  });
});
