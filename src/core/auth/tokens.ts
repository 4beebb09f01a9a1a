import { sign, verify } from 'hono/jwt';
import { z } from 'zod';
import { ApiError } from '../errors';
import { userCaller, type Caller } from './caller';
import { ROLES, type Role } from './roles';

export const ACCESS_TOKEN_TTL_S = 60 * 60;
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const ALG = 'HS256' as const;

const claims = z.object({
  /** The user id: `sub`, or `id` alone in tokens of the previous version (the contract's `sub|id`). */
  sub: z.string().min(1).optional(),
  id: z.string().min(1).optional(),
  email: z.string(),
  companyId: z.string().min(1),
  role: z.enum(ROLES),
  iat: z.number(),
  exp: z.number(),
  /** The user's auth version at issue (absent in tokens issued before versions existed: 0). */
  ver: z.number().int().min(0).default(0),
});

/**
 * The HMAC key for a secret, imported once per isolate (importing it on every request showed up in CPU profiles of
 * the job list). Keyed by the secret so tests and rotations with another secret get their own key.
 */
const keys = new Map<string, Promise<CryptoKey>>();
function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keys.set(secret, key);
  }
  return key;
}

/** Signs a 1-hour HS256 access token. `id` mirrors `sub` for clients of the previous version. */
export async function signAccessToken(
  secret: string,
  user: { id: string; email: string; companyId: string; role: Role; authVersion: number },
): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return sign(
    { sub: user.id, id: user.id, email: user.email, companyId: user.companyId, role: user.role, ver: user.authVersion, iat, exp: iat + ACCESS_TOKEN_TTL_S },
    await hmacKey(secret),
    ALG,
  );
}

/**
 * Tokens this isolate has already verified (by secret and exact token string), so a client's repeated requests skip
 * the signature check: the same bytes under the same secret verify the same way. Expiry is still checked on every
 * use. Bounded; the oldest entries go first.
 */
const verified = new Map<string, Caller>();
const MAX_VERIFIED = 5000;

/** Verifies an access token: HS256 only, `exp` required, claims well-formed. Any failure is 401 UNAUTHENTICATED. */
export async function verifyAccessToken(secret: string, token: string): Promise<Caller> {
  const cacheKey = `${secret}\n${token}`;
  const known = verified.get(cacheKey);
  if (known) {
    if (known.exp * 1000 > Date.now()) return known;
    verified.delete(cacheKey);
    throw new ApiError('UNAUTHENTICATED', 'Invalid or expired token');
  }
  const user = await verifySignature(secret, token);
  if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value!);
  verified.set(cacheKey, user);
  return user;
}

async function verifySignature(secret: string, token: string): Promise<Caller> {
  let payload: unknown;
  try {
    payload = await verify(token, await hmacKey(secret), ALG);
  } catch {
    throw new ApiError('UNAUTHENTICATED', 'Invalid or expired token');
  }
  const parsed = claims.safeParse(payload);
  const id = parsed.success ? (parsed.data.sub ?? parsed.data.id) : undefined;
  if (!parsed.success || !id) throw new ApiError('UNAUTHENTICATED', 'Invalid or expired token');
  const { email, companyId, role, exp, ver } = parsed.data;
  // Frozen: the same object serves every later request with this token (see `verified`).
  return userCaller({ id, email, companyId, role, exp, authVersion: ver });
}
