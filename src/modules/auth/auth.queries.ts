import { and, count, eq, gt, gte, isNull, lt, min, sql } from 'drizzle-orm';
import type { Db } from '../../core/env';
import { nowIso } from '../../core/db/columns';
import { randomToken, sha256Hex } from '../../core/auth/passwords';
import { REFRESH_TOKEN_TTL_MS } from '../../core/auth/tokens';
import { loginFailures, refreshTokens } from './auth.table';

export const THROTTLE_MAX_FAILURES = 10;
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;

/**
 * Records a login attempt for `email` before its password is checked and, in the same transaction, counts the
 * attempts of the window (this one included). Concurrent guesses therefore see each other: at most
 * THROTTLE_MAX_FAILURES passwords are ever checked per email per window, however many arrive at once. An attempt
 * stays recorded as a failure unless it succeeds (the success clears them) or is refused unchecked (its row is
 * dropped, so hammering a locked account does not extend the lock). Returns the seconds to wait, or 0.
 */
export async function beginLoginAttempt(db: Db, email: string, now = Date.now()): Promise<{ attemptId: string; retryAfter: number }> {
  const attemptId = crypto.randomUUID();
  const since = new Date(now - THROTTLE_WINDOW_MS).toISOString();
  const [, [row]] = await db.batch([
    db.insert(loginFailures).values({ id: attemptId, email, createdAt: new Date(now).toISOString() }),
    db
      .select({ n: count(), oldest: min(loginFailures.createdAt) })
      .from(loginFailures)
      .where(and(eq(loginFailures.email, email), gt(loginFailures.createdAt, since))),
  ]);
  if (!row || row.n <= THROTTLE_MAX_FAILURES || !row.oldest) return { attemptId, retryAfter: 0 };
  await db.delete(loginFailures).where(eq(loginFailures.id, attemptId));
  return { attemptId, retryAfter: Math.max(1, Math.ceil((Date.parse(row.oldest) + THROTTLE_WINDOW_MS - now) / 1000)) };
}

export const clearLoginFailures = (db: Db, email: string) => db.delete(loginFailures).where(eq(loginFailures.email, email));

export const pruneLoginFailures = (db: Db, now = Date.now()) =>
  db.delete(loginFailures).where(lt(loginFailures.createdAt, new Date(now - THROTTLE_WINDOW_MS).toISOString()));

/** A new refresh token (returned once, stored hashed) and the insert that records it. */
export async function newRefreshToken(db: Db, userId: string, familyId: string = crypto.randomUUID()) {
  const token = randomToken();
  const now = Date.now();
  const insert = db.insert(refreshTokens).values({
    userId,
    familyId,
    tokenHash: await sha256Hex(token),
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + REFRESH_TOKEN_TTL_MS).toISOString(),
  });
  return { token, insert };
}

export async function findRefreshToken(db: Db, token: string) {
  const [row] = await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, await sha256Hex(token))).limit(1);
  return row;
}

/** Marks a token used only if it is still unused and unrevoked; false means someone used it first (reuse). */
export async function consumeRefreshToken(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(refreshTokens)
    .set({ usedAt: nowIso() })
    .where(and(eq(refreshTokens.id, id), isNull(refreshTokens.usedAt), isNull(refreshTokens.revokedAt)))
    .returning({ id: refreshTokens.id });
  return rows.length === 1;
}

/** How long a spent web-session token may be presented again because its answer never arrived (see below). */
export const LOST_ANSWER_LEEWAY_MS = 15_000;

/**
 * A browser that reloads while its refresh request is in flight drops the answer, and with it the rotated cookie:
 * the server spent the old token, the browser still holds it. For the web session cookie only, presenting the spent
 * token again within LOST_ANSWER_LEEWAY_MS is taken for that lost answer when its direct successor is the only token
 * issued since and was never used: the successor is revoked (nobody received it) and the caller gets a new one.
 * Anything else — a successor already used, a later rotation, the leeway passed, a body token — is reuse. One
 * statement, so two such retries cannot both retire the same successor. True when the successor was retired.
 */
export async function retireLostSuccessor(db: Db, spent: { id: string; familyId: string; usedAt: string | null }, now = Date.now()) {
  if (!spent.usedAt || Date.parse(spent.usedAt) < now - LOST_ANSWER_LEEWAY_MS) return false;
  const rows = await db
    .update(refreshTokens)
    .set({ revokedAt: new Date(now).toISOString() })
    .where(
      and(
        eq(refreshTokens.familyId, spent.familyId),
        isNull(refreshTokens.usedAt),
        isNull(refreshTokens.revokedAt),
        gte(refreshTokens.createdAt, spent.usedAt),
        sql`(select count(*) from refresh_tokens r where r.family_id = ${spent.familyId} and r.id <> ${spent.id} and r.created_at >= ${spent.usedAt}) = 1`,
        sql`exists (select 1 from refresh_tokens p where p.id = ${spent.id} and p.revoked_at is null)`,
      ),
    )
    .returning({ id: refreshTokens.id });
  return rows.length === 1;
}

export const revokeFamily = (db: Db, familyId: string) =>
  db
    .update(refreshTokens)
    .set({ revokedAt: nowIso() })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));

export const revokeAllForUser = (db: Db, userId: string) =>
  db
    .update(refreshTokens)
    .set({ revokedAt: nowIso() })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
