import type { BatchItem } from 'drizzle-orm/batch';
import type { z } from 'zod';
import type { Caller } from '../../core/auth/caller';
import { getDummyHash, hashPassword, verifyPassword } from '../../core/auth/passwords';
import { signAccessToken } from '../../core/auth/tokens';
import type { Ctx } from '../../core/context';
import { createdBy } from '../../core/db/columns';
import { ApiError, conflict } from '../../core/errors';
import { companies, users, type UserRow } from '../../core/tenancy/tenancy.table';
import { findLiveUserByEmail, getLiveUser, liveCompanyQuery, liveUserQuery, toCompany, toUser } from '../../core/tenancy/tenancy.queries';
import type { loginBody, registerBody } from './auth.schemas';
import {
  clearLoginFailures,
  consumeRefreshToken,
  findRefreshToken,
  beginLoginAttempt,
  newRefreshToken,
  retireLostSuccessor,
  revokeFamily,
} from './auth.queries';

const BAD_LOGIN = 'Invalid email or password';
const BAD_REFRESH = 'Invalid or expired refresh token';

/** Stores a new refresh token (with any other writes of the request, in one batch) and signs the access token. */
async function issueTokens(ctx: Ctx, user: UserRow, familyId?: string, alsoWrite: BatchItem<'sqlite'>[] = []) {
  const refresh = await newRefreshToken(ctx.db, user.id, familyId);
  await ctx.db.batch([refresh.insert, ...alsoWrite]);
  return { token: await signAccessToken(ctx.config.JWT_SECRET, user), refreshToken: refresh.token };
}

/** A new company and its first user (admin_empresa), signed in. */
export async function register(ctx: Ctx, body: z.output<typeof registerBody>) {
  const { db } = ctx;
  if (await findLiveUserByEmail(db, body.email)) throw conflict('An account with this email already exists');
  const companyId = crypto.randomUUID();
  const userId = crypto.randomUUID();
  const audit = createdBy(userId);
  const refresh = await newRefreshToken(db, userId);
  const [[company], [user]] = await db.batch([
    db.insert(companies).values({ id: companyId, name: body.companyName, ...audit }).returning(),
    db
      .insert(users)
      .values({ id: userId, companyId, email: body.email, name: body.name, passwordHash: await hashPassword(body.password), role: 'admin_empresa', ...audit })
      .returning(),
    refresh.insert,
  ]);
  return {
    token: await signAccessToken(ctx.config.JWT_SECRET, user!),
    refreshToken: refresh.token,
    user: toUser(user!),
    company: toCompany(company!),
  };
}

export async function login(ctx: Ctx, { email, password }: z.output<typeof loginBody>) {
  const { db } = ctx;
  const { retryAfter } = await beginLoginAttempt(db, email);
  if (retryAfter > 0) {
    throw new ApiError('RATE_LIMITED', `Too many failed logins for this email. Try again in ${retryAfter} s.`, {
      headers: { 'Retry-After': String(retryAfter) },
    });
  }
  const user = await findLiveUserByEmail(db, email);
  // Verify against a dummy hash for unknown emails so response time does not reveal which accounts exist.
  const valid = await verifyPassword(password, user?.passwordHash ?? (await getDummyHash()));
  // An inactive account answers exactly like a wrong password: a login never confirms that an account exists.
  if (!user || !valid || user.status !== 'active') throw new ApiError('INVALID_CREDENTIALS', BAD_LOGIN);
  return { ...(await issueTokens(ctx, user, undefined, [clearLoginFailures(db, email)])), user: toUser(user) };
}

/**
 * Exchanges a refresh token for a new pair; a token presented twice ends its whole family — except the web session
 * cookie presented again because a reload dropped its answer (`retireLostSuccessor`).
 */
export async function refresh(ctx: Ctx, refreshToken: string, { fromCookie = false } = {}) {
  const { db } = ctx;
  const stored = await findRefreshToken(db, refreshToken);
  if (!stored) throw new ApiError('UNAUTHENTICATED', BAD_REFRESH);
  const lostAnswer = fromCookie && !stored.revokedAt && (await retireLostSuccessor(db, stored));
  if (!lostAnswer && (stored.usedAt || stored.revokedAt || !(await consumeRefreshToken(db, stored.id)))) {
    // A token presented twice was stolen or replayed: end every session descended from that login.
    await revokeFamily(db, stored.familyId);
    throw new ApiError('UNAUTHENTICATED', BAD_REFRESH);
  }
  const user = await getLiveUser(db, stored.userId);
  if (Date.parse(stored.expiresAt) <= Date.now() || !user || user.status !== 'active') {
    await revokeFamily(db, stored.familyId);
    throw new ApiError('UNAUTHENTICATED', BAD_REFRESH);
  }
  return { ...(await issueTokens(ctx, user, stored.familyId)), user: toUser(user) };
}

/** Ends the session of a refresh token; only its owner can (another user's token is treated as unknown). */
export async function logout(ctx: Ctx, caller: Caller, refreshToken: string) {
  const stored = await findRefreshToken(ctx.db, refreshToken);
  if (stored && stored.userId === caller.id) await revokeFamily(ctx.db, stored.familyId);
  return { loggedOut: true as const };
}

/** The caller and their company, in one D1 round trip. */
export async function me(ctx: Ctx, caller: Caller) {
  const [[row], [company]] = await ctx.db.batch([liveUserQuery(ctx.db, caller.id), liveCompanyQuery(ctx.db, caller.companyId)]);
  if (!row || !company) throw new ApiError('UNAUTHENTICATED', 'This account no longer exists');
  return { user: toUser(row), company: toCompany(company) };
}
