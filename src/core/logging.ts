import { createMiddleware } from 'hono/factory';
import type { HonoEnv } from './env';

type Level = 'info' | 'warn' | 'error';

/** One structured JSON line; never pass secrets or tokens in `fields`. */
export function log(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, msg, time: new Date().toISOString(), ...fields });
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.info(line);
}

const SLOW_MS = 1000;

/** One line per request with id, route, status, duration and tenant; slow requests are logged as warnings. */
export const requestLogger = createMiddleware<HonoEnv>(async (c, next) => {
  const started = Date.now();
  await next();
  const ms = Date.now() - started;
  if (c.var.config?.quiet && ms <= SLOW_MS) return;
  log(ms > SLOW_MS ? 'warn' : 'info', 'request', {
    requestId: c.get('requestId'),
    method: c.req.method,
    route: c.req.routePath,
    path: c.req.path,
    status: c.res.status,
    ms,
    tenant: c.var.viewer?.companyId ?? null,
  });
});
