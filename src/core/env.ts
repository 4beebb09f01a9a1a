import type { DrizzleD1Database } from 'drizzle-orm/d1';
import type { Role } from './auth/roles';

/** The per-request drizzle client; `$client` is the (possibly instrumented) D1 binding it runs on. */
export type Db = DrizzleD1Database & { $client: D1Database };

/** The authenticated caller, taken from a verified access token only. */
export interface AuthUser {
  id: string;
  email: string;
  companyId: string;
  role: Role;
  exp: number;
}

export type HonoEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    db: Db;
    user: AuthUser;
    /** Set by optionalAuth when a valid token was sent; absent for anonymous callers. */
    maybeUser: AuthUser | undefined;
  };
};
