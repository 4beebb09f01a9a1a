import { eq } from 'drizzle-orm';
import type { Db } from '../env';
import { ApiError } from '../errors';
import { users } from '../tenancy/tenancy.table';
import type { Caller } from './caller';
import { verifyAccessToken } from './tokens';

/**
 * Revocation: an access token works only while its user is live, active, and still has the role, company and auth
 * version the token was issued with. Each isolate remembers a user's current state for at most REVOCATION_TTL_MS,
 * so a deactivated, deleted, demoted or moved user's tokens stop working everywhere within that time (at once in the
 * isolate that made the change), while a busy client costs one D1 read per user per isolate per 5 s, not one per
 * request.
 */
export const REVOCATION_TTL_MS = 5_000;
const MAX_USERS = 10_000;

interface Current {
  at: number;
  live: boolean;
  authVersion: number;
  role: string;
  companyId: string;
}
const current = new Map<string, Current>();

async function load(db: Db, userId: string, now: number): Promise<Current> {
  const [row] = await db
    .select({ status: users.status, deletedAt: users.deletedAt, authVersion: users.authVersion, role: users.role, companyId: users.companyId })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  const state: Current = row
    ? { at: now, live: row.status === 'active' && !row.deletedAt, authVersion: row.authVersion, role: row.role, companyId: row.companyId }
    : { at: now, live: false, authVersion: -1, role: '', companyId: '' };
  if (current.size >= MAX_USERS) current.delete(current.keys().next().value!);
  current.set(userId, state);
  return state;
}

/** Refuses (401) a caller whose account changed since their token was issued. */
export async function assertCurrent(db: Db, caller: Caller, now = Date.now()): Promise<void> {
  if (caller.kind !== 'user') return;
  let state = current.get(caller.id);
  if (!state || now - state.at > REVOCATION_TTL_MS) state = await load(db, caller.id, now);
  if (!state.live || state.authVersion !== caller.authVersion || state.role !== caller.role || state.companyId !== caller.companyId) {
    throw new ApiError('UNAUTHENTICATED', 'This session is no longer valid (the account was changed or removed). Log in again.');
  }
}

/** Forgets what this isolate knows of a user (after changing them here, so the change applies at once). */
export const forgetUser = (userId: string) => current.delete(userId);

/**
 * A verified, current caller from an access token (routes, the real-time upgrade and re-auth all use this).
 * `skipCurrentCheck` exists for the benchmark's measurement of this check only (see initServices).
 */
export async function authenticateToken(db: Db, secret: string, token: string, skipCurrentCheck = false): Promise<Caller> {
  const caller = await verifyAccessToken(secret, token);
  if (!skipCurrentCheck) await assertCurrent(db, caller);
  return caller;
}
