import { and, count, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../../core/env';
import { containsText, countOf, orderOf, pageOf, windowOf } from '../../core/db/page';
import { ownRows, type Scope } from '../../core/tenancy/scope';
import { liveUser, toUser } from '../../core/tenancy/tenancy.queries';
import { users } from '../../core/tenancy/tenancy.table';
import type { z } from 'zod';
import type { employeeListQuery } from './employees.schemas';

/** Members reach their own company's people; staff reach anyone (the matrix's "manage employees" for DEV/admin). */
const inScope = (scope: Scope) => and(liveUser, ownRows(scope, users.companyId));

export async function getEmployee(db: Db, scope: Scope, id: string) {
  const [row] = await db.select().from(users).where(and(eq(users.id, id), inScope(scope))).limit(1);
  return row;
}

export async function listEmployees(db: Db, scope: Scope, q: z.output<typeof employeeListQuery>) {
  const where = and(
    inScope(scope),
    q.status ? inArray(users.status, q.status) : undefined,
    q.role ? inArray(users.role, q.role) : undefined,
    containsText([users.name, users.email], q.search),
  );
  const order = orderOf(q, { createdAt: users.createdAt, name: sql`${users.name} COLLATE NOCASE`, email: users.email }, 'createdAt', users.id);
  const page = await pageOf(db, windowOf(db.select().from(users).where(where).orderBy(...order), q), countOf(db, users, where));
  return { rows: page.rows.map(toUser), total: page.total };
}

/** Active company admins other than `exceptUserId`: a company must never lose its last one. */
export async function countOtherActiveAdmins(db: Db, companyId: string, exceptUserId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(liveUser, eq(users.companyId, companyId), eq(users.role, 'admin_empresa'), eq(users.status, 'active'), ne(users.id, exceptUserId)));
  return row?.n ?? 0;
}
