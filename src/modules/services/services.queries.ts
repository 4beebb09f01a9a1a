import { and, count, desc, eq, getTableColumns, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias, integer, sqliteTable, text, unionAll } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../core/env';
import { ftsMatch, SEARCH_COUNT_SLACK, searchCountQuery, searchTotal } from '../../core/db/fts';
import { containsText, countOf, offsetOf, orderOf, pageOf, windowOf, type PageQuery } from '../../core/db/page';
import { batchPrebuilt, rowDecoder } from '../../core/db/prebuilt';
import { sharedArms, sharedVisible, type Scope } from '../../core/tenancy/scope';
import { activePartnerIdsQuery } from '../../core/tenancy/tenancy.queries';
import { companies } from '../../core/tenancy/tenancy.table';
import type { Engagement, Offering, Proposal, Rating, Review, Service, ServiceListQuery } from './services.schemas';
import {
  companyRatings,
  engagements,
  offerings,
  proposals,
  serviceCounts,
  serviceRequests,
  serviceReviews,
  SERVICE_TYPES,
  type EngagementRow,
  type EngagementStatus,
  type OfferingRow,
  type ProposalRow,
  type ProposalStatus,
  type ReviewRow,
  type ServiceRow,
  type ServiceType,
} from './services.table';
import { categoryToken, companyToken, serviceRule } from './services.visibility';

/** The FTS5 index (hand-written migration; declared here only for querying, not for drizzle-kit). */
const servicesFts = sqliteTable('services_fts', { rowid: integer(), title: text(), description: text(), category: text(), tags: text() });

const live = isNull(serviceRequests.deletedAt);

/** Requests the scope may see, as one condition (single-row reads). */
export const visibleTo = (db: Db, scope: Scope) => sharedVisible(db, scope, serviceRule);

const TYPE_FLAG = { public: serviceRequests.isPublic, partners: serviceRequests.isPartners } as const;
const COUNT_FLAG = { public: serviceCounts.isPublic, partners: serviceCounts.isPartners } as const;

export const typeFlags = (types: ServiceType[]) => ({ isPublic: types.includes('public') ? 1 : 0, isPartners: types.includes('partners') ? 1 : 0 });

export const toService = (row: ServiceRow): Service => ({
  id: row.id,
  companyId: row.companyId,
  companyName: row.companyName,
  title: row.title,
  description: row.description,
  category: row.category,
  budgetMin: row.budgetMin,
  budgetMax: row.budgetMax,
  currency: row.currency,
  deadline: row.deadline,
  types: SERVICE_TYPES.filter((t) => row[({ public: 'isPublic', partners: 'isPartners' } as const)[t]] === 1),
  status: row.status,
  proposalCount: row.proposalCount,
  awardedProposalId: row.awardedProposalId,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  createdBy: row.createdBy,
  updatedBy: row.updatedBy,
});

export async function getVisibleService(db: Db, scope: Scope, id: string) {
  const [row] = await db
    .select()
    .from(serviceRequests)
    .where(and(eq(serviceRequests.id, id), live, visibleTo(db, scope)))
    .limit(1);
  return row;
}

/** A live request by id whatever the caller (for a proposer acting on its own proposal after the request closed). */
export async function getLiveService(db: Db, id: string) {
  const [row] = await db.select().from(serviceRequests).where(and(eq(serviceRequests.id, id), live)).limit(1);
  return row;
}

/** Placeholders for a list of values (`c0`, `c1`, …), so a prebuilt statement's shape depends on their number only. */
const placeholders = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => sql.placeholder(`${prefix}${i}`) as unknown as string);
const placeholderValues = (prefix: string, values: readonly string[] = []) => Object.fromEntries(values.map((v, i) => [`${prefix}${i}`, v]));

/**
 * The list total as a signed sum over service_counts rows, term by term the arms of the rule (`sharedArms`): own
 * company, every open public request minus the own company's, open partners-only requests of active partners. The
 * tests compare totals with the rows actually listed for every viewer and filter.
 */
function countQuery(db: Db, scope: Scope, q: Pick<ServiceListQuery, 'status' | 'types' | 'category' | 'companyId'>) {
  const fine = and(
    q.status ? inArray(serviceCounts.status, q.status) : undefined,
    q.types ? or(...q.types.map((t) => eq(COUNT_FLAG[t], 1))) : undefined,
    q.category ? inArray(serviceCounts.category, q.category) : eq(serviceCounts.category, '*'),
  );
  const company = (id: string) => eq(serviceCounts.companyId, id);
  const openPublic = and(eq(serviceCounts.status, 'open'), eq(serviceCounts.isPublic, 1));
  const openPartnersOnly = and(eq(serviceCounts.status, 'open'), eq(serviceCounts.isPartners, 1), eq(serviceCounts.isPublic, 0));
  const terms: { sign: 1 | -1; where: SQL }[] = [];
  if (scope.kind === 'staff') terms.push({ sign: 1, where: and(company(q.companyId ?? '*'), fine)! });
  else if (scope.kind === 'member') {
    const me = scope.companyId;
    const mine = q.companyId === me;
    if (!q.companyId || mine) terms.push({ sign: 1, where: and(company(me), fine)! });
    if (!q.companyId) {
      terms.push({ sign: 1, where: and(company('*'), fine, openPublic)! });
      terms.push({ sign: -1, where: and(company(me), fine, openPublic)! });
    } else if (!mine) terms.push({ sign: 1, where: and(company(q.companyId), fine, openPublic)! });
    if (!mine) {
      terms.push({
        sign: 1,
        where: and(inArray(serviceCounts.companyId, activePartnerIdsQuery(db, me)), q.companyId ? company(q.companyId) : undefined, fine, openPartnersOnly)!,
      });
    }
  }
  if (terms.length === 0) return db.select({ n: sql<number>`0`.as('n') }).from(sql`(SELECT 1)`);
  const parts = terms.map((t) => db.select({ n: serviceCounts.n, w: sql<number>`${sql.raw(String(t.sign))}`.as('w') }).from(serviceCounts).where(t.where));
  const union = parts.length === 1 ? parts[0]! : unionAll(parts[0]!, parts[1]!, ...parts.slice(2));
  const sub = union.as('terms');
  return db.select({ n: sql<number>`coalesce(sum(${sub.n} * ${sub.w}), 0)`.as('n') }).from(sub);
}

/**
 * One full-text expression for a search: the words AND who may see the request AND the filters, all answered from
 * the index's `tags` column (rendered from the same rule, see services.visibility.ts). A member's expression is
 * completed in SQL with the tokens of their active partners (`searchMatch`).
 */
function searchText(scope: Scope, q: ServiceListQuery, match: string): string {
  const parts = [`{title description category} : (${match})`];
  if (q.status) parts.push(`tags : (${q.status.map((s) => `s${s}`).join(' OR ')})`);
  if (q.types) parts.push(`tags : (${q.types.map((t) => `t${t}`).join(' OR ')})`);
  if (q.category) parts.push(`tags : (${q.category.map(categoryToken).join(' OR ')})`);
  if (q.companyId) parts.push(`tags : o${companyToken(q.companyId)}`);
  const words = parts.join(' AND ');
  if (scope.kind === 'staff') return words;
  if (scope.kind === 'anonymous') return `${words} AND tags : nobody`;
  return `${words} AND tags : (pub OR o${companyToken(scope.companyId)}`;
}

function searchMatch(db: Db, kind: Scope['kind']): SQL {
  if (kind !== 'member') return sql`${servicesFts} MATCH ${sql.placeholder('text')}`;
  const partners = activePartnerIdsQuery(db, sql.placeholder('me') as unknown as string).as('partners');
  const partnerTokens = sql`coalesce((SELECT group_concat(' OR prt' || replace(${partners.id}, '-', ''), '') FROM ${partners}), '')`;
  return sql`${servicesFts} MATCH (${sql.placeholder('text')} || ${partnerTokens} || ')')`;
}

/** Sort columns by name (compound ORDER BY terms must name result columns); NULL deadlines and budgets sort last. */
const SORT = { createdAt: 'created_at', deadline: 'deadline', budgetMax: 'budget_max' } as const;
const orderText = (q: ServiceListQuery, prefix = '') => {
  const dir = q.sortOrder === 'asc' ? 'ASC' : 'DESC';
  const column = SORT[q.sortBy ?? 'createdAt'];
  return `${prefix}${column} ${dir}${column === 'created_at' ? '' : ' NULLS LAST'}, ${prefix}seq ${dir}`;
};

const decodeService = rowDecoder(serviceRequests);
const { deletedAt: _deletedAt, ...listColumns } = getTableColumns(serviceRequests);

/**
 * Lists visible requests in one D1 round trip. Without `search`: the rule's arms (`sharedArms`) merged by a compound
 * SELECT, each walking its index in order and stopping at the page, with the total from service_counts. With
 * `search`: one FTS5 expression (words, visibility, filters) ranked inside FTS5 unless `sortBy` is given. Statements
 * are built once per shape and reused with each request's values (`batchPrebuilt`).
 */
export async function listServices(db: Db, scope: Scope, q: ServiceListQuery): Promise<{ rows: Service[]; total: number; estimated?: boolean }> {
  if (scope.kind === 'anonymous') return { rows: [], total: 0 };
  const offset = offsetOf(q);
  const kind = scope.kind;
  const me = scope.companyId;
  const match = q.search ? ftsMatch(q.search) : undefined;
  if (match) {
    const cap = offset + q.limit + SEARCH_COUNT_SLACK;
    const [rows = [], [counted] = []] = await batchPrebuilt(
      db,
      JSON.stringify(['services-search', kind, q.sortBy, q.sortOrder]),
      () => {
        const m = searchMatch(db, kind);
        const [limit, skip] = [sql.placeholder('limit'), sql.placeholder('offset')];
        const page = q.sortBy
          ? db
              .select(listColumns)
              .from(servicesFts)
              .innerJoin(serviceRequests, eq(serviceRequests.seq, servicesFts.rowid))
              .where(m)
              .orderBy(sql.raw(orderText(q, 'service_requests.')))
              .limit(limit)
              .offset(skip)
          : (() => {
              const hits = db
                .select({ seq: servicesFts.rowid, rank: sql<number>`${servicesFts}.rank`.as('rank') })
                .from(servicesFts)
                .where(m)
                .orderBy(sql`${servicesFts}.rank`)
                .limit(limit)
                .offset(skip)
                .as('hits');
              return db.select(listColumns).from(hits).innerJoin(serviceRequests, eq(serviceRequests.seq, hits.seq)).orderBy(sql`${hits.rank}`);
            })();
        return [page, searchCountQuery(db, servicesFts, serviceRequests.seq, m)];
      },
      { text: searchText(scope, q, match), me, limit: q.limit, offset, cap },
    );
    return { rows: rows.map((r) => toService(decodeService(r))), ...searchTotal(counted, cap) };
  }
  const mine = q.companyId === me;
  const shape = JSON.stringify(['services', kind, q.companyId === undefined ? '' : mine ? 'mine' : 'other', q.status, q.types, q.category?.length ?? 0, q.sortBy, q.sortOrder]);
  const [rows = [], [counted] = []] = await batchPrebuilt(
    db,
    shape,
    () => {
      const placeholder = sql.placeholder('me') as unknown as string;
      const standIn: Scope = { ...scope, companyId: placeholder };
      const companyId = q.companyId === undefined ? undefined : mine ? placeholder : (sql.placeholder('company') as unknown as string);
      const category = q.category ? placeholders('c', q.category.length) : undefined;
      const filters = and(
        q.status ? inArray(serviceRequests.status, q.status) : undefined,
        q.types ? or(...q.types.map((t) => eq(TYPE_FLAG[t], 1))) : undefined,
        category ? inArray(serviceRequests.category, category) : undefined,
      );
      const arms = sharedArms(db, standIn, serviceRule, companyId).map((arm) => db.select(listColumns).from(serviceRequests).where(and(live, arm, filters)));
      const orderBy = sql.raw(orderText(q));
      const [limit, skip] = [sql.placeholder('limit'), sql.placeholder('offset')];
      const page =
        arms.length === 1
          ? arms[0]!.orderBy(orderBy).limit(limit).offset(skip)
          : unionAll(arms[0]!, arms[1]!, ...arms.slice(2)).orderBy(orderBy).limit(limit).offset(skip);
      return [page, countQuery(db, standIn, { status: q.status, types: q.types, category, companyId })];
    },
    { me, company: q.companyId, limit: q.limit, offset, ...placeholderValues('c', q.category) },
  );
  return { rows: rows.map((r) => toService(decodeService(r))), total: Number(counted?.n ?? 0) };
}

// ——— ratings ———

export const toRating = (sum: number | null, n: number | null): Rating => ({
  average: n ? Math.round(((sum ?? 0) / n) * 100) / 100 : null,
  count: n ?? 0,
});

/** Columns of a company's rating, for a select that left-joins company_ratings. */
export const ratingColumns = {
  ratingSum: sql<number | null>`${companyRatings.ratingSum}`.as('rating_sum'),
  ratingCount: sql<number | null>`${companyRatings.ratingCount}`.as('rating_count'),
};

// ——— proposals ———

export const toProposal = (row: ProposalRow, extra: { companyName: string; serviceTitle?: string; rating?: Rating }): Proposal => ({
  id: row.id,
  serviceId: row.serviceId,
  companyId: row.companyId,
  companyName: extra.companyName,
  price: row.price,
  currency: row.currency,
  timelineDays: row.timelineDays,
  message: row.message,
  feePercent: row.feePercent,
  feeAmount: row.feeAmount,
  netAmount: row.netAmount,
  status: row.status,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  ...(extra.serviceTitle !== undefined ? { serviceTitle: extra.serviceTitle } : {}),
  ...(extra.rating ? { rating: extra.rating } : {}),
});

const proposalSelect = (db: Db) =>
  db
    .select({ p: proposals, companyName: sql<string>`${companies.name}`.as('company_name'), serviceTitle: sql<string>`${serviceRequests.title}`.as('service_title'), ...ratingColumns })
    .from(proposals)
    .innerJoin(companies, eq(companies.id, proposals.companyId))
    .innerJoin(serviceRequests, eq(serviceRequests.id, proposals.serviceId))
    .leftJoin(companyRatings, eq(companyRatings.companyId, proposals.companyId));

type ProposalJoined = { p: ProposalRow; companyName: string; serviceTitle: string; ratingSum: number | null; ratingCount: number | null };
const fromJoined = (r: ProposalJoined) => toProposal(r.p, { companyName: r.companyName, serviceTitle: r.serviceTitle, rating: toRating(r.ratingSum, r.ratingCount) });

export async function getProposal(db: Db, id: string) {
  const [row] = await proposalSelect(db).where(eq(proposals.id, id)).limit(1);
  return row;
}
export const proposalOf = fromJoined;

/** A company's live (not withdrawn) proposal to a request, if any. */
export async function findLiveProposal(db: Db, serviceId: string, companyId: string) {
  const [row] = await db
    .select()
    .from(proposals)
    .where(and(eq(proposals.serviceId, serviceId), eq(proposals.companyId, companyId), sql`${proposals.status} <> 'withdrawn'`))
    .limit(1);
  return row;
}

type ProposalQuery = PageQuery & { sortBy?: 'createdAt' | 'updatedAt' | 'price' | 'timelineDays' | undefined; status?: ProposalStatus[] | undefined };
const proposalOrder = (q: ProposalQuery) =>
  orderOf(q, { createdAt: proposals.createdAt, updatedAt: proposals.updatedAt, price: proposals.price, timelineDays: proposals.timelineDays }, 'createdAt', proposals.id);

/** Proposals to one request; `companyId` narrows to one proposing company (a proposer sees only its own). */
export async function listServiceProposals(db: Db, serviceId: string, q: ProposalQuery, companyId?: string) {
  const where = and(eq(proposals.serviceId, serviceId), companyId ? eq(proposals.companyId, companyId) : undefined, q.status ? inArray(proposals.status, q.status) : undefined);
  const page = await pageOf(db, windowOf(proposalSelect(db).where(where).orderBy(...proposalOrder(q)), q), countOf(db, proposals, where));
  return { rows: page.rows.map(fromJoined), total: page.total };
}

/** The proposals a company sent. */
export async function listCompanyProposals(db: Db, companyId: string, q: ProposalQuery & { serviceId?: string | undefined }) {
  const where = and(eq(proposals.companyId, companyId), q.serviceId ? eq(proposals.serviceId, q.serviceId) : undefined, q.status ? inArray(proposals.status, q.status) : undefined);
  const page = await pageOf(db, windowOf(proposalSelect(db).where(where).orderBy(...proposalOrder(q)), q), countOf(db, proposals, where));
  return { rows: page.rows.map(fromJoined), total: page.total };
}

/** Live proposals of a request, as a scalar subquery: the request's `proposalCount`, recomputed inside each write. */
export const liveProposalCount = (serviceId: string) =>
  sql`(SELECT count(*) FROM ${proposals} WHERE ${proposals.serviceId} = ${serviceId} AND ${proposals.status} <> 'withdrawn')`;

/** Submitted proposals of a request, as a scalar subquery (guards: "no proposal arrived since we read them"). */
export const submittedCount = (serviceId: string) =>
  sql`(SELECT count(*) FROM ${proposals} WHERE ${proposals.serviceId} = ${serviceId} AND ${proposals.status} = 'submitted')`;

export const submittedProposals = (db: Db, serviceId: string) =>
  db
    .select({ id: proposals.id, companyId: proposals.companyId })
    .from(proposals)
    .where(and(eq(proposals.serviceId, serviceId), eq(proposals.status, 'submitted')));

// ——— engagements ———

const clientCompany = alias(companies, 'client_company');
const providerCompany = alias(companies, 'provider_company');

const reviewedBy = (side: 'client' | 'provider') =>
  sql<number>`EXISTS (SELECT 1 FROM ${serviceReviews} WHERE ${serviceReviews.engagementId} = ${engagements.id} AND ${serviceReviews.reviewerCompanyId} = ${
    side === 'client' ? engagements.clientCompanyId : engagements.providerCompanyId
  })`.as(`reviewed_by_${side}`);

const engagementSelect = (db: Db) =>
  db
    .select({
      e: engagements,
      clientCompanyName: sql<string>`${clientCompany.name}`.as('client_company_name'),
      providerCompanyName: sql<string>`${providerCompany.name}`.as('provider_company_name'),
      reviewedByClient: reviewedBy('client'),
      reviewedByProvider: reviewedBy('provider'),
    })
    .from(engagements)
    .innerJoin(clientCompany, eq(clientCompany.id, engagements.clientCompanyId))
    .innerJoin(providerCompany, eq(providerCompany.id, engagements.providerCompanyId));

type EngagementJoined = { e: EngagementRow; clientCompanyName: string; providerCompanyName: string; reviewedByClient: number; reviewedByProvider: number };

export const toEngagement = (r: EngagementJoined): Engagement => ({
  id: r.e.id,
  serviceId: r.e.serviceId,
  proposalId: r.e.proposalId,
  clientCompanyId: r.e.clientCompanyId,
  clientCompanyName: r.clientCompanyName,
  providerCompanyId: r.e.providerCompanyId,
  providerCompanyName: r.providerCompanyName,
  title: r.e.title,
  price: r.e.price,
  currency: r.e.currency,
  feePercent: r.e.feePercent,
  feeAmount: r.e.feeAmount,
  netAmount: r.e.netAmount,
  status: r.e.status,
  cancelReason: r.e.cancelReason,
  createdAt: r.e.createdAt,
  completedAt: r.e.completedAt,
  cancelledAt: r.e.cancelledAt,
  reviewedByClient: Boolean(r.reviewedByClient),
  reviewedByProvider: Boolean(r.reviewedByProvider),
});

/** Engagements the scope takes part in (either side); staff: all. */
const engagementVisible = (scope: Scope) =>
  scope.kind === 'staff' ? undefined : scope.kind === 'anonymous' ? sql`0` : or(eq(engagements.clientCompanyId, scope.companyId), eq(engagements.providerCompanyId, scope.companyId));

export async function getVisibleEngagement(db: Db, scope: Scope, id: string) {
  const [row] = await engagementSelect(db)
    .where(and(eq(engagements.id, id), engagementVisible(scope)))
    .limit(1);
  return row;
}

export async function listEngagements(
  db: Db,
  scope: Scope,
  q: PageQuery & { sortBy?: 'createdAt' | undefined; role?: 'client' | 'provider' | undefined; status?: EngagementStatus[] | undefined },
) {
  const side =
    scope.kind !== 'member' || !q.role
      ? engagementVisible(scope)
      : q.role === 'client'
        ? eq(engagements.clientCompanyId, scope.companyId)
        : eq(engagements.providerCompanyId, scope.companyId);
  const where = and(side, q.status ? inArray(engagements.status, q.status) : undefined);
  const page = await pageOf(
    db,
    windowOf(engagementSelect(db).where(where).orderBy(...orderOf(q, { createdAt: engagements.createdAt }, 'createdAt', engagements.id)), q),
    countOf(db, engagements, where),
  );
  return { rows: page.rows.map(toEngagement), total: page.total };
}

export const toReview = (row: ReviewRow): Review => ({
  id: row.id,
  engagementId: row.engagementId,
  reviewerCompanyId: row.reviewerCompanyId,
  revieweeCompanyId: row.revieweeCompanyId,
  rating: row.rating,
  comment: row.comment,
  createdAt: row.createdAt,
});

// ——— offerings ———

export const toOffering = (row: OfferingRow, extra: { companyName: string; ratingSum: number | null; ratingCount: number | null }): Offering => ({
  id: row.id,
  companyId: row.companyId,
  companyName: extra.companyName,
  title: row.title,
  description: row.description,
  category: row.category,
  priceFrom: row.priceFrom,
  currency: row.currency,
  active: row.active,
  rating: toRating(extra.ratingSum, extra.ratingCount),
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const liveOffering = isNull(offerings.deletedAt);

/** Active offerings of every company; the caller company's inactive ones too; staff: all. */
const offeringVisible = (scope: Scope) =>
  scope.kind === 'staff' ? undefined : scope.kind === 'anonymous' ? eq(offerings.active, true) : or(eq(offerings.active, true), eq(offerings.companyId, scope.companyId));

const offeringSelect = (db: Db) =>
  db
    .select({ o: offerings, companyName: sql<string>`${companies.name}`.as('company_name'), ...ratingColumns })
    .from(offerings)
    .innerJoin(companies, eq(companies.id, offerings.companyId))
    .leftJoin(companyRatings, eq(companyRatings.companyId, offerings.companyId));

export async function getVisibleOffering(db: Db, scope: Scope, id: string) {
  const [row] = await offeringSelect(db)
    .where(and(eq(offerings.id, id), liveOffering, offeringVisible(scope)))
    .limit(1);
  return row;
}

export async function listOfferings(
  db: Db,
  scope: Scope,
  q: PageQuery & { sortBy?: 'createdAt' | 'title' | 'priceFrom' | undefined; search?: string | undefined; category?: string[] | undefined; companyId?: string | undefined; active?: boolean | undefined },
) {
  const where = and(
    liveOffering,
    offeringVisible(scope),
    q.companyId ? eq(offerings.companyId, q.companyId) : undefined,
    q.category ? inArray(offerings.category, q.category) : undefined,
    q.active !== undefined ? eq(offerings.active, q.active) : undefined,
    containsText([offerings.title, offerings.description, offerings.category], q.search),
  );
  const order = orderOf(q, { createdAt: offerings.createdAt, title: sql`${offerings.title} COLLATE NOCASE`, priceFrom: offerings.priceFrom }, 'createdAt', offerings.id);
  const page = await pageOf(db, windowOf(offeringSelect(db).where(where).orderBy(...order), q), countOf(db, offerings, where));
  return { rows: page.rows.map((r) => toOffering(r.o, r)), total: page.total };
}

/** Titles of the service requests among `ids` the scope may see (zettel mentions), by the marketplace's own rule. */
export async function visibleServiceTitles(db: Db, scope: Scope, ids: readonly string[]): Promise<{ id: string; title: string }[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: serviceRequests.id, title: serviceRequests.title })
    .from(serviceRequests)
    .where(and(sql`${serviceRequests.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`, live, visibleTo(db, scope)));
}
