import { and, asc, count, desc, eq, inArray, isNull, like, ne, or, sql, type SQL } from 'drizzle-orm';
import type { AuthUser, Db } from '../../core/env';
import { isStaff } from '../../core/auth/roles';
import { offsetOf } from '../../core/list';
import { partnerships } from '../partnerships/partnerships.table';
import { companies, type CompanyRow } from './companies.table';

export const toCompany = (row: CompanyRow) => ({
  id: row.id,
  name: row.name,
  description: row.description,
  website: row.website,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
export type Company = ReturnType<typeof toCompany>;

const live = isNull(companies.deletedAt);

/** Ids of companies in an active partnership with `companyId`. */
export const activePartnerIdsQuery = (db: Db, companyId: string) =>
  db
    .select({
      id: sql<string>`CASE WHEN ${partnerships.requesterCompanyId} = ${companyId} THEN ${partnerships.targetCompanyId} ELSE ${partnerships.requesterCompanyId} END`.as('id'),
    })
    .from(partnerships)
    .where(
      and(
        eq(partnerships.status, 'active'),
        or(eq(partnerships.requesterCompanyId, companyId), eq(partnerships.targetCompanyId, companyId)),
      ),
    );

export async function activePartnerIds(db: Db, companyId: string): Promise<string[]> {
  return (await activePartnerIdsQuery(db, companyId)).map((r) => r.id);
}

/** What the caller may see: staff see every company; members see their own and their active partners. */
const visibleTo = (db: Db, scope: AuthUser): SQL | undefined =>
  isStaff(scope.role)
    ? live
    : and(live, or(eq(companies.id, scope.companyId), inArray(companies.id, activePartnerIdsQuery(db, scope.companyId))));

export interface CompanyListOptions {
  page: number;
  limit: number;
  sortBy?: 'createdAt' | 'name' | undefined;
  sortOrder: 'asc' | 'desc';
  search?: string | undefined;
}

const nameMatches = (search: string | undefined) =>
  search ? like(companies.name, `%${search.replace(/[%_\\]/g, (ch) => `\\${ch}`)}%`) : undefined;

export async function listCompanies(db: Db, scope: AuthUser, opts: CompanyListOptions) {
  const where = and(visibleTo(db, scope), nameMatches(opts.search));
  const column = opts.sortBy === 'name' ? sql`${companies.name} COLLATE NOCASE` : companies.createdAt;
  const order = opts.sortOrder === 'asc' ? asc(column) : desc(column);
  const [rows, [total]] = await db.batch([
    db.select().from(companies).where(where).orderBy(order, asc(companies.id)).limit(opts.limit).offset(offsetOf(opts.page, opts.limit)),
    db.select({ n: count() }).from(companies).where(where),
  ]);
  return { rows: rows.map(toCompany), total: total?.n ?? 0 };
}

export async function getVisibleCompany(db: Db, scope: AuthUser, id: string) {
  const [row] = await db.select().from(companies).where(and(eq(companies.id, id), visibleTo(db, scope))).limit(1);
  return row;
}

/** The directory: other real companies' names and ids, so that a partnership can be proposed. */
export async function companyDirectory(db: Db, scope: AuthUser, opts: { page: number; limit: number; search?: string | undefined }) {
  const where = and(live, ne(companies.id, scope.companyId), eq(companies.isPlatform, 'no'), nameMatches(opts.search));
  const [rows, [total]] = await db.batch([
    db
      .select({ id: companies.id, name: companies.name })
      .from(companies)
      .where(where)
      .orderBy(sql`${companies.name} COLLATE NOCASE`, asc(companies.id))
      .limit(opts.limit)
      .offset(offsetOf(opts.page, opts.limit)),
    db.select({ n: count() }).from(companies).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** The live company `id` as a query (batchable); `getLiveCompany` runs it. */
export const liveCompanyQuery = (db: Db, id: string) => db.select().from(companies).where(and(eq(companies.id, id), live)).limit(1);

export async function getLiveCompany(db: Db, id: string) {
  const [row] = await liveCompanyQuery(db, id);
  return row;
}
