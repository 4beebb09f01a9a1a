import { and, asc, count, desc, eq, inArray, isNull, like, ne, or, sql } from 'drizzle-orm';
import type { AuthUser, Db } from '../../core/env';
import { isStaff, type Role } from '../../core/auth/roles';
import { offsetOf } from '../../core/list';
import { users, type UserRow } from '../companies/companies.table';

/** The public shape of a user: never the password hash. */
export const toUser = (row: UserRow) => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  companyId: row.companyId,
  skills: row.skills,
  status: row.status,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
export type User = ReturnType<typeof toUser>;

const live = isNull(users.deletedAt);

/** Members manage their own company's people; staff may reach anyone (the matrix's "manage employees" for DEV/admin). */
const inScope = (scope: AuthUser) => (isStaff(scope.role) ? live : and(live, eq(users.companyId, scope.companyId)));

export async function findLiveUserByEmail(db: Db, email: string) {
  const [row] = await db.select().from(users).where(and(eq(users.email, email), live)).limit(1);
  return row;
}

/** The live user `id` as a query (batchable); `getLiveUser` runs it. */
export const liveUserQuery = (db: Db, id: string) => db.select().from(users).where(and(eq(users.id, id), live)).limit(1);

export async function getLiveUser(db: Db, id: string) {
  const [row] = await liveUserQuery(db, id);
  return row;
}

export async function getEmployee(db: Db, scope: AuthUser, id: string) {
  const [row] = await db.select().from(users).where(and(eq(users.id, id), inScope(scope))).limit(1);
  return row;
}

export interface EmployeeListOptions {
  page: number;
  limit: number;
  sortBy?: 'createdAt' | 'name' | 'email' | undefined;
  sortOrder: 'asc' | 'desc';
  status?: ('active' | 'inactive')[] | undefined;
  role?: Role[] | undefined;
  search?: string | undefined;
}

export async function listEmployees(db: Db, scope: AuthUser, opts: EmployeeListOptions) {
  const pattern = opts.search ? `%${opts.search.replace(/[%_\\]/g, (ch) => `\\${ch}`)}%` : undefined;
  const where = and(
    inScope(scope),
    opts.status ? inArray(users.status, opts.status) : undefined,
    opts.role ? inArray(users.role, opts.role) : undefined,
    pattern ? or(like(users.name, pattern), like(users.email, pattern)) : undefined,
  );
  const column =
    opts.sortBy === 'name' ? sql`${users.name} COLLATE NOCASE` : opts.sortBy === 'email' ? users.email : users.createdAt;
  const [rows, [total]] = await db.batch([
    db
      .select()
      .from(users)
      .where(where)
      .orderBy(opts.sortOrder === 'asc' ? asc(column) : desc(column), asc(users.id))
      .limit(opts.limit)
      .offset(offsetOf(opts.page, opts.limit)),
    db.select({ n: count() }).from(users).where(where),
  ]);
  return { rows: rows.map(toUser), total: total?.n ?? 0 };
}

/** Active company admins other than `exceptUserId`: a company must never lose its last one. */
export async function countOtherActiveAdmins(db: Db, companyId: string, exceptUserId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(
      and(live, eq(users.companyId, companyId), eq(users.role, 'admin_empresa'), eq(users.status, 'active'), ne(users.id, exceptUserId)),
    );
  return row?.n ?? 0;
}

/** Admin users (admin_empresa) of the given companies, for notifications. */
export async function companyAdmins(db: Db, companyIds: string[]) {
  if (companyIds.length === 0) return [];
  return db
    .select({ id: users.id, companyId: users.companyId })
    .from(users)
    .where(and(live, eq(users.status, 'active'), eq(users.role, 'admin_empresa'), inArray(users.companyId, companyIds)));
}
