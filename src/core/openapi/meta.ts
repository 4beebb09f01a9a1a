import { createMiddleware } from 'hono/factory';
import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type { HonoEnv } from '../env';
import type { ErrorCode } from '../errors';
import { configOf } from '../config';

/** Metadata a middleware carries for the OpenAPI document (read back from `app.routes`). */
export const OPENAPI = Symbol.for('completo.openapi');

export type RouteMeta =
  | { part: 'doc'; doc: RouteDoc }
  | { part: 'request'; target: 'json' | 'query' | 'param'; schema: z.ZodType }
  | { part: 'security'; auth: 'required' | 'optional' | 'public'; permission?: string | undefined; keyFamily?: string | undefined };

export interface RouteDoc {
  summary: string;
  description?: string;
  /** Defaults to the first path segment after /api/v1. */
  tag?: string;
  /** The `data` of a success answer; omit for non-JSON answers (e.g. a WebSocket upgrade). */
  response?: z.ZodType;
  /** A list answer: `data` is an array of `response`, with `meta` (plus `extraMeta`). */
  list?: boolean;
  extraMeta?: z.ZodType;
  status?: 200 | 201 | 101;
  /** Error codes this route answers besides the automatic ones (400 on validation, 401/403 on auth, 404 on ids). */
  errors?: ErrorCode[];
}

/** Attaches OpenAPI metadata to a middleware. */
export function tag<M extends MiddlewareHandler>(mw: M, meta: RouteMeta): M {
  const list = ((mw as unknown as Record<symbol, RouteMeta[]>)[OPENAPI] ??= []);
  list.push(meta);
  return mw;
}

export const metaOf = (handler: unknown): RouteMeta[] => ((handler as Record<symbol, RouteMeta[]> | undefined)?.[OPENAPI] ?? []);

/**
 * Documents a route (summary, response schema, errors) for `GET /api/v1/openapi.json`. In tests it also checks every
 * successful JSON answer against the documented schema, so the document cannot drift from what the route returns.
 */
export function doc(d: RouteDoc) {
  const mw = createMiddleware<HonoEnv>(async (c, next) => {
    await next();
    if (!d.response || !c.res.ok || c.res.status === 101 || configOf(c.env).ENVIRONMENT !== 'test') return;
    const body = (await c.res.clone().json()) as { data?: unknown; meta?: unknown };
    const schema = d.response;
    const items = d.list ? (body.data as unknown[]) : [body.data];
    for (const item of items) {
      const result = schema.safeParse(item);
      if (!result.success) {
        throw new Error(`Response of ${c.req.method} ${c.req.routePath} does not match its documented schema: ${JSON.stringify(result.error.issues.slice(0, 3))}`);
      }
    }
  });
  return tag(mw, { part: 'doc', doc: d });
}
