import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { auditColumns, softDelete, stringArray } from '../../core/db/columns';
import { companies, users } from '../../core/tenancy/tenancy.table';

export const JOB_TYPES = ['public', 'internal', 'partners'] as const;
export type JobType = (typeof JOB_TYPES)[number];
export const JOB_STATUSES = ['open', 'closed', 'filled'] as const;
export const APPLICATION_STATUSES = ['pending', 'accepted', 'rejected'] as const;

const live = sql`deleted_at IS NULL`;

export const jobs = sqliteTable(
  'jobs',
  {
    /** Internal, stable integer key: the FTS5 index is keyed on it (implicit rowids may change on VACUUM). */
    seq: integer().primaryKey(),
    id: text().notNull().unique(),
    companyId: text()
      .notNull()
      .references(() => companies.id),
    /** Denormalized for lists (kept in sync by triggers on companies), so a page costs no extra lookups. */
    companyName: text().notNull().default(''),
    title: text().notNull(),
    description: text().notNull(),
    /** The type set, one flag per type so each visibility rule is an indexed equality (0/1). */
    isPublic: integer().notNull(),
    isInternal: integer().notNull(),
    isPartners: integer().notNull(),
    isSpecialized: integer({ mode: 'boolean' }).notNull().default(false),
    requiredSkills: stringArray(),
    vacancies: integer().notNull(),
    status: text({ enum: JOB_STATUSES }).notNull().default('open'),
    ...auditColumns,
    ...softDelete,
  },
  (t) => [
    // Each arm of the visibility query walks one of these in createdAt order (see jobs.queries.ts).
    index('jobs_company_created_idx').on(t.companyId, t.createdAt).where(live),
    index('jobs_public_open_idx').on(t.isPublic, t.status, t.createdAt).where(live),
    index('jobs_company_public_open_idx').on(t.companyId, t.isPublic, t.status, t.createdAt).where(live),
    index('jobs_partners_open_idx').on(t.companyId, t.isPartners, t.status, t.createdAt).where(live),
    // Partners-only open jobs in time order: the partner arm walks this and keeps the partner companies' rows.
    index('jobs_partners_only_open_idx').on(t.isPartners, t.isPublic, t.status, t.createdAt).where(live),
    index('jobs_status_created_idx').on(t.status, t.createdAt).where(live),
    index('jobs_created_idx').on(t.createdAt).where(live),
  ],
);

export const applications = sqliteTable(
  'applications',
  {
    id: text().primaryKey(),
    jobId: text()
      .notNull()
      .references(() => jobs.id),
    /** The job's company, so the reviewing tenant is an indexed equality. */
    companyId: text()
      .notNull()
      .references(() => companies.id),
    applicantId: text()
      .notNull()
      .references(() => users.id),
    applicantCompanyId: text()
      .notNull()
      .references(() => companies.id),
    coverLetter: text(),
    status: text({ enum: APPLICATION_STATUSES }).notNull().default('pending'),
    reviewedAt: text(),
    reviewedBy: text(),
    ...auditColumns,
  },
  (t) => [
    uniqueIndex('applications_job_applicant_uq').on(t.jobId, t.applicantId),
    index('applications_job_status_created_idx').on(t.jobId, t.status, t.createdAt),
    index('applications_applicant_created_idx').on(t.applicantId, t.createdAt),
    index('applications_company_status_idx').on(t.companyId, t.status, t.createdAt),
  ],
);

/**
 * Exact job counts per (company, status, type flags, specialized), plus the same per '*' for all companies, kept by
 * triggers in the same transaction as every job write (see migrations). List totals are sums over a few of these
 * rows instead of a count over thousands of jobs.
 */
export const jobCounts = sqliteTable(
  'job_counts',
  {
    companyId: text().notNull(),
    status: text().notNull(),
    isPublic: integer().notNull(),
    isInternal: integer().notNull(),
    isPartners: integer().notNull(),
    isSpecialized: integer().notNull(),
    n: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.status, t.isPublic, t.isInternal, t.isPartners, t.isSpecialized] })],
);

export type JobRow = typeof jobs.$inferSelect;
export type ApplicationRow = typeof applications.$inferSelect;
