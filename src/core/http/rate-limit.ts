import { DurableObject } from 'cloudflare:workers';
import { createMiddleware } from 'hono/factory';
import type { Config } from '../config';
import type { HonoEnv } from '../env';
import { ApiError } from '../errors';

/**
 * Fixed-window counters, one Durable Object per (limit, client address): a hit is counted durably (SQLite storage)
 * and answered in one call. The Workers rate-limiting binding would be cheaper, but it only offers 10 s and 60 s
 * windows, and the limits here are per 10 and 15 minutes.
 */
export class RateLimiter extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS hits (window INTEGER PRIMARY KEY, n INTEGER NOT NULL)');
    });
  }

  /** Counts a hit in the current window; `allowed` false once over `limit` (with the seconds until the window ends). */
  async hit(limit: number, windowMs: number): Promise<{ allowed: boolean; retryAfterS: number; count: number }> {
    const now = Date.now();
    const window = Math.floor(now / windowMs);
    const [row] = this.ctx.storage.sql
      .exec<{ n: number }>('INSERT INTO hits (window, n) VALUES (?, 1) ON CONFLICT (window) DO UPDATE SET n = n + 1 RETURNING n', window)
      .toArray();
    this.ctx.storage.sql.exec('DELETE FROM hits WHERE window < ?', window);
    const count = row?.n ?? 1;
    return { allowed: count <= limit, retryAfterS: Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000)), count };
  }
}

/** The limits, their configuration variables (see the README's security notes) and windows. */
export const LIMITS = {
  register: { variable: 'RATE_LIMIT_REGISTER', windowMs: 10 * 60_000, what: 'registrations from this address' },
  login: { variable: 'RATE_LIMIT_LOGIN', windowMs: 15 * 60_000, what: 'login attempts from this address' },
  public: { variable: 'RATE_LIMIT_PUBLIC', windowMs: 10 * 60_000, what: 'anonymous requests from this address' },
  anonRead: { variable: 'RATE_LIMIT_ANON_READ', windowMs: 60_000, what: 'anonymous searches from this address' },
} as const satisfies Record<string, { variable: keyof Config; windowMs: number; what: string }>;
export type LimitName = keyof typeof LIMITS;

/** The client's address as Cloudflare reports it (`CF-Connecting-IP`; local tools set it too). */
export const clientAddress = (req: { header(name: string): string | undefined }) => req.header('cf-connecting-ip') || 'unknown';

/** Counts a hit against `name` for `address`; 429 RATE_LIMITED with Retry-After when over the configured limit. */
export async function limitHit(env: Env, config: Config, name: LimitName, address: string): Promise<void> {
  const spec = LIMITS[name];
  const limit = config[spec.variable] as number;
  const stub = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(`${name}:${address}`));
  const verdict = await stub.hit(limit, spec.windowMs);
  if (!verdict.allowed) {
    throw new ApiError('RATE_LIMITED', `Too many ${spec.what}. Try again in ${verdict.retryAfterS} s.`, { headers: { 'Retry-After': String(verdict.retryAfterS) } });
  }
}

/** A route's limit per client address (for anonymous writes and registration); `anonymousOnly` skips signed-in callers. */
export const rateLimit = (name: LimitName, opts: { anonymousOnly?: boolean } = {}) =>
  createMiddleware<HonoEnv>(async (c, next) => {
    if (!(opts.anonymousOnly && c.req.header('authorization'))) await limitHit(c.env, c.var.config, name, clientAddress(c.req));
    await next();
  });
