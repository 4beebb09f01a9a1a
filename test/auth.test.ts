import { env } from 'cloudflare:workers';
import { sign } from 'hono/jwt';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { hashPassword, PBKDF2_ITERATIONS, verifyPassword } from '../src/core/auth/passwords';
import { findRefreshToken, LOST_ANSWER_LEEWAY_MS, retireLostSuccessor } from '../src/modules/auth/auth.queries';
import { loginFailures } from '../src/modules/auth/auth.table';
import { addUser, call, db, expectError, PASSWORD, registerCompany, unique } from './helpers';

const login = (email: string, password = PASSWORD) => call('POST', '/api/v1/auth/login', { body: { email, password } });

describe('passwords', () => {
  it('uses PBKDF2-SHA256 at exactly 100,000 iterations (the production Workers cap) in a self-describing format', async () => {
    expect(PBKDF2_ITERATIONS).toBe(100_000);
    const stored = await hashPassword('a-long-password');
    const [scheme, iterations, salt, hash] = stored.split('$');
    expect(scheme).toBe('pbkdf2-sha256');
    expect(Number(iterations)).toBe(100_000);
    expect(atob(salt!).length).toBe(16);
    expect(atob(hash!).length).toBe(32);
    expect(await verifyPassword('a-long-password', stored)).toBe(true);
    expect(await verifyPassword('a-long-passworD', stored)).toBe(false);
    expect(await hashPassword('a-long-password')).not.toBe(stored);
  });

  it('refuses stored hashes above the iteration cap or in unknown formats', async () => {
    expect(await verifyPassword('x', 'bcrypt$10$abc$def')).toBe(false);
    expect(await verifyPassword('x', 'pbkdf2-sha256$200000$AAAA$AAAA')).toBe(false);
  });
});

describe('POST /auth/register', () => {
  it('creates a company and its admin_empresa, returning tokens and no secrets', async () => {
    const email = `${unique('Reg')}@Example.com`;
    const res = await call('POST', '/api/v1/auth/register', {
      body: { companyName: 'Acme Tools', name: 'Ana', email, password: PASSWORD },
    });
    expect(res.status).toBe(201);
    const { token, refreshToken, user, company } = res.body.data;
    expect(token.split('.')).toHaveLength(3);
    expect(refreshToken.length).toBeGreaterThan(30);
    expect(user).toMatchObject({ email: email.toLowerCase(), role: 'admin_empresa', companyId: company.id, status: 'active', skills: [] });
    expect(Object.keys(user).sort()).toEqual(['companyId', 'createdAt', 'email', 'id', 'name', 'role', 'skills', 'status', 'updatedAt']);
    expect(company).toMatchObject({ name: 'Acme Tools', description: '', website: null });
    expect(JSON.stringify(res.body)).not.toMatch(/pbkdf2|passwordHash/);
  });

  it('refuses a duplicate email with 409, case-insensitively', async () => {
    const t = await registerCompany();
    const res = await call('POST', '/api/v1/auth/register', {
      body: { companyName: 'Other', name: 'X', email: t.admin.user.email.toUpperCase(), password: PASSWORD },
    });
    expectError(res, 409, 'CONFLICT');
  });

  it.each([
    ['short password', { password: 'short' }, 'password'],
    ['long password', { password: 'x'.repeat(129) }, 'password'],
    ['bad email', { email: 'not-an-email' }, 'email'],
    ['missing company', { companyName: undefined }, 'companyName'],
  ])('%s → 400', async (_n, override, path) => {
    const body = { companyName: 'Co', name: 'N', email: `${unique('v')}@example.com`, password: PASSWORD, ...override };
    const res = await call('POST', '/api/v1/auth/register', { body });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('refuses mass assignment of role, companyId or id (strict body) and creates nothing', async () => {
    const email = `${unique('mass')}@example.com`;
    for (const extra of [{ role: 'DEV' }, { companyId: crypto.randomUUID() }, { id: crypto.randomUUID() }]) {
      const res = await call('POST', '/api/v1/auth/register', {
        body: { companyName: 'Co', name: 'N', email, password: PASSWORD, ...extra },
      });
      expectError(res, 400, 'VALIDATION_FAILED');
    }
    expectError(await login(email), 401, 'INVALID_CREDENTIALS');
  });
});

describe('POST /auth/login', () => {
  it('logs in with the right password and refuses a wrong one or unknown email with the same message', async () => {
    const t = await registerCompany();
    const ok = await login(t.admin.user.email);
    expect(ok.status).toBe(200);
    expect(ok.body.data.user.id).toBe(t.admin.user.id);
    const wrong = await login(t.admin.user.email, 'wrong-password-123');
    const unknown = await login(`${unique('ghost')}@example.com`);
    expectError(wrong, 401, 'INVALID_CREDENTIALS');
    expectError(unknown, 401, 'INVALID_CREDENTIALS');
    expect(wrong.body.error).toBe(unknown.body.error);
  });

  it('refuses inactive users with the right password exactly like a wrong password (no account confirmation)', async () => {
    const t = await registerCompany();
    const u = await addUser(t.company.id, 'cliente', { status: 'inactive' });
    const right = await login(u.user.email);
    const wrong = await login(u.user.email, 'not-the-password');
    expectError(right, 401, 'INVALID_CREDENTIALS');
    expect(right.body.error).toBe(wrong.body.error);
  });

  it('throttles an email after 10 failures in 15 minutes, refusing even the right password, with Retry-After', async () => {
    const t = await registerCompany();
    for (let i = 0; i < 10; i++) expectError(await login(t.admin.user.email, `wrong-${i}-password`), 401, 'INVALID_CREDENTIALS');
    const blocked = await login(t.admin.user.email);
    expectError(blocked, 429, 'RATE_LIMITED');
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // Another email is unaffected.
    expect((await login((await registerCompany()).admin.user.email)).status).toBe(200);
  });

  it('lets the email in again once the failures fall out of the window', async () => {
    const t = await registerCompany();
    for (let i = 0; i < 10; i++) await login(t.admin.user.email, `wrong-${i}-password`);
    expectError(await login(t.admin.user.email), 429, 'RATE_LIMITED');
    const old = new Date(Date.now() - 16 * 60 * 1000).toISOString();
    await db().update(loginFailures).set({ createdAt: old }).where(eq(loginFailures.email, t.admin.user.email));
    expect((await login(t.admin.user.email)).status).toBe(200);
  });
});

describe('POST /auth/refresh and /auth/logout', () => {
  it('rotates: a refresh token works once and returns a new pair', async () => {
    const t = await registerCompany();
    const first = await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: t.refreshToken } });
    expect(first.status).toBe(200);
    expect(first.body.data.refreshToken).not.toBe(t.refreshToken);
    const second = await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.body.data.refreshToken } });
    expect(second.status).toBe(200);
  });

  it('detects reuse and revokes the whole family, newer tokens included', async () => {
    const t = await registerCompany();
    const rotated = await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: t.refreshToken } });
    const newer = rotated.body.data.refreshToken;
    expectError(await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: t.refreshToken } }), 401, 'UNAUTHENTICATED');
    expectError(await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: newer } }), 401, 'UNAUTHENTICATED');
  });

  it('keeps other login families alive when one is revoked', async () => {
    const t = await registerCompany();
    const other = await login(t.admin.user.email);
    await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: t.refreshToken } });
    await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: t.refreshToken } }); // reuse → family revoked
    expect((await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: other.body.data.refreshToken } })).status).toBe(200);
  });

  it('refuses unknown tokens', async () => {
    expectError(await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: 'nope' } }), 401, 'UNAUTHENTICATED');
    expectError(await call('POST', '/api/v1/auth/refresh', { body: {} }), 400, 'VALIDATION_FAILED');
  });

  it('logout revokes the family of the given refresh token', async () => {
    const t = await registerCompany();
    const out = await call('POST', '/api/v1/auth/logout', { token: t.admin.token, body: { refreshToken: t.refreshToken } });
    expect(out.status).toBe(200);
    expectError(await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: t.refreshToken } }), 401, 'UNAUTHENTICATED');
  });

  it("logout cannot revoke another user's sessions", async () => {
    const a = await registerCompany();
    const b = await registerCompany();
    await call('POST', '/api/v1/auth/logout', { token: b.admin.token, body: { refreshToken: a.refreshToken } });
    expect((await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: a.refreshToken } })).status).toBe(200);
  });

  it('logout requires authentication', async () => {
    const t = await registerCompany();
    expectError(await call('POST', '/api/v1/auth/logout', { body: { refreshToken: t.refreshToken } }), 401, 'UNAUTHENTICATED');
  });

  it('keeps the web session in an HttpOnly cookie scoped to the auth routes: refresh and logout work with it alone', async () => {
    const t = await registerCompany();
    const res = await login(t.admin.user.email);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^completo_rt=[^;]+;/);
    for (const attr of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/api/v1/auth', 'Max-Age=2592000']) expect(setCookie).toContain(attr);
    expect(setCookie).toContain(`completo_rt=${res.body.data.refreshToken}`);
    const cookie = (v: string) => ({ cookie: `completo_rt=${v}` });
    const refreshed = await call('POST', '/api/v1/auth/refresh', { body: {}, headers: cookie(res.body.data.refreshToken) });
    expect(refreshed.status).toBe(200);
    const next = /completo_rt=([^;]+)/.exec(refreshed.headers.get('set-cookie')!)![1]!;
    expect(next).toBe(refreshed.body.data.refreshToken);
    // Once its successor has been used, the spent cookie is reuse like a body token: the family ends.
    expect((await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: next } })).status).toBe(200);
    expectError(await call('POST', '/api/v1/auth/refresh', { body: {}, headers: cookie(res.body.data.refreshToken) }), 401, 'UNAUTHENTICATED');
    const fresh = await login(t.admin.user.email);
    const out = await call('POST', '/api/v1/auth/logout', { token: fresh.body.data.token, body: {}, headers: cookie(fresh.body.data.refreshToken) });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/completo_rt=;.*Max-Age=0/);
    expectError(await call('POST', '/api/v1/auth/refresh', { body: {}, headers: cookie(fresh.body.data.refreshToken) }), 401, 'UNAUTHENTICATED');
  });

  describe('a refresh answer lost to a reload (the web session cookie)', () => {
    const cookie = (v: string) => ({ cookie: `completo_rt=${v}` });
    const cookieOf = (res: { headers: Headers }) => /completo_rt=([^;]+)/.exec(res.headers.get('set-cookie')!)![1]!;
    const viaCookie = (v: string) => call('POST', '/api/v1/auth/refresh', { body: {}, headers: cookie(v) });
    const viaBody = (v: string) => call('POST', '/api/v1/auth/refresh', { body: { refreshToken: v } });

    it('presenting the spent cookie again while its successor is unreceived and unused retires that successor and answers', async () => {
      const t = await registerCompany();
      const a = (await login(t.admin.user.email)).body.data.refreshToken as string;
      const lost = cookieOf(await viaCookie(a)); // the browser reloaded: this answer never arrived
      const retry = await viaCookie(a);
      expect(retry.status).toBe(200);
      const c = cookieOf(retry);
      expect(c).not.toBe(lost);
      expect(retry.body.data.user.id).toBe(t.admin.user.id);
      // The new cookie carries the session on; the unreceived one is dead, and presenting it is theft: the family ends.
      const d = cookieOf(await viaCookie(c));
      expectError(await viaCookie(lost), 401, 'UNAUTHENTICATED');
      expectError(await viaCookie(d), 401, 'UNAUTHENTICATED');
    });

    it('only once: a third presentation of the spent cookie, after a later rotation, is reuse', async () => {
      const t = await registerCompany();
      const a = (await login(t.admin.user.email)).body.data.refreshToken as string;
      await viaCookie(a);
      const c = cookieOf(await viaCookie(a));
      expectError(await viaCookie(a), 401, 'UNAUTHENTICATED');
      expectError(await viaCookie(c), 401, 'UNAUTHENTICATED');
    });

    it('never for a body token: API clients keep the strict rule', async () => {
      const t = await registerCompany();
      const a = (await login(t.admin.user.email)).body.data.refreshToken as string;
      const b = (await viaBody(a)).body.data.refreshToken as string;
      expectError(await viaBody(a), 401, 'UNAUTHENTICATED');
      expectError(await viaBody(b), 401, 'UNAUTHENTICATED');
    });

    it('never for a deactivated user', async () => {
      const t = await registerCompany();
      const u = await addUser(t.company.id, 'cliente');
      const a = (await login(u.user.email)).body.data.refreshToken as string;
      await viaCookie(a);
      await call('PATCH', `/api/v1/employees/${u.user.id}`, { token: t.admin.token, body: { status: 'inactive' } });
      expectError(await viaCookie(a), 401, 'UNAUTHENTICATED');
    });

    it('two concurrent retries retire the successor once: exactly one answers', async () => {
      const t = await registerCompany();
      const a = (await login(t.admin.user.email)).body.data.refreshToken as string;
      await viaCookie(a);
      const statuses = (await Promise.all([viaCookie(a), viaCookie(a)])).map((r) => r.status).sort();
      expect(statuses).toEqual([200, 401]);
    });

    it('not after the leeway', async () => {
      const t = await registerCompany();
      const a = (await login(t.admin.user.email)).body.data.refreshToken as string;
      await viaCookie(a);
      const spent = await findRefreshToken(db(), a);
      expect(await retireLostSuccessor(db(), spent!, Date.parse(spent!.usedAt!) + LOST_ANSWER_LEEWAY_MS + 1)).toBe(false);
      expect(await retireLostSuccessor(db(), spent!, Date.parse(spent!.usedAt!) + LOST_ANSWER_LEEWAY_MS - 1)).toBe(true);
    });
  });

  it('refuses refresh for a deactivated user', async () => {
    const t = await registerCompany();
    const u = await addUser(t.company.id, 'cliente');
    const session = await login(u.user.email);
    await call('PATCH', `/api/v1/employees/${u.user.id}`, { token: t.admin.token, body: { status: 'inactive' } });
    expectError(
      await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: session.body.data.refreshToken } }),
      401,
      'UNAUTHENTICATED',
    );
  });
});

describe('GET /auth/me and token verification', () => {
  it('returns the user and company of the token', async () => {
    const t = await registerCompany();
    const res = await call('GET', '/api/v1/auth/me', { token: t.admin.token });
    expect(res.status).toBe(200);
    expect(res.body.data.user.id).toBe(t.admin.user.id);
    expect(res.body.data.company.id).toBe(t.company.id);
  });

  const b64url = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

  it('refuses forged, expired and malformed tokens with 401', async () => {
    const t = await registerCompany();
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: t.admin.user.id, email: t.admin.user.email, companyId: t.company.id, role: 'admin_empresa', iat: now };
    const [h, p, s] = t.admin.token.split('.');
    const forged: Record<string, string> = {
      'alg none': `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ ...claims, exp: now + 60 })}.`,
      'wrong secret': await sign({ ...claims, exp: now + 60 }, 'another-secret', 'HS256'),
      'other alg (HS512)': await sign({ ...claims, exp: now + 60 }, env.JWT_SECRET, 'HS512'),
      expired: await sign({ ...claims, iat: now - 7200, exp: now - 3600 }, env.JWT_SECRET, 'HS256'),
      'no exp': await sign(claims, env.JWT_SECRET, 'HS256'),
      'tampered payload': `${h}.${b64url({ ...claims, role: 'DEV', exp: now + 60 })}.${s}`,
      'bad role claim': await sign({ ...claims, role: 'root', exp: now + 60 }, env.JWT_SECRET, 'HS256'),
      'no sub nor id': await sign({ ...claims, sub: undefined, exp: now + 60 }, env.JWT_SECRET, 'HS256'),
      garbage: 'not.a.jwt',
    };
    expect(p).toBeTruthy();
    for (const [name, token] of Object.entries(forged)) {
      const res = await call('GET', '/api/v1/auth/me', { token });
      expect(res.status, name).toBe(401);
      expect(res.body.code, name).toBe('UNAUTHENTICATED');
    }
    expectError(await call('GET', '/api/v1/auth/me'), 401, 'UNAUTHENTICATED');
    expectError(await call('GET', '/api/v1/auth/me', { headers: { authorization: 'Basic abc' } }), 401, 'UNAUTHENTICATED');
    // The contract's `sub|id`: a token of the previous version carrying the user id as `id` alone is accepted.
    const legacy = await sign({ ...claims, sub: undefined, id: t.admin.user.id, exp: now + 60 }, env.JWT_SECRET, 'HS256');
    const me = await call('GET', '/api/v1/auth/me', { token: legacy });
    expect(me.status).toBe(200);
    expect(me.body.data.user.id).toBe(t.admin.user.id);
  });

  it('still refuses a token once it expires, although its signature was already verified (and remembered)', async () => {
    const t = await registerCompany();
    const now = Math.floor(Date.now() / 1000);
    const token = await sign({ sub: t.admin.user.id, email: t.admin.user.email, companyId: t.company.id, role: 'admin_empresa', iat: now, exp: now + 1 }, env.JWT_SECRET, 'HS256');
    expect((await call('GET', '/api/v1/auth/me', { token })).status).toBe(200);
    expect((await call('GET', '/api/v1/auth/me', { token })).status).toBe(200);
    await new Promise((r) => setTimeout(r, (now + 1) * 1000 - Date.now() + 50));
    expectError(await call('GET', '/api/v1/auth/me', { token }), 401, 'UNAUTHENTICATED');
    // The same bytes under another secret are never taken from the cache.
    const { verifyAccessToken } = await import('../src/core/auth/tokens');
    await expect(verifyAccessToken('a-different-secret-entirely', t.admin.token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
