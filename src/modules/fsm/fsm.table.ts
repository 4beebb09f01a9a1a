import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { auditColumns, idColumn, softDelete, stringArray } from '../../core/db/columns';
import { companies } from '../../core/tenancy/tenancy.table';

export const PRIORITIES = ['none', 'low', 'medium', 'high'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const JOB_STATUSES = ['unscheduled', 'scheduled', 'in_progress', 'completed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const VISIT_STATUSES = ['scheduled', 'dispatched', 'en_route', 'on_site', 'completed', 'cancelled'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

export interface ChecklistItem {
  label: string;
  done: boolean;
}

/** One working stretch of a weekday, in UTC: weekday 0 = Sunday, times "HH:MM". */
export interface Shift {
  weekday: number;
  start: string;
  end: string;
}

/** When each status step was reached (ISO instants). */
export type StatusTimes = Partial<Record<VisitStatus, string>>;

/** One status step of a visit: who moved it, when, and the note they left. */
export interface HistoryEntry {
  status: VisitStatus;
  at: string;
  by: string;
  /** The actor's name when the step was taken (absent on steps recorded before names were kept). */
  byName?: string | null;
  note: string | null;
}

const live = sql`deleted_at IS NULL`;
const company = () =>
  text()
    .notNull()
    .references(() => companies.id);

export const customers = sqliteTable(
  'fsm_customers',
  {
    /** Internal integer key: the search index is keyed on it. */
    seq: integer().primaryKey(),
    id: text().notNull().unique(),
    companyId: company(),
    name: text().notNull(),
    email: text(),
    phone: text(),
    ...auditColumns,
    ...softDelete,
  },
  (t) => [
    index('fsm_customers_company_created_idx').on(t.companyId, t.createdAt).where(live),
    index('fsm_customers_company_updated_idx').on(t.companyId, t.updatedAt).where(live),
    index('fsm_customers_company_name_idx').on(t.companyId, t.name).where(live),
  ],
);

export const sites = sqliteTable(
  'fsm_sites',
  {
    id: idColumn(),
    companyId: company(),
    customerId: text().notNull(),
    name: text().notNull(),
    address: text().notNull(),
    lat: real(),
    lng: real(),
    accessNotes: text(),
    ...auditColumns,
    ...softDelete,
  },
  (t) => [
    index('fsm_sites_customer_created_idx').on(t.customerId, t.createdAt).where(live),
    index('fsm_sites_customer_name_idx').on(t.customerId, t.name).where(live),
  ],
);

/** A member's field-service profile: being one makes them a technician. */
export const technicians = sqliteTable(
  'fsm_technicians',
  {
    userId: text().primaryKey(),
    companyId: company(),
    skills: stringArray(),
    shifts: text({ mode: 'json' }).$type<Shift[]>().notNull(),
    homeLat: real(),
    homeLng: real(),
    ...auditColumns,
  },
  (t) => [index('fsm_technicians_company_idx').on(t.companyId, t.createdAt)],
);

export const jobs = sqliteTable(
  'fsm_jobs',
  {
    /** Internal integer key: the search index is keyed on it. */
    seq: integer().primaryKey(),
    id: text().notNull().unique(),
    companyId: company(),
    /** Per company, from 1, without gaps: shown as FJ-0001. */
    number: integer().notNull(),
    customerId: text().notNull(),
    siteId: text().notNull(),
    title: text().notNull(),
    description: text().notNull().default(''),
    requiredSkills: stringArray(),
    durationMin: integer().notNull(),
    priority: text({ enum: PRIORITIES }).notNull().default('medium'),
    /** Derived from the visits in the same transaction as each visit change (see `deriveJobStatus`). */
    status: text({ enum: JOB_STATUSES }).notNull().default('unscheduled'),
    /** A CMMS work order contracted to this company, which this job carries out. */
    sourceWorkOrderId: text(),
    /** Grows with every change of the job or a visit added to it (optimistic concurrency for the board's tray). */
    version: integer().notNull().default(1),
    /** Set by each status-deriving write, so the events of its batch can tell that this very write moved the job. */
    writeToken: text(),
    completedAt: text(),
    ...auditColumns,
    ...softDelete,
  },
  (t) => [
    uniqueIndex('fsm_jobs_company_number_uq').on(t.companyId, t.number),
    // One live field job per contracted work order.
    uniqueIndex('fsm_jobs_source_wo_uq').on(t.companyId, t.sourceWorkOrderId).where(sql`deleted_at IS NULL AND source_work_order_id IS NOT NULL`),
    index('fsm_jobs_company_created_idx').on(t.companyId, t.createdAt).where(live),
    index('fsm_jobs_company_updated_idx').on(t.companyId, t.updatedAt).where(live),
    index('fsm_jobs_company_status_idx').on(t.companyId, t.status, t.createdAt).where(live),
    index('fsm_jobs_customer_idx').on(t.customerId, t.createdAt).where(live),
    index('fsm_jobs_site_idx').on(t.siteId, t.createdAt).where(live),
  ],
);

export const visits = sqliteTable(
  'fsm_visits',
  {
    id: idColumn(),
    companyId: company(),
    jobId: text().notNull(),
    technicianIds: stringArray(),
    startAt: text().notNull(),
    endAt: text().notNull(),
    status: text({ enum: VISIT_STATUSES }).notNull().default('scheduled'),
    statusTimes: text({ mode: 'json' }).$type<StatusTimes>().notNull(),
    history: text({ mode: 'json' }).$type<HistoryEntry[]>().notNull(),
    notes: text().notNull().default(''),
    checklist: text({ mode: 'json' }).$type<ChecklistItem[]>().notNull(),
    /** The customer's signature at completion: a PNG data URL of at most 64 KB. */
    signature: text(),
    /** The customer's tracking link key: 256 random bits. */
    customerToken: text().notNull(),
    /** Starts at 1; every change adds 1. A write names the version it read (stale → 409). */
    version: integer().notNull().default(1),
    /** Set by each write, so the statements of its batch can tell that this very write applied. */
    writeToken: text(),
    ...auditColumns,
  },
  (t) => [
    uniqueIndex('fsm_visits_customer_token_uq').on(t.customerToken),
    index('fsm_visits_company_start_idx').on(t.companyId, t.startAt),
    index('fsm_visits_job_status_idx').on(t.jobId, t.status),
  ],
);

/** Who is on which visit, kept by triggers from visits.technicianIds and startAt (a technician's day in index order). */
export const visitTechnicians = sqliteTable(
  'fsm_visit_technicians',
  {
    userId: text().notNull(),
    startAt: text().notNull(),
    visitId: text().notNull(),
    companyId: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.startAt, t.visitId] }), index('fsm_visit_technicians_visit_idx').on(t.visitId)],
);

/** Live rows per (company, kind, status), kept by triggers: list totals read a few of these instead of every row. */
export const counts = sqliteTable(
  'fsm_counts',
  {
    companyId: text().notNull(),
    kind: text({ enum: ['job', 'customer'] }).notNull(),
    status: text().notNull(),
    n: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.kind, t.status] })],
);

export type CustomerRow = typeof customers.$inferSelect;
export type SiteRow = typeof sites.$inferSelect;
export type TechnicianRow = typeof technicians.$inferSelect;
export type JobRow = typeof jobs.$inferSelect;
export type VisitRow = typeof visits.$inferSelect;
