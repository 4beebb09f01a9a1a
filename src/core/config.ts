import { z } from 'zod';
import { validationError } from './validation';

const flag = z
  .enum(['true', 'false', ''])
  .optional()
  .transform((v) => v === 'true');

const csv = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((o) => o.trim().replace(/\/$/, ''))
      .filter(Boolean),
  );

const limit = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000_000).default(fallback);

/**
 * The Worker's variables and secrets, parsed once per environment object. A missing or weak `JWT_SECRET` fails every
 * request that needs the configuration, loudly (500 with the reason in the log), instead of surfacing later as a
 * confusing token error.
 */
const configSchema = z.object({
  JWT_SECRET: z.string({ message: 'is not set (wrangler secret put JWT_SECRET; locally .dev.vars)' }).min(16, 'must be at least 16 characters'),
  CORS_ORIGINS: csv,
  WEBHOOK_ALLOW_LOOPBACK: flag,
  ENVIRONMENT: z.string().optional().default('production'),
  LOG_LEVEL: z.enum(['info', 'warn', 'error', '']).optional(),
  D1_STATS: flag,
  /** D1 Sessions API (read replicas with read-your-writes bookmarks); on unless "false" (the bench compares both). */
  D1_SESSIONS: z
    .enum(['true', 'false', ''])
    .optional()
    .transform((v) => v !== 'false'),
  WEBHOOK_RETRY_SCALE: z.coerce.number().positive().max(1).optional(),
  /** Seconds after which the cron re-sends an event not yet processed, or wakes an overdue webhook delivery. */
  OUTBOX_RESEND_AFTER_S: z.coerce.number().int().min(1).max(3600).default(90),
  /** Registrations per client address per 10 minutes. */
  RATE_LIMIT_REGISTER: limit(20),
  /** Login attempts per client address per 15 minutes (besides 10 failures per email). */
  RATE_LIMIT_LOGIN: limit(100),
  /** Anonymous writes (public maintenance requests) per client address per 10 minutes. */
  RATE_LIMIT_PUBLIC: limit(30),
  /** Anonymous list and search requests per client address per minute. */
  RATE_LIMIT_ANON_READ: limit(600),
});

export type Config = z.output<typeof configSchema> & { quiet: boolean };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const parsed = new WeakMap<object, Config>();

/** The parsed configuration of `env` (cached per environment object, so parsing happens once per isolate). */
export function configOf(env: Env): Config {
  let config = parsed.get(env);
  if (!config) {
    const result = configSchema.safeParse(env);
    if (!result.success) throw new ConfigError(`Server misconfigured: ${validationError(result.error).message}`);
    config = { ...result.data, quiet: result.data.ENVIRONMENT === 'test' || result.data.LOG_LEVEL === 'error' };
    parsed.set(env, config);
  }
  return config;
}
