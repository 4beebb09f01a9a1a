import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { auditColumns, softDelete } from '../../core/db/columns';
import { companies } from '../../core/tenancy/tenancy.table';

export const SERVICE_TYPES = ['public', 'partners'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];
export const SERVICE_STATUSES = ['open', 'awarded', 'closed', 'cancelled'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];
export const PROPOSAL_STATUSES = ['submitted', 'withdrawn', 'accepted', 'rejected'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];
export const ENGAGEMENT_STATUSES = ['active', 'completed', 'cancelled'] as const;
export type EngagementStatus = (typeof ENGAGEMENT_STATUSES)[number];

const live = sql`deleted_at IS NULL`;

/** What a company needs (a "service request"); other companies send proposals while it is open. */
export const serviceRequests = sqliteTable(
  'service_requests',
  {
    /** Internal, stable integer key: the FTS5 index is keyed on it (implicit rowids may change on VACUUM). */
    seq: integer().primaryKey(),
    id: text().notNull().unique(),
    companyId: text()
      .notNull()
      .references(() => companies.id),
    /** Denormalized for lists (set at insert, kept in sync by a trigger on companies), so a page costs no lookups. */
    companyName: text().notNull().default(''),
    title: text().notNull(),
    description: text().notNull(),
    /** Lower-cased free text (so the filter and the counters never split "HVAC" from "hvac"). */
    category: text().notNull(),
    budgetMin: integer(),
    budgetMax: integer(),
    currency: text().notNull(),
    deadline: text(),
    /** The type set, one flag per type so each arm of the visibility rule is an indexed equality (0/1). */
    isPublic: integer().notNull(),
    isPartners: integer().notNull(),
    status: text({ enum: SERVICE_STATUSES }).notNull().default('open'),
    /** Proposals that are not withdrawn, recomputed in every batch that changes one. */
    proposalCount: integer().notNull().default(0),
    awardedProposalId: text(),
    ...auditColumns,
    ...softDelete,
  },
  (t) => [
    // The own arm walks this in createdAt order (see services.queries.ts).
    index('service_requests_company_created_idx').on(t.companyId, t.createdAt).where(live),
    // The public arm walks this in createdAt order. Partial on is_public = 1 on purpose: a walk of a time-ordered index
    // of non-public requests would read every partners-only request to find the few of the viewer's partners;
    // without one, the partner arm seeks each active partner's open non-public requests in the next index and sorts
    // only those.
    index('service_requests_public_open_idx').on(t.status, t.createdAt).where(sql`deleted_at IS NULL AND is_public = 1`),
    index('service_requests_company_public_open_idx').on(t.companyId, t.isPublic, t.status, t.createdAt).where(live),
    index('service_requests_created_idx').on(t.createdAt).where(live),
  ],
);

/**
 * Exact request counts per (company, category, status, type flags), each also under company '*' and category '*',
 * kept by triggers in the same transaction as every request write (hand-written migration). A list total is a
 * signed sum over a handful of these rows instead of a count over every visible request.
 */
export const serviceCounts = sqliteTable(
  'service_counts',
  {
    companyId: text().notNull(),
    category: text().notNull(),
    status: text().notNull(),
    isPublic: integer().notNull(),
    isPartners: integer().notNull(),
    n: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.category, t.status, t.isPublic, t.isPartners] })],
);

export const proposals = sqliteTable(
  'proposals',
  {
    id: text().primaryKey(),
    serviceId: text()
      .notNull()
      .references(() => serviceRequests.id),
    /** The proposing company. */
    companyId: text()
      .notNull()
      .references(() => companies.id),
    /** The requesting company, so "proposals received" is an indexed equality. */
    serviceCompanyId: text()
      .notNull()
      .references(() => companies.id),
    price: integer().notNull(),
    currency: text().notNull(),
    timelineDays: integer().notNull(),
    message: text().notNull(),
    /** The fee at submission (a preview); frozen to the values at acceptance when it is accepted. */
    feePercent: real().notNull(),
    feeAmount: integer().notNull(),
    netAmount: integer().notNull(),
    status: text({ enum: PROPOSAL_STATUSES }).notNull().default('submitted'),
    ...auditColumns,
  },
  (t) => [
    // One live (not withdrawn) proposal per company per request, guaranteed by the database even under races.
    uniqueIndex('proposals_service_company_live_uq').on(t.serviceId, t.companyId).where(sql`status <> 'withdrawn'`),
    index('proposals_service_status_idx').on(t.serviceId, t.status, t.createdAt),
    index('proposals_company_created_idx').on(t.companyId, t.createdAt),
  ],
);

export const engagements = sqliteTable(
  'engagements',
  {
    id: text().primaryKey(),
    /** Unique: a request is awarded once, so at most one engagement can ever exist for it. */
    serviceId: text()
      .notNull()
      .unique()
      .references(() => serviceRequests.id),
    proposalId: text()
      .notNull()
      .unique()
      .references(() => proposals.id),
    clientCompanyId: text()
      .notNull()
      .references(() => companies.id),
    providerCompanyId: text()
      .notNull()
      .references(() => companies.id),
    title: text().notNull(),
    price: integer().notNull(),
    currency: text().notNull(),
    /** Frozen at acceptance: later fee changes never touch an engagement. */
    feePercent: real().notNull(),
    feeAmount: integer().notNull(),
    netAmount: integer().notNull(),
    status: text({ enum: ENGAGEMENT_STATUSES }).notNull().default('active'),
    cancelReason: text(),
    completedAt: text(),
    cancelledAt: text(),
    ...auditColumns,
  },
  (t) => [
    index('engagements_client_created_idx').on(t.clientCompanyId, t.createdAt),
    index('engagements_provider_created_idx').on(t.providerCompanyId, t.createdAt),
  ],
);

/** One review per side of a completed engagement (the reviewer company rates the other one). */
export const serviceReviews = sqliteTable(
  'service_reviews',
  {
    id: text().primaryKey(),
    engagementId: text()
      .notNull()
      .references(() => engagements.id),
    reviewerCompanyId: text()
      .notNull()
      .references(() => companies.id),
    revieweeCompanyId: text()
      .notNull()
      .references(() => companies.id),
    rating: integer().notNull(),
    comment: text(),
    createdAt: text().notNull(),
    createdBy: text(),
  },
  (t) => [
    uniqueIndex('service_reviews_engagement_reviewer_uq').on(t.engagementId, t.reviewerCompanyId),
    index('service_reviews_reviewee_created_idx').on(t.revieweeCompanyId, t.createdAt),
    check('service_reviews_rating_range', sql`${t.rating} BETWEEN 1 AND 5`),
  ],
);

/**
 * Reviews received per company (sum and count), written in the same batch as each review, so the directory and the
 * offerings show a rating with one primary-key lookup instead of an aggregate over every review.
 */
export const companyRatings = sqliteTable('company_ratings', {
  companyId: text()
    .primaryKey()
    .references(() => companies.id),
  ratingSum: integer().notNull(),
  ratingCount: integer().notNull(),
});

export const offerings = sqliteTable(
  'offerings',
  {
    id: text().primaryKey(),
    companyId: text()
      .notNull()
      .references(() => companies.id),
    title: text().notNull(),
    description: text().notNull(),
    category: text().notNull(),
    priceFrom: integer(),
    currency: text().notNull(),
    active: integer({ mode: 'boolean' }).notNull().default(true),
    ...auditColumns,
    ...softDelete,
  },
  (t) => [
    index('offerings_active_created_idx').on(t.active, t.createdAt).where(live),
    index('offerings_company_created_idx').on(t.companyId, t.createdAt).where(live),
    index('offerings_category_created_idx').on(t.category, t.createdAt).where(live),
  ],
);

export type ServiceRow = typeof serviceRequests.$inferSelect;
export type ProposalRow = typeof proposals.$inferSelect;
export type EngagementRow = typeof engagements.$inferSelect;
export type OfferingRow = typeof offerings.$inferSelect;
export type ReviewRow = typeof serviceReviews.$inferSelect;
