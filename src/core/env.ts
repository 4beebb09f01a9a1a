import type { DrizzleD1Database } from 'drizzle-orm/d1';
import type { Caller, Viewer } from './auth/caller';
import type { Config } from './config';
import type { Ctx } from './context';

/** The per-request drizzle client; `$client` is the (possibly instrumented) D1 binding it runs on. */
export type Db = DrizzleD1Database & { $client: D1Database };

export type HonoEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    config: Config;
    db: Db;
    /** The use-case context of this request (see Ctx). */
    ctx: Ctx;
    /** Set by `auth()`: the authenticated caller. */
    caller: Caller;
    /** Set by `auth()` or `optionalAuth`: the caller, or undefined for anonymous visitors. */
    viewer: Viewer;
    /** Steps a benchmark asked to skip, to measure their cost (empty unless D1_STATS is on outside production). */
    benchSkip: ReadonlySet<string>;
  };
};
