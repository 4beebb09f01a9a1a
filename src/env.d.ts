// Secrets are not in wrangler.toml, so `wrangler types` only sees them when .dev.vars exists; declare them here.
interface __BaseEnv_Env {
  JWT_SECRET: string;
}

interface __BaseEnv_Env {
  /** Set to "error" to silence per-request info logs (benchmarks). */
  LOG_LEVEL?: string;
}

