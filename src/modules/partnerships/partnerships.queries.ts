import { aliasedTable, and, asc, count, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { AuthUser, Db } from '../../core/env';
import { isStaff } from '../../core/auth/roles';
import { offsetOf } from '../../core/list';
import { companies } from '../companies/companies.table';
import { partnerships, type PartnershipRow, type PartnershipStatus } from './partnerships.table';

export const pairKey = (a: string, b: string) => (a < b ? `${a}:${b}` : `${b}:${a}`);

const requester = aliasedTable(companies, 'requester');
const target = aliasedTable(companies, 'target');

const involves = (companyId: string) =>
  or(eq(partnerships.requesterCompanyId, companyId), eq(partnerships.targetCompanyId, companyId));

/** Staff see every partnership; a member sees those of their own company. */
const visibleTo = (scope: AuthUser) => (isStaff(scope.role) ? undefined : involves(scope.companyId));

// Aliased: drizzle maps D1 batch rows by column name, so two columns both called "name" would collapse into one.
const selection = {
  p: partnerships,
  requesterName: sql<string>`${requester.name}`.as('requester_name'),
  targetName: sql<string>`${target.name}`.as('target_name'),
};

type Joined = { p: PartnershipRow; requesterName: string; targetName: string };

/** The API shape, seen from the caller's company: who the partner is and which way the invite went. */
export const toPartnership = (row: Joined, viewerCompanyId: string) => {
  const { p } = row;
  const sent = p.requesterCompanyId === viewerCompanyId;
  return {
    id: p.id,
    status: p.status,
    requesterCompanyId: p.requesterCompanyId,
    targetCompanyId: p.targetCompanyId,
    direction: sent ? ('sent' as const) : p.targetCompanyId === viewerCompanyId ? ('received' as const) : null,
    partner: sent
      ? { id: p.targetCompanyId, name: row.targetName }
      : { id: p.requesterCompanyId, name: row.requesterName },
    requesterCompany: { id: p.requesterCompanyId, name: row.requesterName },
    targetCompany: { id: p.targetCompanyId, name: row.targetName },
    respondedAt: p.respondedAt,
    endedAt: p.endedAt,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    createdBy: p.createdBy,
  };
};
export type Partnership = ReturnType<typeof toPartnership>;

const joined = (db: Db) =>
  db
    .select(selection)
    .from(partnerships)
    .innerJoin(requester, eq(requester.id, partnerships.requesterCompanyId))
    .innerJoin(target, eq(target.id, partnerships.targetCompanyId));

export async function listPartnerships(
  db: Db,
  scope: AuthUser,
  opts: { page: number; limit: number; sortBy?: 'createdAt' | 'updatedAt' | undefined; sortOrder: 'asc' | 'desc'; status?: PartnershipStatus[] | undefined },
) {
  const where = and(visibleTo(scope), opts.status ? inArray(partnerships.status, opts.status) : undefined);
  const column = opts.sortBy === 'updatedAt' ? partnerships.updatedAt : partnerships.createdAt;
  const [rows, [total]] = await db.batch([
    joined(db)
      .where(where)
      .orderBy(opts.sortOrder === 'asc' ? asc(column) : desc(column), asc(partnerships.id))
      .limit(opts.limit)
      .offset(offsetOf(opts.page, opts.limit)),
    db.select({ n: count() }).from(partnerships).where(where),
  ]);
  return { rows: rows.map((r) => toPartnership(r, scope.companyId)), total: total?.n ?? 0 };
}

export async function getVisiblePartnership(db: Db, scope: AuthUser, id: string) {
  const [row] = await joined(db)
    .where(and(eq(partnerships.id, id), visibleTo(scope)))
    .limit(1);
  return row;
}

export async function findOpenPartnership(db: Db, a: string, b: string) {
  const [row] = await db
    .select()
    .from(partnerships)
    .where(and(eq(partnerships.pairKey, pairKey(a, b)), inArray(partnerships.status, ['pending', 'active'])))
    .limit(1);
  return row;
}
