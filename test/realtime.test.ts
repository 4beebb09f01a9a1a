import { env } from 'cloudflare:workers';
import { evictDurableObject } from 'cloudflare:test';
import { sign } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { hubOf } from '../src/realtime/hub';
import { addUser, call, expectError, makePartners, registerCompany } from './helpers';
import { openSocket, sleep } from './realtime-helpers';

const job = (types: string[], title = 'Shared technician role') => ({
  title,
  description: 'A job to test real-time fan-out.',
  types,
  requiredSkills: ['hvac'],
  vacancies: 1,
});

describe('GET /realtime: upgrade and authentication', () => {
  it('authenticates with the subprotocol, answers completo.v1 and sends realtime.ready', async () => {
    const t = await registerCompany();
    const s = await openSocket({ token: t.admin.token });
    expect(s.status).toBe(101);
    expect(s.protocol).toBe('completo.v1');
    const ready = await s.waitFor((m) => m.type === 'realtime.ready');
    expect(ready).toMatchObject({ companyId: t.company.id, data: { userId: t.admin.user.id } });
    expect(ready.id).toMatch(/^[0-9a-f-]{36}$/);
    s.ws.close(1000);
  });

  it('authenticates with the first message', async () => {
    const t = await registerCompany();
    const s = await openSocket({ firstMessageToken: t.admin.token });
    await s.waitFor((m) => m.type === 'realtime.ready');
    s.ws.close(1000);
  });

  it('closes with 1008 on a bad, expired or missing token', async () => {
    const t = await registerCompany();
    const now = Math.floor(Date.now() / 1000);
    const expired = await sign({ sub: t.admin.user.id, email: 'x', companyId: t.company.id, role: 'admin_empresa', iat: now - 100, exp: now - 10 }, env.JWT_SECRET, 'HS256');
    for (const s of [
      await openSocket({ token: 'garbage' }),
      await openSocket({ token: expired }),
      await openSocket({ firstMessageToken: 'garbage' }),
    ]) {
      expect((await s.closed).code).toBe(1008);
    }
    const notAuth = await openSocket({});
    notAuth.ws.send(JSON.stringify({ type: 'hello' }));
    expect((await notAuth.closed).code).toBe(1008);
  });

  it('refuses disallowed browser origins with 403 before upgrading, and tokens in the URL with 400', async () => {
    const t = await registerCompany();
    await expect(openSocket({ token: t.admin.token, origin: 'https://evil.example.net' })).rejects.toMatchObject({ status: 403 });
    await expect(openSocket({ token: t.admin.token, path: `/api/v1/realtime?token=${t.admin.token}` })).rejects.toMatchObject({ status: 400 });
    const allowed = await openSocket({ token: t.admin.token, origin: 'https://app.example.com' });
    await allowed.waitFor((m) => m.type === 'realtime.ready');
    const sameOrigin = await openSocket({ token: t.admin.token, origin: 'http://completo.test' });
    await sameOrigin.waitFor((m) => m.type === 'realtime.ready');
    expectError(await call('GET', '/api/v1/realtime', { token: t.admin.token }), 400, 'BAD_REQUEST');
  });

  it('closes a socket that sends garbage (1003) or an oversized message (1009); ping gets pong', async () => {
    const t = await registerCompany();
    const a = await openSocket({ token: t.admin.token });
    await a.waitFor((m) => m.type === 'realtime.ready');
    a.ws.send('{"type":"ping"}');
    await a.waitFor((m) => m.type === 'pong');
    a.ws.send('not json at all');
    expect((await a.closed).code).toBe(1003);
    const b = await openSocket({ token: t.admin.token });
    await b.waitFor((m) => m.type === 'realtime.ready');
    b.ws.send(JSON.stringify({ type: 'x', pad: 'x'.repeat(70 * 1024) }));
    expect((await b.closed).code).toBe(1009);
    // The hub survived both.
    const c = await openSocket({ token: t.admin.token });
    await c.waitFor((m) => m.type === 'realtime.ready');
    c.ws.close(1000);
  });

  it('closes the socket with 1008 when its token expires', async () => {
    const t = await registerCompany();
    const now = Math.floor(Date.now() / 1000);
    const shortLived = await sign(
      { sub: t.admin.user.id, email: t.admin.user.email, companyId: t.company.id, role: 'admin_empresa', iat: now, exp: now + 2 },
      env.JWT_SECRET,
      'HS256',
    );
    const s = await openSocket({ token: shortLived });
    await s.waitFor((m) => m.type === 'realtime.ready');
    const closed = await Promise.race([s.closed, sleep(6000).then(() => null)]);
    expect(closed?.code).toBe(1008);
  });
});

describe('hub routing', () => {
  it('delivers company events to the company, partner events to active partners only, and nothing to others', async () => {
    const a = await registerCompany();
    const partner = await registerCompany();
    const stranger = await registerCompany();
    const partnershipId = await makePartners(a, partner);
    const colleague = await addUser(a.company.id, 'cliente');
    const sockets = {
      a: await openSocket({ token: a.admin.token }),
      colleague: await openSocket({ token: colleague.token }),
      partner: await openSocket({ token: partner.admin.token }),
      stranger: await openSocket({ token: stranger.admin.token }),
    };
    for (const s of Object.values(sockets)) await s.waitFor((m) => m.type === 'realtime.ready');

    const shared = await call('POST', '/api/v1/jobs', { token: a.admin.token, body: job(['partners']) });
    const isShared = (m: { type: string; data: Record<string, unknown> }) => m.type === 'jobs.job.created' && m.data.jobId === shared.body.data.id;
    const got = await Promise.all([sockets.a, sockets.colleague, sockets.partner].map((s) => s.waitFor(isShared)));
    expect(new Set(got.map((m) => m.id)).size).toBe(1);
    expect(got[0]).toMatchObject({ companyId: a.company.id });

    const internal = await call('POST', '/api/v1/jobs', { token: a.admin.token, body: job(['internal'], 'Internal only role') });
    await sockets.a.waitFor((m) => m.data.jobId === internal.body.data.id);

    // End the partnership: the next partner job no longer reaches the ex-partner.
    await call('DELETE', `/api/v1/partnerships/${partnershipId}`, { token: a.admin.token });
    const after = await call('POST', '/api/v1/jobs', { token: a.admin.token, body: job(['partners'], 'After the end') });
    await sockets.a.waitFor((m) => m.data.jobId === after.body.data.id);
    await sleep(300);
    expect(sockets.partner.messages.some((m) => m.data.jobId === internal.body.data.id || m.data.jobId === after.body.data.id)).toBe(false);
    // Absolute isolation: the stranger heard nothing at all after ready.
    expect(sockets.stranger.messages.map((m) => m.type)).toEqual(['realtime.ready']);
    for (const s of Object.values(sockets)) s.ws.close(1000);
  });

  it('routes to one user, dedupes redelivery, and keeps routing after the hub is evicted (hibernation)', async () => {
    const a = await registerCompany();
    const other = await addUser(a.company.id, 'cliente');
    const mine = await openSocket({ token: a.admin.token });
    const theirs = await openSocket({ token: other.token });
    await mine.waitFor((m) => m.type === 'realtime.ready');
    await theirs.waitFor((m) => m.type === 'realtime.ready');
    const hub = hubOf(env, a.company.id);
    await evictDurableObject(hub);
    const ev = { id: crypto.randomUUID(), type: 'test.direct', time: new Date().toISOString(), companyId: a.company.id, data: { n: 1 } };
    expect(await hub.deliver(ev, { kind: 'users', userIds: [a.admin.user.id] })).toBe(1);
    expect(await hub.deliver(ev, { kind: 'users', userIds: [a.admin.user.id] })).toBe(0);
    await mine.waitFor((m) => m.type === 'test.direct');
    await sleep(100);
    expect(theirs.messages.some((m) => m.type === 'test.direct')).toBe(false);
    const stats = await hub.stats();
    expect(stats.users[a.admin.user.id]).toBe(1);
    expect(stats.users[other.user.id]).toBe(1);
    mine.ws.close(1000);
    theirs.ws.close(1000);
  });

  it('pushes notifications live to the right user', async () => {
    const owner = await registerCompany();
    const applicant = await registerCompany();
    const ownerSocket = await openSocket({ token: owner.admin.token });
    const applicantSocket = await openSocket({ token: applicant.admin.token });
    await ownerSocket.waitFor((m) => m.type === 'realtime.ready');
    await applicantSocket.waitFor((m) => m.type === 'realtime.ready');
    const posted = await call('POST', '/api/v1/jobs', { token: owner.admin.token, body: job(['public'], 'Live notification role') });
    const applied = await call('POST', `/api/v1/jobs/${posted.body.data.id}/apply`, { token: applicant.admin.token, body: {} });
    const n = await ownerSocket.waitFor((m) => m.type === 'realtime.notification' && m.data.type === 'jobs.application.submitted');
    expect(n.data).toMatchObject({ title: 'New application to Live notification role', count: 1, readAt: null });
    await call('PATCH', `/api/v1/jobs/${posted.body.data.id}/applications/${applied.body.data.id}`, { token: owner.admin.token, body: { status: 'accepted' } });
    const r = await applicantSocket.waitFor((m) => m.type === 'realtime.notification' && m.data.type === 'jobs.application.reviewed');
    expect(r.data.title).toBe('Your application to Live notification role was accepted');
    ownerSocket.ws.close(1000);
    applicantSocket.ws.close(1000);
  });
});
