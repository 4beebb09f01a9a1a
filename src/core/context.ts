import type { AuditEntry } from './audit/audit';
import type { Caller } from './auth/caller';
import { configOf, type Config } from './config';
import { createDb } from './db/client';
import type { Db } from './env';
import type { Registry } from './module';

/**
 * What a use-case runs with, whoever calls it (a route, an MCP tool, a queue handler, the cron): the request's
 * database client, the bindings, the parsed configuration, the module registry, and `defer` for work that must
 * finish after the answer (publishing events).
 */
export interface Ctx {
  db: Db;
  env: Env;
  config: Config;
  registry: Registry;
  defer(work: Promise<unknown>): void;
  /** Who is acting, when authenticated: writes made with an API key are audited by `commit`. */
  caller?: Caller | undefined;
  /**
   * The request an API key's write came in as (`DELETE /api/v1/cmms/workorders/:id`): the audit entry `commit` writes
   * for a change that emits no event, so every write made with a key is in the audit log.
   */
  operation?: AuditEntry | undefined;
}

/** A use-case context outside HTTP (queue consumer, cron, tests). */
export function createCtx(env: Env, registry: Registry, waitUntil: (work: Promise<unknown>) => void): Ctx {
  return { db: createDb(env.DB), env, config: configOf(env), registry, defer: waitUntil };
}
