import { and, eq, gte, lte, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { apiKeys } from '../../core/auth/api-keys.table';
import type { Caller } from '../../core/auth/caller';
import { auditLog } from '../../core/audit/audit.table';
import type { Ctx } from '../../core/context';
import { countOf, orderOf, pageOf, windowOf } from '../../core/db/page';
import { ownRows, scopeOf } from '../../core/tenancy/scope';
import { users } from '../../core/tenancy/tenancy.table';
import type { AuditEntry, auditQuery } from './audit.schemas';

/** The audit log, newest first: a company's own for its admins, every company's for staff. */
export async function list(ctx: Ctx, caller: Caller, q: z.output<typeof auditQuery>) {
  const where = and(
    ownRows(scopeOf(caller), auditLog.companyId),
    q.actorId ? eq(auditLog.actorId, q.actorId) : undefined,
    q.action ? eq(auditLog.action, q.action) : undefined,
    q.from ? gte(auditLog.createdAt, q.from) : undefined,
    q.to ? lte(auditLog.createdAt, q.to) : undefined,
  );
  const select = ctx.db
    .select({
      a: auditLog,
      userName: sql<string | null>`${users.name}`.as('user_name'),
      keyName: sql<string | null>`${apiKeys.name}`.as('key_name'),
    })
    .from(auditLog)
    .leftJoin(users, and(eq(auditLog.actorKind, 'user'), eq(users.id, auditLog.actorId)))
    .leftJoin(apiKeys, and(eq(auditLog.actorKind, 'apiKey'), eq(apiKeys.id, auditLog.actorId)))
    .where(where)
    .orderBy(...orderOf(q, { createdAt: auditLog.createdAt }, 'createdAt', auditLog.id));
  const page = await pageOf(ctx.db, windowOf(select, q), countOf(ctx.db, auditLog, where));
  return {
    rows: page.rows.map(
      ({ a, userName, keyName }): AuditEntry => ({
        id: a.id,
        companyId: a.companyId,
        actor: { kind: a.actorKind, id: a.actorId, name: a.actorKind === 'user' ? userName : keyName },
        action: a.action,
        target: a.target,
        status: a.status,
        createdAt: a.createdAt,
      }),
    ),
    total: page.total,
  };
}
