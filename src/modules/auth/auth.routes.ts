import type { BatchItem } from 'drizzle-orm/batch';
import { signAccessToken } from '../../core/auth/tokens';
import { getDummyHash, hashPassword, verifyPassword } from '../../core/auth/passwords';
import { authenticate } from '../../core/auth/middleware';
import { nowIso } from '../../core/db/columns';
import { created, ok } from '../../core/envelope';
import { ApiError, conflict } from '../../core/errors';
import { createRouter } from '../../core/router';
import { jsonBody } from '../../core/validation';
import { companies, users } from '../companies/companies.table';
import { liveCompanyQuery, toCompany } from '../companies/companies.queries';
import { findLiveUserByEmail, getLiveUser, liveUserQuery, toUser } from '../employees/employees.queries';
import type { UserRow } from '../companies/companies.table';
import type { Db } from '../../core/env';
import { loginBody, refreshBody, registerBody } from './auth.schemas';
import {
  clearLoginFailures,
  consumeRefreshToken,
  findRefreshToken,
  newRefreshToken,
  recordLoginFailure,
  revokeFamily,
  throttleRetryAfter,
} from './auth.queries';

const BAD_LOGIN = 'Invalid email or password';
const BAD_REFRESH = 'Invalid or expired refresh token';

/** Stores a new refresh token (with any other writes of the request, in one batch) and signs the access token. */
async function issueTokens(db: Db, secret: string, user: UserRow, familyId?: string, alsoWrite: BatchItem<'sqlite'>[] = []) {
  const refresh = await newRefreshToken(db, user.id, familyId);
  await db.batch([refresh.insert, ...alsoWrite]);
  return { token: await signAccessToken(secret, user), refreshToken: refresh.token };
}

export const authRoutes = createRouter()
  .post('/register', ...jsonBody(registerBody), async (c) => {
    const { db } = c.var;
    const body = c.req.valid('json');
    if (await findLiveUserByEmail(db, body.email)) throw conflict('An account with this email already exists');
    const now = nowIso();
    const companyId = crypto.randomUUID();
    const userId = crypto.randomUUID();
    const passwordHash = await hashPassword(body.password);
    const refresh = await newRefreshToken(db, userId);
    const [[company], [user]] = await db.batch([
      db
        .insert(companies)
        .values({ id: companyId, name: body.companyName, createdAt: now, updatedAt: now, createdBy: userId, updatedBy: userId })
        .returning(),
      db
        .insert(users)
        .values({
          id: userId,
          companyId,
          email: body.email,
          name: body.name,
          passwordHash,
          role: 'admin_empresa',
          createdAt: now,
          updatedAt: now,
          createdBy: userId,
          updatedBy: userId,
        })
        .returning(),
      refresh.insert,
    ]);
    return created(c, {
      token: await signAccessToken(c.env.JWT_SECRET, user!),
      refreshToken: refresh.token,
      user: toUser(user!),
      company: toCompany(company!),
    });
  })
  .post('/login', ...jsonBody(loginBody), async (c) => {
    const { db } = c.var;
    const { email, password } = c.req.valid('json');
    const retryAfter = await throttleRetryAfter(db, email);
    if (retryAfter > 0) {
      throw new ApiError('RATE_LIMITED', `Too many failed logins for this email. Try again in ${retryAfter} s.`, {
        headers: { 'Retry-After': String(retryAfter) },
      });
    }
    const user = await findLiveUserByEmail(db, email);
    // Verify against a dummy hash for unknown emails so response time does not reveal which accounts exist.
    const valid = await verifyPassword(password, user?.passwordHash ?? (await getDummyHash()));
    if (!user || !valid) {
      await recordLoginFailure(db, email);
      throw new ApiError('INVALID_CREDENTIALS', BAD_LOGIN);
    }
    if (user.status !== 'active') throw new ApiError('FORBIDDEN', 'This account is deactivated. Ask your company admin.');
    return ok(c, { ...(await issueTokens(db, c.env.JWT_SECRET, user, undefined, [clearLoginFailures(db, email)])), user: toUser(user) });
  })
  .post('/refresh', ...jsonBody(refreshBody), async (c) => {
    const { db } = c.var;
    const stored = await findRefreshToken(db, c.req.valid('json').refreshToken);
    if (!stored) throw new ApiError('UNAUTHENTICATED', BAD_REFRESH);
    if (stored.usedAt || stored.revokedAt || !(await consumeRefreshToken(db, stored.id))) {
      // A token presented twice was stolen or replayed: end every session descended from that login.
      await revokeFamily(db, stored.familyId);
      throw new ApiError('UNAUTHENTICATED', BAD_REFRESH);
    }
    const user = await getLiveUser(db, stored.userId);
    if (Date.parse(stored.expiresAt) <= Date.now() || !user || user.status !== 'active') {
      await revokeFamily(db, stored.familyId);
      throw new ApiError('UNAUTHENTICATED', BAD_REFRESH);
    }
    return ok(c, { ...(await issueTokens(db, c.env.JWT_SECRET, user, stored.familyId)), user: toUser(user) });
  })
  .post('/logout', authenticate, ...jsonBody(refreshBody), async (c) => {
    const { db, user } = c.var;
    const stored = await findRefreshToken(db, c.req.valid('json').refreshToken);
    // Only the token's owner can end its sessions; another user's token is treated as unknown.
    if (stored && stored.userId === user.id) await revokeFamily(db, stored.familyId);
    return ok(c, { loggedOut: true });
  })
  .get('/me', authenticate, async (c) => {
    const { db, user } = c.var;
    const [[row], [company]] = await db.batch([liveUserQuery(db, user.id), liveCompanyQuery(db, user.companyId)]);
    if (!row || !company) throw new ApiError('UNAUTHENTICATED', 'This account no longer exists');
    return ok(c, { user: toUser(row), company: toCompany(company) });
  });
