// Secrets are not in wrangler.toml, so `wrangler types` only sees them when .dev.vars exists; declare them here.
interface __BaseEnv_Env {
  JWT_SECRET: string;
}

interface __BaseEnv_Env {
  /** Set to "error" to silence per-request info logs (benchmarks). */
  LOG_LEVEL?: string;
}


interface __BaseEnv_Env {
  /** Dev/bench only: "true" reports D1 round trips and rows read per request in Server-Timing. */
  D1_STATS?: string;
  /** Dev/bench only: multiplies the webhook retry schedule (e.g. 0.002) so a benchmark can finish. */
  WEBHOOK_RETRY_SCALE?: string;
}

interface __BaseEnv_Env {
  /** Seconds before the cron re-sends an unprocessed event or wakes an overdue webhook delivery (default 90). */
  OUTBOX_RESEND_AFTER_S?: string;
  RATE_LIMIT_REGISTER?: string;
  RATE_LIMIT_LOGIN?: string;
  RATE_LIMIT_PUBLIC?: string;
  RATE_LIMIT_ANON_READ?: string;
}

interface __BaseEnv_Env {
  /** "false" turns the D1 Sessions API off (the bench measures its overhead). */
  D1_SESSIONS?: string;
}
