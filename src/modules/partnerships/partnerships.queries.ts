import { aliasedTable, and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../core/env';
import { countOf, orderOf, pageOf, windowOf, type PageQuery } from '../../core/db/page';
import type { Scope } from '../../core/tenancy/scope';
import { companies, partnerships, type PartnershipRow, type PartnershipStatus } from '../../core/tenancy/tenancy.table';
import type { Partnership } from './partnerships.schemas';

export const pairKey = (a: string, b: string) => (a < b ? `${a}:${b}` : `${b}:${a}`);

const requester = aliasedTable(companies, 'requester');
const target = aliasedTable(companies, 'target');

/** Staff see every partnership; a member sees those of their own company. */
const visible = (scope: Scope) =>
  scope.kind === 'staff'
    ? undefined
    : scope.kind === 'anonymous'
      ? sql`0`
      : or(eq(partnerships.requesterCompanyId, scope.companyId), eq(partnerships.targetCompanyId, scope.companyId));

// Aliased: drizzle maps D1 batch rows by column name, so two columns both called "name" would collapse into one.
const selection = {
  p: partnerships,
  requesterName: sql<string>`${requester.name}`.as('requester_name'),
  targetName: sql<string>`${target.name}`.as('target_name'),
};

export type JoinedPartnership = { p: PartnershipRow; requesterName: string; targetName: string };

/** The API shape, seen from the caller's company: who the partner is and which way the invite went. */
export const toPartnership = (row: JoinedPartnership, viewerCompanyId: string): Partnership => {
  const { p } = row;
  const sent = p.requesterCompanyId === viewerCompanyId;
  const requesterCompany = { id: p.requesterCompanyId, name: row.requesterName };
  const targetCompany = { id: p.targetCompanyId, name: row.targetName };
  return {
    id: p.id,
    status: p.status,
    requesterCompanyId: p.requesterCompanyId,
    targetCompanyId: p.targetCompanyId,
    direction: sent ? 'sent' : p.targetCompanyId === viewerCompanyId ? 'received' : null,
    partner: sent ? targetCompany : requesterCompany,
    requesterCompany,
    targetCompany,
    respondedAt: p.respondedAt,
    endedAt: p.endedAt,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    createdBy: p.createdBy,
  };
};

const joined = (db: Db) =>
  db
    .select(selection)
    .from(partnerships)
    .innerJoin(requester, eq(requester.id, partnerships.requesterCompanyId))
    .innerJoin(target, eq(target.id, partnerships.targetCompanyId));

export async function listPartnerships(
  db: Db,
  scope: Scope,
  q: PageQuery & { sortBy?: 'createdAt' | 'updatedAt' | undefined; status?: PartnershipStatus[] | undefined },
) {
  const where = and(visible(scope), q.status ? inArray(partnerships.status, q.status) : undefined);
  const order = orderOf(q, { createdAt: partnerships.createdAt, updatedAt: partnerships.updatedAt }, 'createdAt', partnerships.id);
  return pageOf(db, windowOf(joined(db).where(where).orderBy(...order), q), countOf(db, partnerships, where));
}

export async function getVisiblePartnership(db: Db, scope: Scope, id: string) {
  const [row] = await joined(db)
    .where(and(eq(partnerships.id, id), visible(scope)))
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
