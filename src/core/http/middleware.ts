import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import { ApiError } from '../errors';
import type { HonoEnv } from '../env';
import { configOf, type Config } from '../config';
import { createDb } from '../db/client';
import { instrumentD1, type D1Stats } from '../db/stats';
import type { Registry } from '../module';

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * D1 read replication (Sessions API): each request runs in a D1 session, so its reads may be served by a nearby
 * replica. The answer carries the session's bookmark in this header; a client that sends it back reads at least
 * everything up to it (its own writes included), whichever replica serves it.
 */
export const BOOKMARK_HEADER = 'X-D1-Bookmark';
const BOOKMARK = /^[0-9a-f]{8}(-[0-9a-f]{8}){2}-[0-9a-f]{32,64}$/i;

function openSession(db: D1Database, bookmark: string | undefined): D1DatabaseSession {
  if (bookmark && BOOKMARK.test(bookmark)) {
    try {
      return db.withSession(bookmark);
    } catch {
      // an unusable bookmark only loses read-your-writes for this request
    }
  }
  return db.withSession('first-unconstrained');
}

/** Browser origins allowed to call the API: `CORS_ORIGINS` plus the app's own origin. */
export const allowedOrigins = (config: Config, requestUrl: string) => new Set([...config.CORS_ORIGINS, new URL(requestUrl).origin]);

export const corsFromAllowlist = cors({
  origin: (origin, c) => (allowedOrigins(configOf(c.env as Env), c.req.url).has(origin) ? origin : null),
  allowMethods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'],
  allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', BOOKMARK_HEADER],
  exposeHeaders: ['X-Request-Id', 'Retry-After', 'Server-Timing', BOOKMARK_HEADER],
  maxAge: 600,
});

export const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new ApiError('PAYLOAD_TOO_LARGE', 'Request body must be at most 1 MiB');
  },
});

/**
 * Per-request services on the context: the parsed configuration (a broken one fails here, loudly), a drizzle client
 * bound to this invocation's D1 binding (instrumented when D1_STATS is on), and the use-case context.
 */
export const initServices = (registry: Registry) =>
  createMiddleware<HonoEnv>(async (c, next) => {
    const config = configOf(c.env);
    c.set('config', config);
    const stats: D1Stats | undefined = config.D1_STATS ? { roundTrips: 0, rowsRead: 0, rowsWritten: 0 } : undefined;
    // Bench knobs: with D1_STATS on outside production, `x-bench-skip: revocation,session` measures what a step costs.
    const skip = new Set(stats && config.ENVIRONMENT !== 'production' ? (c.req.header('x-bench-skip') ?? '').split(',').map((k) => k.trim()) : []);
    c.set('benchSkip', skip);
    const session = config.D1_SESSIONS && !skip.has('session') ? openSession(c.env.DB, c.req.header(BOOKMARK_HEADER)) : undefined;
    // A session has the D1 methods drizzle uses (prepare, batch).
    const d1 = (session as unknown as D1Database | undefined) ?? c.env.DB;
    const db = createDb(stats ? instrumentD1(d1, stats) : d1);
    c.set('db', db);
    c.set('ctx', { db, env: c.env, config, registry, defer: (work) => c.executionCtx.waitUntil(work) });
    await next();
    const bookmark = session?.getBookmark();
    if (bookmark) c.res.headers.set(BOOKMARK_HEADER, bookmark);
    if (stats) {
      c.res.headers.append(
        'Server-Timing',
        `d1rt;desc="${stats.roundTrips}", d1read;desc="${stats.rowsRead}", d1write;desc="${stats.rowsWritten}", d1each;desc="${(stats.perStatement ?? []).join(' ')}"`,
      );
    }
  });
