import { and, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../core/env';
import { containsText, countOf, orderOf, pageOf, windowOf, type PageQuery } from '../../core/db/page';
import { ownOrPartnerRows, type Scope } from '../../core/tenancy/scope';
import { liveCompany, toCompany } from '../../core/tenancy/tenancy.queries';
import { companies } from '../../core/tenancy/tenancy.table';

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

/** The directory: other real companies' names and ids, so that a partnership can be proposed. */
export async function companyDirectory(db: Db, viewerCompanyId: string, q: PageQuery & { search?: string | undefined }) {
  const where = and(
    liveCompany,
    ne(companies.id, viewerCompanyId),
    eq(companies.isPlatform, 'no'),
    containsText([companies.name], q.search),
  );
  const select = db.select({ id: companies.id, name: companies.name }).from(companies).where(where);
  return pageOf(db, windowOf(select.orderBy(byName, companies.id), q), countOf(db, companies, where));
}
