import { env } from 'cloudflare:workers';
import { createExecutionContext } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { app } from '../src/app';
import { REVOCATION_TTL_MS } from '../src/core/auth/session';
import { users } from '../src/core/tenancy/tenancy.table';
import { openSocket, sleep } from './realtime-helpers';
import { addUser, BASE, call, db, expectError, PASSWORD, registerCompany } from './helpers';

afterEach(() => vi.restoreAllMocks());

/** Calls the app with some configuration overridden (the limits) from one client address. */
async function callWith(vars: Record<string, string>, address: string, method: string, path: string, opts: { body?: unknown; token?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { 'cf-connecting-ip': address, ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await app.fetch(
    new Request(`${BASE}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) }),
    { ...env, ...vars } as Env,
    createExecutionContext(),
  );
  return { status: res.status, headers: res.headers, body: (await res.json()) as { code?: string; error?: string } };
}
const address = () => `203.0.113.${Math.floor(Math.random() * 250)}-${crypto.randomUUID().slice(0, 6)}`;

describe('revocation: a removed, deactivated or demoted user loses access at once', () => {
  it('a demoted admin can no longer create an admin or deactivate the owner with the old token', async () => {
    const t = await registerCompany();
    const second = await addUser(t.company.id, 'admin_empresa');
    const demote = await call('PATCH', `/api/v1/employees/${second.user.id}`, { token: t.admin.token, body: { role: 'cliente' } });
    expect(demote.status).toBe(200);
    expectError(
      await call('POST', '/api/v1/employees', { token: second.token, body: { name: 'Mole', email: `mole-${crypto.randomUUID()}@example.com`, password: PASSWORD, role: 'admin_empresa' } }),
      401,
      'UNAUTHENTICATED',
    );
    expectError(await call('PATCH', `/api/v1/employees/${t.admin.user.id}`, { token: second.token, body: { status: 'inactive' } }), 401, 'UNAUTHENTICATED');
    // Logging in again gives a token with the new role.
    const again = await call('POST', '/api/v1/auth/login', { body: { email: second.user.email, password: PASSWORD } });
    expect((await call('GET', '/api/v1/auth/me', { token: again.body.data.token })).body.data.user.role).toBe('cliente');
  });

  it.each([
    ['deleted', (t: string, id: string) => call('DELETE', `/api/v1/employees/${id}`, { token: t })],
    ['deactivated', (t: string, id: string) => call('PATCH', `/api/v1/employees/${id}`, { token: t, body: { status: 'inactive' } })],
  ])('a %s user is refused on every route, anonymous-capable ones included', async (_name, act) => {
    const t = await registerCompany();
    const u = await addUser(t.company.id, 'cliente');
    expect((await call('GET', '/api/v1/auth/me', { token: u.token })).status).toBe(200);
    expect((await act(t.admin.token, u.user.id)).status).toBe(200);
    expectError(await call('GET', '/api/v1/auth/me', { token: u.token }), 401, 'UNAUTHENTICATED');
    expectError(await call('GET', '/api/v1/jobs', { token: u.token }), 401, 'UNAUTHENTICATED');
  });

  it('elsewhere (another isolate, which did not make the change) within 5 s', async () => {
    const t = await registerCompany();
    const u = await addUser(t.company.id, 'cliente');
    expect((await call('GET', '/api/v1/auth/me', { token: u.token })).status).toBe(200); // remembered as current
    await db().update(users).set({ authVersion: 1 }).where(eq(users.id, u.user.id)); // a change made elsewhere
    expect((await call('GET', '/api/v1/auth/me', { token: u.token })).status).toBe(200); // still within the window
    const later = Date.now() + REVOCATION_TTL_MS + 1000;
    vi.spyOn(Date, 'now').mockImplementation(() => later);
    expectError(await call('GET', '/api/v1/auth/me', { token: u.token }), 401, 'UNAUTHENTICATED');
  });

  it('cannot be switched off by a request: the benchmark knob works only with D1_STATS outside production', async () => {
    const t = await registerCompany();
    const u = await addUser(t.company.id, 'cliente');
    await call('DELETE', `/api/v1/employees/${u.user.id}`, { token: t.admin.token });
    expectError(await call('GET', '/api/v1/auth/me', { token: u.token, headers: { 'x-bench-skip': 'revocation' } }), 401, 'UNAUTHENTICATED');
    const prod = await callWith({ D1_STATS: 'true', ENVIRONMENT: 'production' }, address(), 'GET', '/api/v1/jobs', { token: u.token, headers: { 'x-bench-skip': 'revocation' } });
    expect(prod.status).toBe(401);
    // …while in bench mode it really measures the request without the check (the knob works where it is meant to).
    const bench = await callWith({ D1_STATS: 'true', ENVIRONMENT: 'development' }, address(), 'GET', '/api/v1/jobs', { token: u.token, headers: { 'x-bench-skip': 'revocation' } });
    expect(bench.status).toBe(200);
  });

  it("closes the user's open sockets with 1008, and refuses a new one with the old token", async () => {
    const t = await registerCompany();
    const u = await addUser(t.company.id, 'cliente');
    const socket = await openSocket({ token: u.token });
    await socket.waitFor((m) => m.type === 'realtime.ready');
    await call('PATCH', `/api/v1/employees/${u.user.id}`, { token: t.admin.token, body: { status: 'inactive' } });
    const closed = await Promise.race([socket.closed, sleep(5000).then(() => null)]);
    expect(closed).toMatchObject({ code: 1008 });
    const again = await openSocket({ token: u.token });
    expect(await Promise.race([again.closed, sleep(3000).then(() => null)])).toMatchObject({ code: 1008 });
  });
});

describe('events reach only their audience on sockets', () => {
  it('a cliente hears company events but not admins-only ones; the applicant hears their review in their own company', async () => {
    const owner = await registerCompany();
    const applicantCo = await registerCompany();
    const member = await addUser(owner.company.id, 'cliente');
    const adminSocket = await openSocket({ token: owner.admin.token });
    const memberSocket = await openSocket({ token: member.token });
    const applicantSocket = await openSocket({ token: applicantCo.admin.token });
    for (const s of [adminSocket, memberSocket, applicantSocket]) await s.waitFor((m) => m.type === 'realtime.ready');
    const job = await call('POST', '/api/v1/jobs', { token: owner.admin.token, body: { title: 'Audience job', description: 'Who hears what.', types: ['public'], vacancies: 1 } });
    await memberSocket.waitFor((m) => m.type === 'jobs.job.created');
    const applied = await call('POST', `/api/v1/jobs/${job.body.data.id}/apply`, { token: applicantCo.admin.token, body: {} });
    await adminSocket.waitFor((m) => m.type === 'jobs.application.submitted');
    await call('PATCH', `/api/v1/jobs/${job.body.data.id}/applications/${applied.body.data.id}`, { token: owner.admin.token, body: { status: 'accepted' } });
    await applicantSocket.waitFor((m) => m.type === 'jobs.application.reviewed');
    await sleep(300);
    expect(memberSocket.messages.map((m) => m.type)).not.toContain('jobs.application.submitted');
    expect(memberSocket.messages.map((m) => m.type)).not.toContain('jobs.application.reviewed');
    expect(applicantSocket.messages.map((m) => m.type)).not.toContain('jobs.application.submitted');
    for (const s of [adminSocket, memberSocket, applicantSocket]) s.ws.close(1000);
  });
});

describe('throttles and limits', () => {
  it('checks at most 10 passwords for one email however many guesses arrive at once; the right one is refused then', async () => {
    const t = await registerCompany();
    const u = await addUser(t.company.id, 'cliente');
    const guesses = await Promise.all(
      Array.from({ length: 25 }, (_, i) => call('POST', '/api/v1/auth/login', { body: { email: u.user.email, password: `guess-number-${i}` } })),
    );
    const statuses = guesses.map((g) => g.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(15);
    const right = await call('POST', '/api/v1/auth/login', { body: { email: u.user.email, password: PASSWORD } });
    expectError(right, 429, 'RATE_LIMITED');
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('limits login attempts per client address (RATE_LIMIT_LOGIN), whatever the email', async () => {
    const ip = address();
    for (let i = 0; i < 3; i++) {
      const res = await callWith({ RATE_LIMIT_LOGIN: '3' }, ip, 'POST', '/api/v1/auth/login', { body: { email: `nobody-${i}@example.com`, password: 'whatever-password' } });
      expect(res.status).toBe(401);
    }
    const over = await callWith({ RATE_LIMIT_LOGIN: '3' }, ip, 'POST', '/api/v1/auth/login', { body: { email: 'someone@example.com', password: 'whatever-password' } });
    expect(over.status).toBe(429);
    expect(over.body.code).toBe('RATE_LIMITED');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await callWith({ RATE_LIMIT_LOGIN: '3' }, address(), 'POST', '/api/v1/auth/login', { body: { email: 'x@example.com', password: 'whatever-password' } })).status).toBe(401);
  });

  it('limits registrations per client address (RATE_LIMIT_REGISTER), and changes nothing when refused', async () => {
    const ip = address();
    const body = () => ({ companyName: 'Loop Co', name: 'L', email: `loop-${crypto.randomUUID()}@example.com`, password: PASSWORD });
    expect((await callWith({ RATE_LIMIT_REGISTER: '2' }, ip, 'POST', '/api/v1/auth/register', { body: body() })).status).toBe(201);
    expect((await callWith({ RATE_LIMIT_REGISTER: '2' }, ip, 'POST', '/api/v1/auth/register', { body: body() })).status).toBe(201);
    const refused = body();
    const over = await callWith({ RATE_LIMIT_REGISTER: '2' }, ip, 'POST', '/api/v1/auth/register', { body: refused });
    expect(over.status).toBe(429);
    expect(await db().select().from(users).where(eq(users.email, refused.email))).toHaveLength(0);
  });

  it('limits anonymous lists and searches per address (RATE_LIMIT_ANON_READ); signed-in callers are not counted', async () => {
    const t = await registerCompany();
    const ip = address();
    const vars = { RATE_LIMIT_ANON_READ: '2' };
    expect((await callWith(vars, ip, 'GET', '/api/v1/jobs?search=technician')).status).toBe(200);
    expect((await callWith(vars, ip, 'GET', '/api/v1/jobs')).status).toBe(200);
    const over = await callWith(vars, ip, 'GET', '/api/v1/jobs');
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBeTruthy();
    expect((await callWith(vars, ip, 'GET', '/api/v1/jobs', { token: t.admin.token })).status).toBe(200);
  });

  it('allows 25 webhook endpoints per company (409 beyond), even when created at once', async () => {
    const t = await registerCompany();
    const create = (i: number) => call('POST', '/api/v1/webhooks', { token: t.admin.token, body: { url: `https://hooks.example.com/${i}`, events: ['*'] } });
    for (let i = 0; i < 20; i++) expect((await create(i)).status).toBe(201);
    const racing = await Promise.all(Array.from({ length: 10 }, (_, i) => create(100 + i)));
    expect(racing.filter((r) => r.status === 201)).toHaveLength(5);
    for (const r of racing.filter((x) => x.status !== 201)) expectError(r, 409, 'CONFLICT');
    expect(racing.find((r) => r.status === 409)!.body.error).toMatch(/at most 25 webhook endpoints/);
    expect((await call('GET', '/api/v1/webhooks?limit=100', { token: t.admin.token })).body.meta.total).toBe(25);
  });

  it('refuses pages deeper than 10,000 rows', async () => {
    expectError(await call('GET', '/api/v1/jobs?page=101&limit=100'), 400, 'VALIDATION_FAILED');
    expect((await call('GET', '/api/v1/jobs?page=100&limit=100')).status).toBe(200);
    const t = await registerCompany();
    const res = await call('GET', '/api/v1/employees?page=10001', { token: t.admin.token });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.details[0].path).toBe('page');
  });
});

describe('search words', () => {
  it('ignores words under 2 characters, matches 2-character words exactly and prefixes from 3', async () => {
    const t = await registerCompany();
    await call('POST', '/api/v1/jobs', { token: t.admin.token, body: { title: 'Kiln operator QX', description: 'Operate the kiln at the QX plant.', types: ['internal'], vacancies: 1 } });
    const all = await call('GET', `/api/v1/jobs?companyId=${t.company.id}`, { token: t.admin.token });
    const oneLetter = await call('GET', `/api/v1/jobs?companyId=${t.company.id}&search=k`, { token: t.admin.token });
    expect(oneLetter.status).toBe(200);
    expect(oneLetter.body.meta.total).toBe(all.body.meta.total); // ignored: the plain list
    expect((await call('GET', `/api/v1/jobs?companyId=${t.company.id}&search=qx`, { token: t.admin.token })).body.meta.total).toBe(1);
    expect((await call('GET', `/api/v1/jobs?companyId=${t.company.id}&search=ki`, { token: t.admin.token })).body.meta.total).toBe(0); // no prefix at 2
    expect((await call('GET', `/api/v1/jobs?companyId=${t.company.id}&search=kil`, { token: t.admin.token })).body.meta.total).toBe(1);
    expectError(await call('GET', '/api/v1/jobs?search=%25%25', { token: t.admin.token }), 400, 'VALIDATION_FAILED');
  });

  it('takes % and _ literally in the employee search', async () => {
    const t = await registerCompany();
    await addUser(t.company.id, 'cliente', { email: `under_score-${crypto.randomUUID().slice(0, 6)}@example.com` });
    await addUser(t.company.id, 'cliente', { email: `underxscore-${crypto.randomUUID().slice(0, 6)}@example.com` });
    const res = await call('GET', `/api/v1/employees?search=${encodeURIComponent('under_')}`, { token: t.admin.token });
    expect(res.body.data.map((u: { email: string }) => u.email.slice(0, 11))).toEqual(['under_score']);
    expect((await call('GET', `/api/v1/employees?search=${encodeURIComponent('%%')}`, { token: t.admin.token })).body.data).toEqual([]);
    // One character is ignored like every search word under 2 characters (not a literal filter, not a wildcard).
    expect((await call('GET', `/api/v1/employees?search=${encodeURIComponent('%')}`, { token: t.admin.token })).body.meta.total).toBe(3);
  });
});

describe('two accepts for the last vacancy', () => {
  it('fill the job exactly: one wins, the other is 409, never more accepted than vacancies', async () => {
    const owner = await registerCompany();
    const second = await addUser(owner.company.id, 'admin_empresa');
    const job = await call('POST', '/api/v1/jobs', { token: owner.admin.token, body: { title: 'Last seat', description: 'One vacancy, two accepts.', types: ['public'], vacancies: 1 } });
    const a = await registerCompany();
    const b = await registerCompany();
    const appA = await call('POST', `/api/v1/jobs/${job.body.data.id}/apply`, { token: a.admin.token, body: {} });
    const appB = await call('POST', `/api/v1/jobs/${job.body.data.id}/apply`, { token: b.admin.token, body: {} });
    const [r1, r2] = await Promise.all([
      call('PATCH', `/api/v1/jobs/${job.body.data.id}/applications/${appA.body.data.id}`, { token: owner.admin.token, body: { status: 'accepted' } }),
      call('PATCH', `/api/v1/jobs/${job.body.data.id}/applications/${appB.body.data.id}`, { token: second.token, body: { status: 'accepted' } }),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([200, 409]);
    const listed = await call('GET', `/api/v1/jobs/${job.body.data.id}/applications`, { token: owner.admin.token });
    expect(listed.body.meta).toMatchObject({ accepted: 1, vacanciesLeft: 0 });
    expect((await call('GET', `/api/v1/jobs/${job.body.data.id}`, { token: owner.admin.token })).body.data.status).toBe('filled');
  });
});
