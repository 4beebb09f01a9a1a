import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../env';
import { ApiError } from '../errors';
import { nowIso } from '../db/columns';
import { apiKeys } from './api-keys.table';
import type { Caller } from './caller';
import { keyedHash } from './passwords';

export const API_KEY_PREFIX = 'cpk_';
export const isApiKey = (token: string) => token.startsWith(API_KEY_PREFIX);

/** A far expiry for keys without one (seconds since epoch, year 9999). */
const NEVER = 253402300799;

const LAST_USED_EVERY_MS = 60_000;
const touched = new Map<string, number>();

/**
 * The caller an API key acts as: its company, with the rights of an admin_empresa narrowed to its scopes. Read from
 * D1 on every request (no cache), so a revoked or expired key is refused at once. `lastUsedAt` is written after the
 * answer, at most once a minute per key.
 */
export async function authenticateApiKey(db: Db, serverSecret: string, key: string, defer: (p: Promise<unknown>) => void): Promise<Caller> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, await keyedHash(serverSecret, key))).limit(1);
  const now = Date.now();
  if (!row || row.revokedAt || (row.expiresAt && Date.parse(row.expiresAt) <= now)) {
    throw new ApiError('UNAUTHENTICATED', 'Invalid, revoked or expired API key');
  }
  if (now - (touched.get(row.id) ?? 0) > LAST_USED_EVERY_MS) {
    touched.set(row.id, now);
    if (touched.size > 10_000) touched.delete(touched.keys().next().value!);
    const cutoff = new Date(now - LAST_USED_EVERY_MS).toISOString();
    defer(
      db
        .update(apiKeys)
        .set({ lastUsedAt: nowIso() })
        .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, cutoff))))
        .catch(() => undefined),
    );
  }
  return Object.freeze({
    kind: 'apiKey',
    id: row.id,
    companyId: row.companyId,
    role: 'admin_empresa',
    scopes: row.scopes,
    exp: row.expiresAt ? Math.floor(Date.parse(row.expiresAt) / 1000) : NEVER,
    authVersion: 0,
    name: row.name,
    onBehalfOf: row.createdBy,
  });
}
