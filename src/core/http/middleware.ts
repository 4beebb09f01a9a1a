import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import { ApiError } from '../errors';
import type { HonoEnv } from '../env';
import { createDb } from '../db/client';
import { instrumentD1, type D1Stats } from '../db/stats';

export const MAX_BODY_BYTES = 1024 * 1024;

/** Browser origins allowed to call the API: `CORS_ORIGINS` (comma list) plus the app's own origin. */
export const allowedOrigins = (env: Env, requestUrl: string) => {
  const list = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim().replace(/\/$/, ''))
    .filter(Boolean);
  return new Set([...list, new URL(requestUrl).origin]);
};

export const corsFromAllowlist = cors({
  origin: (origin, c) => (allowedOrigins(c.env as Env, c.req.url).has(origin) ? origin : null),
  allowMethods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'],
  allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
  exposeHeaders: ['X-Request-Id', 'Retry-After', 'Server-Timing'],
  maxAge: 600,
});

export const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new ApiError('PAYLOAD_TOO_LARGE', 'Request body must be at most 1 MiB');
  },
});

/** Per-request services on the context (a drizzle client bound to this invocation's D1 binding). */
export const initServices = createMiddleware<HonoEnv>(async (c, next) => {
  if (c.env.D1_STATS !== 'true') {
    c.set('db', createDb(c.env.DB));
    return next();
  }
  const stats: D1Stats = { roundTrips: 0, rowsRead: 0, rowsWritten: 0 };
  c.set('db', createDb(instrumentD1(c.env.DB, stats)));
  await next();
  c.res.headers.append(
    'Server-Timing',
    `d1rt;desc="${stats.roundTrips}", d1read;desc="${stats.rowsRead}", d1write;desc="${stats.rowsWritten}", d1each;desc="${(stats.perStatement ?? []).join(' ')}"`,
  );
});
