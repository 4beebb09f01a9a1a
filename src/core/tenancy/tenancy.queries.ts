import { and, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../env';
import { companies, partnerships, users, type CompanyRow, type UserRow } from './tenancy.table';
import type { Company, User } from './tenancy.schemas';

export const toUser = (row: UserRow): User => ({
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

export const toCompany = (row: CompanyRow): Company => ({
  id: row.id,
  name: row.name,
  description: row.description,
  website: row.website,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export const liveUser = isNull(users.deletedAt);
export const liveCompany = isNull(companies.deletedAt);

export async function findLiveUserByEmail(db: Db, email: string) {
  const [row] = await db.select().from(users).where(and(eq(users.email, email), liveUser)).limit(1);
  return row;
}

/** The live user `id` as a query (batchable); `getLiveUser` runs it. */
export const liveUserQuery = (db: Db, id: string) => db.select().from(users).where(and(eq(users.id, id), liveUser)).limit(1);

export async function getLiveUser(db: Db, id: string) {
  const [row] = await liveUserQuery(db, id);
  return row;
}

/** The live company `id` as a query (batchable); `getLiveCompany` runs it. */
export const liveCompanyQuery = (db: Db, id: string) =>
  db.select().from(companies).where(and(eq(companies.id, id), liveCompany)).limit(1);

export async function getLiveCompany(db: Db, id: string) {
  const [row] = await liveCompanyQuery(db, id);
  return row;
}

/** Names of companies by id (for wording notifications and lists). */
export async function companyNames(db: Db, ids: string[]): Promise<Record<string, string>> {
  const wanted = [...new Set(ids)].slice(0, 90);
  if (wanted.length === 0) return {};
  const rows = await db.select({ id: companies.id, name: companies.name }).from(companies).where(inArray(companies.id, wanted));
  return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}

export interface Recipient {
  id: string;
  companyId: string;
}

/** Active company admins (admin_empresa) of the given companies: who hears about admin-level events. */
export async function companyAdmins(db: Db, companyIds: string[]): Promise<Recipient[]> {
  const wanted = [...new Set(companyIds)].slice(0, 90);
  if (wanted.length === 0) return [];
  return db
    .select({ id: users.id, companyId: users.companyId })
    .from(users)
    .where(and(liveUser, eq(users.status, 'active'), eq(users.role, 'admin_empresa'), inArray(users.companyId, wanted)));
}

/** Live users by id (with their company), e.g. the applicant an event names. */
export async function usersById(db: Db, ids: string[]): Promise<Recipient[]> {
  const wanted = [...new Set(ids)].slice(0, 90);
  if (wanted.length === 0) return [];
  return db.select({ id: users.id, companyId: users.companyId }).from(users).where(and(liveUser, inArray(users.id, wanted)));
}

/**
 * Ids of companies in an active partnership with `companyId`, as a subquery (read inside the statement that needs
 * it, so ending a partnership changes what a partner sees at once). `companyId` may be a placeholder.
 */
export const activePartnerIdsQuery = (db: Db, companyId: string | SQL) =>
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
