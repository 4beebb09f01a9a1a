import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../../core/env';
import { containsText, countOf, orderOf, pageOf, windowOf, type PageQuery } from '../../core/db/page';
import { ownOrPartnerRows, type Scope } from '../../core/tenancy/scope';
import { liveCompany, toCompany } from '../../core/tenancy/tenancy.queries';
import { companies, partnerships } from '../../core/tenancy/tenancy.table';
import { companyRatings } from '../services/services.table';
import { ratingColumns, toRating } from '../services/services.queries';
import type { DirectoryEntry } from './companies.schemas';

/** Staff see every company; members see their own and their active partners. */
const visible = (db: Db, scope: Scope) => and(liveCompany, ownOrPartnerRows(db, scope, companies.id));

const byName = sql`${companies.name} COLLATE NOCASE`;

export async function listCompanies(db: Db, scope: Scope, q: PageQuery & { sortBy?: 'createdAt' | 'name' | undefined; search?: string | undefined }) {
  const where = and(visible(db, scope), containsText([companies.name], q.search));
  const order = orderOf(q, { createdAt: companies.createdAt, name: byName }, 'createdAt', companies.id);
  const page = await pageOf(db, windowOf(db.select().from(companies).where(where).orderBy(...order), q), countOf(db, companies, where));
  return { rows: page.rows.map(toCompany), total: page.total };
}

export async function getVisibleCompany(db: Db, scope: Scope, id: string) {
  const [row] = await db.select().from(companies).where(and(eq(companies.id, id), visible(db, scope))).limit(1);
  return row;
}

/**
 * The directory: other real companies' names and ids, so that a partnership can be proposed, each with the caller
 * company's open (pending or active) partnership with it (found through the open-pair unique index) and its rating
 * from the services marketplace (reviews received; one primary-key lookup in company_ratings).
 */
export async function companyDirectory(db: Db, viewerCompanyId: string, q: PageQuery & { search?: string | undefined }): Promise<{ rows: DirectoryEntry[]; total: number }> {
  const where = and(liveCompany, ne(companies.id, viewerCompanyId), eq(companies.isPlatform, 'no'), containsText([companies.name], q.search));
  const pair = sql`CASE WHEN ${viewerCompanyId} < ${companies.id} THEN ${viewerCompanyId} || ':' || ${companies.id} ELSE ${companies.id} || ':' || ${viewerCompanyId} END`;
  const select = db
    .select({
      id: companies.id,
      name: companies.name,
      partnershipId: sql<string | null>`${partnerships.id}`.as('partnership_id'),
      status: partnerships.status,
      requester: partnerships.requesterCompanyId,
      ...ratingColumns,
    })
    .from(companies)
    .leftJoin(partnerships, and(eq(partnerships.pairKey, pair), inArray(partnerships.status, ['pending', 'active'])))
    .leftJoin(companyRatings, eq(companyRatings.companyId, companies.id))
    .where(where);
  const page = await pageOf(db, windowOf(select.orderBy(byName, companies.id), q), countOf(db, companies, where));
  return {
    rows: page.rows.map((r) => ({
      id: r.id,
      name: r.name,
      partnership:
        r.partnershipId && (r.status === 'pending' || r.status === 'active')
          ? { id: r.partnershipId, status: r.status, direction: r.requester === viewerCompanyId ? ('sent' as const) : ('received' as const) }
          : null,
      rating: toRating(r.ratingSum, r.ratingCount),
    })),
    total: page.total,
  };
}
