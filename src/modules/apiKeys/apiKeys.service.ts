import { and, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import { apiKeys, type ApiKeyRow } from '../../core/auth/api-keys.table';
import { API_KEY_PREFIX } from '../../core/auth/api-key-auth';
import type { Caller } from '../../core/auth/caller';
import { keyedHash, randomToken } from '../../core/auth/passwords';
import { auditInsert, auditInsertIf } from '../../core/audit/audit';
import type { Ctx } from '../../core/context';
import { nowIso } from '../../core/db/columns';
import { overflowDelete } from '../../core/db/limits';
import { countOf, orderOf, pageOf, windowOf } from '../../core/db/page';
import { conflict, notFound } from '../../core/errors';
import { commit, when } from '../../core/events/outbox';
import { apiKeyEvents } from './apiKeys.events';
import type { ApiKey, apiKeyCreate, apiKeyListQuery } from './apiKeys.schemas';

/** API keys per company. */
export const MAX_KEYS = 25;

const toApiKey = (r: ApiKeyRow): ApiKey => ({
  id: r.id,
  name: r.name,
  scopes: r.scopes,
  prefix: r.prefix,
  createdAt: r.createdAt,
  expiresAt: r.expiresAt,
  lastUsedAt: r.lastUsedAt,
  revokedAt: r.revokedAt,
});

const ofCompany = (caller: Caller) => eq(apiKeys.companyId, caller.companyId);

export async function list(ctx: Ctx, caller: Caller, q: z.output<typeof apiKeyListQuery>) {
  const order = orderOf(q, { createdAt: apiKeys.createdAt, name: apiKeys.name }, 'createdAt', apiKeys.id);
  const page = await pageOf(ctx.db, windowOf(ctx.db.select().from(apiKeys).where(ofCompany(caller)).orderBy(...order), q), countOf(ctx.db, apiKeys, ofCompany(caller)));
  return { rows: page.rows.map(toApiKey), total: page.total };
}

/** A new key for the caller's company: the secret is returned once and only its keyed hash is stored. */
export async function create(ctx: Ctx, caller: Caller, body: z.output<typeof apiKeyCreate>) {
  const key = `${API_KEY_PREFIX}${randomToken(32)}`;
  const id = crypto.randomUUID();
  const ev = apiKeyEvents.event('apiKeys.key.created', caller.companyId, { keyId: id, name: body.name, scopes: body.scopes, actorId: caller.id });
  const kept = eq(apiKeys.id, id);
  // The insert, the limit (which may remove the row again), and — only if the row survived — its audit row and event.
  const [[row], removed] = await commit(
    ctx,
    [
      ctx.db
        .insert(apiKeys)
      .values({
        id,
        companyId: caller.companyId,
        name: body.name,
        scopes: body.scopes,
        prefix: key.slice(0, 8),
        keyHash: await keyedHash(ctx.config.JWT_SECRET, key),
        expiresAt: body.expiresAt ?? null,
        createdAt: nowIso(),
        createdBy: caller.id,
      })
      .returning(),
      overflowDelete(ctx.db, { table: apiKeys, id: apiKeys.id, value: id }, and(ofCompany(caller), isNull(apiKeys.revokedAt))!, MAX_KEYS),
      auditInsertIf(ctx.db, caller, { action: 'apiKeys.key.created', target: { kind: 'apiKey', id } }, apiKeys, kept),
    ],
    [when(ev, apiKeys, kept)],
  );
  if (removed.length > 0 || !row) throw conflict(`A company can have at most ${MAX_KEYS} active API keys; revoke one first`);
  return { ...toApiKey(row), key };
}

/** Revokes a key of the caller's company: refused at once on every later request. */
export async function revoke(ctx: Ctx, caller: Caller, id: string) {
  const [row] = await ctx.db.select().from(apiKeys).where(and(eq(apiKeys.id, id), ofCompany(caller))).limit(1);
  if (!row) throw notFound('API key');
  if (row.revokedAt) throw conflict('This API key is already revoked');
  const ev = apiKeyEvents.event('apiKeys.key.revoked', caller.companyId, { keyId: id, name: row.name, actorId: caller.id });
  const [[updated]] = await commit(
    ctx,
    [
      ctx.db.update(apiKeys).set({ revokedAt: nowIso() }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).returning(),
      auditInsert(ctx.db, caller, { action: 'apiKeys.key.revoked', target: { kind: 'apiKey', id } }),
    ],
    [ev],
  );
  if (!updated) throw conflict('This API key is already revoked');
  return toApiKey(updated);
}
