import type { Role } from './roles';
import { isStaff } from './roles';

/**
 * Who is calling a use-case: a user (from an access token) or, for integrations, an API key acting for its company.
 * Use-cases take a Caller, never a Hono context, so REST routes and MCP tools run exactly the same rules.
 */
export interface Caller {
  kind: 'user' | 'apiKey';
  /** The user's id, or the API key's id. */
  id: string;
  companyId: string;
  role: Role;
  /** `null` for users (their role decides); for an API key, the scopes it was granted. */
  scopes: readonly string[] | null;
  /** When the credential stops being valid (seconds since epoch). */
  exp: number;
  /** For users: the account's auth version the token was issued with (see core/auth/session.ts). */
  authVersion: number;
  email?: string;
  /** For API keys: the key's name (shown as the actor in the audit log). */
  name?: string;
  /**
   * For API keys: the user who made the key. A record that must name a user as its author (a zettel) names them;
   * rights still come from the key's scopes, never from that user.
   */
  onBehalfOf?: string;
}

/** The user a record's author column names: the caller, or for an API key the user who made it. */
export const authorOf = (caller: Caller): string => (caller.kind === 'apiKey' && caller.onBehalfOf ? caller.onBehalfOf : caller.id);

/** The caller of a route that also serves anonymous visitors. */
export type Viewer = Caller | undefined;

export const callerIsStaff = (caller: Caller) => isStaff(caller.role);

/** A user caller built from verified token claims. */
export const userCaller = (u: { id: string; companyId: string; role: Role; exp: number; authVersion: number; email?: string }): Caller =>
  Object.freeze({ kind: 'user', id: u.id, companyId: u.companyId, role: u.role, scopes: null, exp: u.exp, authVersion: u.authVersion, ...(u.email ? { email: u.email } : {}) });
