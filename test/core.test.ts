import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { HonoEnv } from '../src/core/env';
import { onError } from '../src/core/on-error';
import { listQuery } from '../src/core/list';
import { validate } from '../src/core/validation';
import { call, expectError, registerCompany } from './helpers';

describe('health', () => {
  it('reports D1 connected', async () => {
    const res = await call('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'healthy', database: 'connected' });
    expect(Date.parse(res.body.timestamp)).not.toBeNaN();
  });
});

describe('request plumbing', () => {
  it('answers /api/v1/ping without touching D1', async () => {
    const res = await call('GET', '/api/v1/ping');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, data: { pong: true } });
  });

  it('puts a request id on every response, success or error', async () => {
    const ok = await call('GET', '/health');
    const missing = await call('GET', '/api/v1/nope');
    expect(ok.headers.get('x-request-id')).toMatch(/.{8,}/);
    expect(missing.headers.get('x-request-id')).toMatch(/.{8,}/);
    expect(ok.headers.get('x-request-id')).not.toBe(missing.headers.get('x-request-id'));
  });

  it('answers unknown /api routes with a JSON 404 envelope', async () => {
    expectError(await call('GET', '/api/v1/does-not-exist'), 404, 'NOT_FOUND');
  });

  it('sets secure headers', async () => {
    const res = await call('GET', '/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('allows CORS only for allowlisted origins', async () => {
    const allowed = await call('OPTIONS', '/api/v1/auth/login', {
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const denied = await call('OPTIONS', '/api/v1/auth/login', {
      headers: { origin: 'https://evil.example.net', 'access-control-request-method': 'POST' },
    });
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('malformed bodies never reach a 500', () => {
  const bodies: [string, { rawBody: string; headers: Record<string, string> }, number, string][] = [
    ['broken JSON', { rawBody: '{"email": ', headers: { 'content-type': 'application/json' } }, 400, 'BAD_REQUEST'],
    ['JSON null', { rawBody: 'null', headers: { 'content-type': 'application/json' } }, 400, 'VALIDATION_FAILED'],
    ['JSON array', { rawBody: '[1,2]', headers: { 'content-type': 'application/json' } }, 400, 'VALIDATION_FAILED'],
    ['JSON string', { rawBody: '"hi"', headers: { 'content-type': 'application/json' } }, 400, 'VALIDATION_FAILED'],
    ['empty JSON body', { rawBody: '', headers: { 'content-type': 'application/json' } }, 400, 'BAD_REQUEST'],
    ['form body', { rawBody: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['text body', { rawBody: 'hello', headers: { 'content-type': 'text/plain' } }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['wrong types', { rawBody: '{"email": 5, "password": []}', headers: { 'content-type': 'application/json' } }, 400, 'VALIDATION_FAILED'],
  ];
  for (const [name, opts, status, code] of bodies) {
    it(`${name} → ${status} ${code}`, async () => {
      expectError(await call('POST', '/api/v1/auth/login', opts), status, code);
    });
  }

  it('refuses bodies over 1 MiB with 413', async () => {
    const big = JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(1024 * 1024 + 10) });
    expectError(
      await call('POST', '/api/v1/auth/login', { rawBody: big, headers: { 'content-type': 'application/json' } }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('lists every bad field in details with its path', async () => {
    const res = await call('POST', '/api/v1/auth/register', { body: { companyName: 'A', name: '', email: 'nope', password: 'short' } });
    expectError(res, 400, 'VALIDATION_FAILED');
    const paths = res.body.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['companyName', 'email', 'name', 'password']);
  });
});

describe('list query rules', () => {
  it('defaults, clamps limit to 100, and returns empty pages past the end with correct meta', async () => {
    const t = await registerCompany();
    const def = await call('GET', '/api/v1/employees', { token: t.admin.token });
    expect(def.body.meta).toEqual({ total: 1, page: 1, limit: 20, totalPages: 1 });
    const clamped = await call('GET', '/api/v1/employees?limit=5000', { token: t.admin.token });
    expect(clamped.body.meta.limit).toBe(100);
    const past = await call('GET', '/api/v1/employees?page=9', { token: t.admin.token });
    expect(past.status).toBe(200);
    expect(past.body.data).toEqual([]);
    expect(past.body.meta).toEqual({ total: 1, page: 9, limit: 20, totalPages: 1 });
  });

  it.each([
    ['sortBy=password', 'sortBy'],
    ['sortOrder=up', 'sortOrder'],
    ['page=0', 'page'],
    ['limit=0', 'limit'],
    ['page=abc', 'page'],
    ['status=deleted', 'status'],
  ])('%s → 400 naming %s', async (qs, path) => {
    const t = await registerCompany();
    const res = await call('GET', `/api/v1/employees?${qs}`, { token: t.admin.token });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.details[0].path).toBe(path);
  });

  it('parses comma lists as any-of', () => {
    const schema = listQuery(['createdAt']);
    expect(schema.parse({}).sortOrder).toBe('desc');
    expect(() => schema.parse({ sortBy: 'x' })).toThrow();
  });
});

describe('onError', () => {
  const app = new Hono<HonoEnv>()
    .get('/boom', () => {
      throw new Error('SELECT secret FROM users -- should never leak');
    })
    .get('/v', validate('query', z.object({ n: z.coerce.number().int() })), (c) => c.json(c.req.valid('query')));
  app.onError(onError);

  it('hides internals of unexpected errors behind a 500 INTERNAL envelope', async () => {
    const res = await app.request('/boom', {}, { ENVIRONMENT: 'test' });
    expect(res.status).toBe(500);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ success: false, code: 'INTERNAL' });
    expect(JSON.stringify(body)).not.toMatch(/SELECT|secret|stack/);
  });

  it('turns validator failures into VALIDATION_FAILED', async () => {
    const res = await app.request('/v?n=abc');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'n' }] });
  });
});

describe('D1 accounting (dev/bench only)', () => {
  it('counts round trips and rows read, and returns the same rows as the plain binding', async () => {
    const { env } = await import('cloudflare:workers');
    const { instrumentD1 } = await import('../src/core/db/stats');
    const { createDb } = await import('../src/core/db/client');
    const { companies } = await import('../src/core/tenancy/tenancy.table');
    await registerCompany();
    const stats = { roundTrips: 0, rowsRead: 0, rowsWritten: 0 };
    const measured = createDb(instrumentD1(env.DB, stats));
    const plain = createDb(env.DB);
    expect(await measured.select().from(companies).limit(5)).toEqual(await plain.select().from(companies).limit(5));
    expect(stats.roundTrips).toBe(1);
    await measured.batch([measured.select().from(companies).limit(1), measured.select({ id: companies.id }).from(companies).limit(1)]);
    expect(stats.roundTrips).toBe(2);
    expect(stats.rowsRead).toBeGreaterThan(0);
  });
});
