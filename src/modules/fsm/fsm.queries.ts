import { and, asc, count, eq, getTableColumns, gte, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ftsMatch } from '../../core/db/fts';
import { countOf, offsetOf, orderOf, pageOf, windowOf, type PageQuery } from '../../core/db/page';
import type { Db } from '../../core/env';
import { ownRows, type Scope } from '../../core/tenancy/scope';
import { companies, users } from '../../core/tenancy/tenancy.table';
import type { Customer, CustomerListQuery, Job, JobListQuery, PublicVisit, Site, Technician, TechnicianListQuery, Visit } from './fsm.schemas';
import { counts, customers, jobs, sites, technicians, visits, visitTechnicians, type CustomerRow, type JobRow, type SiteRow, type TechnicianRow, type VisitRow } from './fsm.table';

/** The FTS5 indexes (hand-written migration; declared here only for querying, not for drizzle-kit). */
const customersFts = sqliteTable('fsm_customers_fts', { rowid: integer(), name: text(), email: text(), phone: text(), tags: text() });
const jobsFts = sqliteTable('fsm_jobs_fts', { rowid: integer(), title: text(), description: text(), number: text(), tags: text() });

/** The company token of the search indexes' `tags` column. */
const companyToken = (companyId: string) => `c${companyId.replace(/-/g, '')}`;

/** A full-text expression over `columns`, narrowed to the scope's company (staff: every company). */
function searchExpression(scope: Scope, columns: string, words: string): string {
  const text = `{${columns}} : (${words})`;
  return scope.kind === 'member' ? `${text} AND tags : ${companyToken(scope.companyId)}` : text;
}

/** "FJ-0001" from a job's per-company number. */
export const jobNumber = (n: number) => `FJ-${String(n).padStart(4, '0')}`;

/** The job's number as SQL (for event data completed inside a transaction). */
export const jobNumberSql = sql`'FJ-' || printf('%04d', ${jobs.number})`;

export const DAY_MS = 86_400_000;
/** A customer's tracking link works until this long after the visit's end. */
export const TRACKING_DAYS = 7;

// ── Mapping rows to the API ──────────────────────────────────────────────────────────────────────────────────────

export const toCustomer = (r: CustomerRow): Customer => ({
  id: r.id,
  companyId: r.companyId,
  name: r.name,
  email: r.email,
  phone: r.phone,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export const toSite = (r: SiteRow): Site => ({
  id: r.id,
  companyId: r.companyId,
  customerId: r.customerId,
  name: r.name,
  address: r.address,
  lat: r.lat,
  lng: r.lng,
  accessNotes: r.accessNotes,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export interface TechnicianWithUser {
  t: TechnicianRow;
  name: string;
  email: string;
  userStatus: 'active' | 'inactive';
}

export const toTechnician = (r: TechnicianWithUser): Technician => ({
  userId: r.t.userId,
  companyId: r.t.companyId,
  name: r.name,
  email: r.email,
  userStatus: r.userStatus,
  skills: r.t.skills,
  shifts: r.t.shifts,
  homeLat: r.t.homeLat,
  homeLng: r.t.homeLng,
  createdAt: r.t.createdAt,
  updatedAt: r.t.updatedAt,
});

export interface JobPlace {
  customerName?: string | null;
  siteName?: string | null;
  siteAddress?: string | null;
  lat?: number | null;
  lng?: number | null;
}

export const toJob = (r: JobRow, place: JobPlace = {}): Job => ({
  id: r.id,
  companyId: r.companyId,
  number: jobNumber(r.number),
  customerId: r.customerId,
  siteId: r.siteId,
  title: r.title,
  description: r.description,
  requiredSkills: r.requiredSkills,
  durationMin: r.durationMin,
  priority: r.priority,
  status: r.status,
  sourceWorkOrderId: r.sourceWorkOrderId,
  version: r.version,
  completedAt: r.completedAt,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  createdBy: r.createdBy,
  updatedBy: r.updatedBy,
  ...(place.customerName != null ? { customerName: place.customerName } : {}),
  ...(place.siteName != null ? { siteName: place.siteName } : {}),
  ...(place.siteAddress != null ? { siteAddress: place.siteAddress } : {}),
  ...(place.siteName != null ? { lat: place.lat ?? null, lng: place.lng ?? null } : {}),
});

/** A visit row without its signature (lists never carry the image), with whether it has one. */
type ListedVisit = Omit<VisitRow, 'signature'> & { signature?: string | null };

export interface VisitContext {
  jobNumber?: number | null;
  jobTitle?: string | null;
  jobStatus?: JobRow['status'] | null;
  requiredSkills?: string | string[] | null;
  customerName?: string | null;
  customerPhone?: string | null;
  siteName?: string | null;
  siteAddress?: string | null;
  accessNotes?: string | null;
  lat?: number | null;
  lng?: number | null;
}

const skillsOf = (v: string | string[] | null | undefined): string[] => (Array.isArray(v) ? v : typeof v === 'string' ? (JSON.parse(v) as string[]) : []);

export const toVisit = (r: ListedVisit, x: VisitContext & { signed?: boolean | number } = {}): Visit => ({
  id: r.id,
  companyId: r.companyId,
  jobId: r.jobId,
  technicianIds: r.technicianIds,
  start: r.startAt,
  end: r.endAt,
  status: r.status,
  statusTimes: r.statusTimes,
  history: r.history.map((h) => ({ ...h, byName: h.byName ?? null })),
  notes: r.notes,
  checklist: r.checklist,
  signed: 'signature' in r ? Boolean(r.signature) : Boolean(x.signed),
  ...('signature' in r ? { signature: r.signature ?? null } : {}),
  customerToken: r.customerToken,
  version: r.version,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  createdBy: r.createdBy,
  updatedBy: r.updatedBy,
  ...(x.jobNumber != null ? { jobNumber: jobNumber(x.jobNumber) } : {}),
  ...(x.jobTitle != null ? { jobTitle: x.jobTitle } : {}),
  ...(x.jobStatus != null ? { jobStatus: x.jobStatus } : {}),
  ...(x.requiredSkills != null ? { requiredSkills: skillsOf(x.requiredSkills) } : {}),
  ...(x.customerName != null ? { customerName: x.customerName, customerPhone: x.customerPhone ?? null } : {}),
  ...(x.siteName != null ? { siteName: x.siteName, siteAddress: x.siteAddress ?? '', accessNotes: x.accessNotes ?? null, lat: x.lat ?? null, lng: x.lng ?? null } : {}),
});

// ── Customers and sites ──────────────────────────────────────────────────────────────────────────────────────────

const liveCustomer = isNull(customers.deletedAt);
const liveSite = isNull(sites.deletedAt);

export async function getCustomer(db: Db, scope: Scope, id: string) {
  const [row] = await db.select().from(customers).where(and(eq(customers.id, id), liveCustomer, ownRows(scope, customers.companyId))).limit(1);
  return row;
}

const CUSTOMER_SORT = { createdAt: customers.createdAt, updatedAt: customers.updatedAt, name: customers.name } as const;

function countedTotal(db: Db, scope: Scope, kind: 'job' | 'customer', statuses: readonly string[] | undefined) {
  return db
    .select({ n: sql<number>`coalesce(sum(${counts.n}), 0)`.as('n') })
    .from(counts)
    .where(and(eq(counts.kind, kind), ownRows(scope, counts.companyId), statuses ? inArray(counts.status, [...statuses]) : undefined));
}

/** The customer list in one round trip (total from the trigger-kept counters, or the search's matches). */
export async function listCustomers(db: Db, scope: Scope, q: CustomerListQuery) {
  const where = and(liveCustomer, ownRows(scope, customers.companyId));
  const words = q.search ? ftsMatch(q.search) : undefined;
  if (words) {
    const match = sql`${customersFts} MATCH ${searchExpression(scope, 'name email phone', words)}`;
    // Ranked and unfiltered: the index holds only live customers (per company, see the tags), so only the page's rows
    // leave it and the total is the index's own count.
    const ranked = !q.sortBy;
    const matches = db.select({ seq: customersFts.rowid, rank: sql<number>`${customersFts}.rank`.as('rank') }).from(customersFts).where(match);
    const hits = (ranked ? matches.orderBy(sql`rank`).limit(q.limit).offset(offsetOf(q)) : matches).as('hits');
    const order = ranked ? [asc(hits.rank), asc(customers.id)] : orderOf(q, CUSTOMER_SORT, 'createdAt', customers.id);
    const select = db.select({ c: customers }).from(hits).innerJoin(customers, eq(customers.seq, hits.seq)).where(where).orderBy(...order);
    const page = await pageOf(
      db,
      ranked ? select : windowOf(select, q),
      ranked ? db.select({ n: count() }).from(customersFts).where(match) : db.select({ n: count() }).from(hits).innerJoin(customers, eq(customers.seq, hits.seq)).where(where),
    );
    return { rows: page.rows.map((r) => toCustomer(r.c)), total: page.total };
  }
  const page = await pageOf(
    db,
    windowOf(db.select().from(customers).where(where).orderBy(...orderOf(q, CUSTOMER_SORT, 'createdAt', customers.id)), q),
    countedTotal(db, scope, 'customer', undefined),
  );
  return { rows: page.rows.map(toCustomer), total: page.total };
}

/** A live site whose customer is live too. */
export async function getSite(db: Db, scope: Scope, id: string) {
  const [row] = await db
    .select({ s: sites })
    .from(sites)
    .innerJoin(customers, and(eq(customers.id, sites.customerId), liveCustomer))
    .where(and(eq(sites.id, id), liveSite, ownRows(scope, sites.companyId)))
    .limit(1);
  return row?.s;
}

export async function listSites(db: Db, customerId: string, q: PageQuery & { sortBy?: 'createdAt' | 'name' | undefined }) {
  const where = and(eq(sites.customerId, customerId), liveSite);
  const page = await pageOf(
    db,
    windowOf(db.select().from(sites).where(where).orderBy(...orderOf(q, { createdAt: sites.createdAt, name: sites.name }, 'createdAt', sites.id)), q),
    countOf(db, sites, where),
  );
  return { rows: page.rows.map(toSite), total: page.total };
}

// ── Technicians ──────────────────────────────────────────────────────────────────────────────────────────────────

/** A technician profile with its employee's name, email and account status (aliased: both tables have company_id…). */
const technicianColumns = {
  t: technicians,
  name: sql<string>`${users.name}`.as('user_name'),
  email: sql<string>`${users.email}`.as('user_email'),
  userStatus: sql<'active' | 'inactive'>`${users.status}`.as('user_status'),
};

/** Technicians of live employees. */
const technicianRows = (db: Db) => db.select(technicianColumns).from(technicians).innerJoin(users, and(eq(users.id, technicians.userId), isNull(users.deletedAt)));

export async function getTechnician(db: Db, scope: Scope, userId: string) {
  const [row] = await technicianRows(db)
    .where(and(eq(technicians.userId, userId), ownRows(scope, technicians.companyId)))
    .limit(1);
  return row;
}

/** Every technician of a company (the board's lanes): a company has tens of them, not thousands. */
export const companyTechnicians = (db: Db, companyId: string) => technicianRows(db).where(eq(technicians.companyId, companyId)).orderBy(asc(users.name), asc(technicians.userId));

export async function listTechnicians(db: Db, scope: Scope, q: TechnicianListQuery) {
  const where = and(
    ownRows(scope, technicians.companyId),
    q.skill ? sql`EXISTS (SELECT 1 FROM json_each(${technicians.skills}) WHERE lower(json_each.value) = lower(${q.skill}))` : undefined,
  );
  const page = await pageOf(
    db,
    windowOf(technicianRows(db).where(where).orderBy(...orderOf(q, { name: users.name, createdAt: technicians.createdAt }, 'createdAt', technicians.userId)), q),
    db.select({ n: count() }).from(technicians).innerJoin(users, and(eq(users.id, technicians.userId), isNull(users.deletedAt))).where(where),
  );
  return { rows: page.rows.map(toTechnician), total: page.total };
}

/** Which of `userIds` are technicians of `companyId` whose employee is live and active. */
export async function activeTechnicianIds(db: Db, companyId: string, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .select({ id: technicians.userId })
    .from(technicians)
    .innerJoin(users, eq(users.id, technicians.userId))
    .where(and(eq(technicians.companyId, companyId), inArray(technicians.userId, userIds), isNull(users.deletedAt), eq(users.status, 'active')));
  return new Set(rows.map((r) => r.id));
}

// ── Jobs ─────────────────────────────────────────────────────────────────────────────────────────────────────────

const liveJob = isNull(jobs.deletedAt);

/** A job with its customer's and site's names (aliased: every table has `name`-like columns). */
const jobColumns = {
  j: jobs,
  customerName: sql<string | null>`${customers.name}`.as('customer_name'),
  siteName: sql<string | null>`${sites.name}`.as('site_name'),
  siteAddress: sql<string | null>`${sites.address}`.as('site_address'),
  lat: sql<number | null>`${sites.lat}`.as('site_lat'),
  lng: sql<number | null>`${sites.lng}`.as('site_lng'),
};
const jobRows = (db: Db) => db.select(jobColumns).from(jobs).leftJoin(customers, eq(customers.id, jobs.customerId)).leftJoin(sites, eq(sites.id, jobs.siteId));
type JobWithPlace = { j: JobRow } & JobPlace;
export const toPlacedJob = (r: JobWithPlace) => toJob(r.j, r);

export async function getJob(db: Db, scope: Scope, id: string) {
  const [row] = await jobRows(db)
    .where(and(eq(jobs.id, id), liveJob, ownRows(scope, jobs.companyId)))
    .limit(1);
  return row;
}

/** The job row alone, as a batchable query (e.g. to read it back after a write). */
export const jobById = (db: Db, id: string) => db.select().from(jobs).where(eq(jobs.id, id)).limit(1);

const JOB_SORT = { createdAt: jobs.createdAt, updatedAt: jobs.updatedAt, number: jobs.number } as const;

/** The job list in one round trip. Totals come from the counters when it is filtered by status only. */
export async function listJobs(db: Db, scope: Scope, q: JobListQuery) {
  const where = and(
    liveJob,
    ownRows(scope, jobs.companyId),
    q.status ? inArray(jobs.status, q.status) : undefined,
    q.priority ? inArray(jobs.priority, q.priority) : undefined,
    q.customerId ? eq(jobs.customerId, q.customerId) : undefined,
    q.siteId ? eq(jobs.siteId, q.siteId) : undefined,
    q.sourceWorkOrderId ? eq(jobs.sourceWorkOrderId, q.sourceWorkOrderId) : undefined,
  );
  const words = q.search ? ftsMatch(q.search) : undefined;
  if (words) {
    const match = sql`${jobsFts} MATCH ${searchExpression(scope, 'title description number', words)}`;
    // Ranked without other filters: the index holds only live jobs (per company, see the tags), so only the page's
    // rows leave it and the total is the index's own count. With filters or a sort, every match is joined.
    const ranked = !q.sortBy && !q.status && !q.priority && !q.customerId && !q.siteId && !q.sourceWorkOrderId;
    const matches = db.select({ seq: jobsFts.rowid, rank: sql<number>`${jobsFts}.rank`.as('rank') }).from(jobsFts).where(match);
    const hits = (ranked ? matches.orderBy(sql`rank`).limit(q.limit).offset(offsetOf(q)) : matches).as('hits');
    const order = q.sortBy ? orderOf(q, JOB_SORT, 'createdAt', jobs.id) : [asc(hits.rank), asc(jobs.id)];
    const select = db
      .select(jobColumns)
      .from(hits)
      .innerJoin(jobs, eq(jobs.seq, hits.seq))
      .leftJoin(customers, eq(customers.id, jobs.customerId))
      .leftJoin(sites, eq(sites.id, jobs.siteId))
      .where(where)
      .orderBy(...order);
    const page = await pageOf(
      db,
      ranked ? select : windowOf(select, q),
      ranked ? db.select({ n: count() }).from(jobsFts).where(match) : db.select({ n: count() }).from(hits).innerJoin(jobs, eq(jobs.seq, hits.seq)).where(where),
    );
    return { rows: page.rows.map(toPlacedJob), total: page.total };
  }
  const onlyStatus = !q.priority && !q.customerId && !q.siteId && !q.sourceWorkOrderId;
  const page = await pageOf(
    db,
    windowOf(jobRows(db).where(where).orderBy(...orderOf(q, JOB_SORT, 'createdAt', jobs.id)), q),
    onlyStatus ? countedTotal(db, scope, 'job', q.status) : countOf(db, jobs, where),
  );
  return { rows: page.rows.map(toPlacedJob), total: page.total };
}

// ── Visits ───────────────────────────────────────────────────────────────────────────────────────────────────────

const { signature: _image, ...visitColumnsWithoutSignature } = getTableColumns(visits);

/**
 * A visit with what a lane or a technician's day shows of its job, customer and site (aliased: the tables share
 * column names). Lists carry `signed` instead of the signature image.
 */
const listedVisitColumns = {
  v: visitColumnsWithoutSignature,
  signed: sql<number>`(${visits.signature} IS NOT NULL)`.as('signed'),
  jobNumber: sql<number | null>`${jobs.number}`.as('job_number'),
  jobTitle: sql<string | null>`${jobs.title}`.as('job_title'),
  jobStatus: sql<JobRow['status'] | null>`${jobs.status}`.as('job_status'),
  requiredSkills: sql<string | null>`${jobs.requiredSkills}`.as('job_skills'),
  customerName: sql<string | null>`${customers.name}`.as('customer_name'),
  customerPhone: sql<string | null>`${customers.phone}`.as('customer_phone'),
  siteName: sql<string | null>`${sites.name}`.as('site_name'),
  siteAddress: sql<string | null>`${sites.address}`.as('site_address'),
  accessNotes: sql<string | null>`${sites.accessNotes}`.as('access_notes'),
  lat: sql<number | null>`${sites.lat}`.as('site_lat'),
  lng: sql<number | null>`${sites.lng}`.as('site_lng'),
};
type ListedVisitRow = { v: Omit<VisitRow, 'signature'>; signed: number } & VisitContext;
export const toListedVisit = (r: ListedVisitRow) => toVisit(r.v, r);

/** Visits of live jobs, with their job, customer and site. */
const visitRows = (db: Db) =>
  db
    .select(listedVisitColumns)
    .from(visits)
    .innerJoin(jobs, and(eq(jobs.id, visits.jobId), liveJob))
    .leftJoin(customers, eq(customers.id, jobs.customerId))
    .leftJoin(sites, eq(sites.id, jobs.siteId));

/** One visit (with its signature) of a live job, and what it belongs to. */
export async function getVisit(db: Db, scope: Scope, id: string) {
  const [row] = await db
    .select({ ...listedVisitColumns, v: visits })
    .from(visits)
    .innerJoin(jobs, and(eq(jobs.id, visits.jobId), liveJob))
    .leftJoin(customers, eq(customers.id, jobs.customerId))
    .leftJoin(sites, eq(sites.id, jobs.siteId))
    .where(and(eq(visits.id, id), ownRows(scope, visits.companyId)))
    .limit(1);
  return row;
}

/** A job's visits by start (a job has a handful; capped all the same). */
export const jobVisits = (db: Db, jobId: string) => visitRows(db).where(eq(visits.jobId, jobId)).orderBy(asc(visits.startAt), asc(visits.id)).limit(200);

/** The bounds of a UTC date, as stored instants. */
export const dayBounds = (date: string) => {
  const from = Date.parse(`${date}T00:00:00.000Z`);
  return { from: new Date(from).toISOString(), to: new Date(from + DAY_MS).toISOString() };
};

/** At most this many unscheduled jobs are on the tray (high priority first, then oldest). */
export const TRAY_MAX = 500;
const PRIORITY_RANK = sql`CASE ${jobs.priority} WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END`;

/**
 * The board's three reads in one D1 round trip: the tray (every unscheduled job), the company's technicians, and the
 * visits that start on the date (not cancelled), each walking its own index.
 */
export async function boardRows(db: Db, companyId: string, date: string) {
  const { from, to } = dayBounds(date);
  const [tray, techs, day] = await db.batch([
    jobRows(db)
      .where(and(eq(jobs.companyId, companyId), eq(jobs.status, 'unscheduled'), liveJob))
      .orderBy(PRIORITY_RANK, asc(jobs.createdAt), asc(jobs.id))
      .limit(TRAY_MAX),
    companyTechnicians(db, companyId),
    visitRows(db)
      .where(and(eq(visits.companyId, companyId), gte(visits.startAt, from), lt(visits.startAt, to), sql`${visits.status} <> 'cancelled'`))
      // In the index's own order (start, then insertion for equal starts): a tie-break on id would add a sort, which
      // D1 counts as one more row read per visit.
      .orderBy(asc(visits.startAt)),
  ]);
  return { tray, techs, day };
}

/** A technician's visits that start on the date (not cancelled), by start, through their index of assignments. */
export async function dayOf(db: Db, userId: string, companyId: string, date: string) {
  const { from, to } = dayBounds(date);
  const [profile, day] = await db.batch([
    db.select().from(technicians).where(and(eq(technicians.userId, userId), eq(technicians.companyId, companyId))).limit(1),
    visitRows(db)
      .innerJoin(visitTechnicians, eq(visitTechnicians.visitId, visits.id))
      .where(and(eq(visitTechnicians.userId, userId), gte(visitTechnicians.startAt, from), lt(visitTechnicians.startAt, to), eq(visits.companyId, companyId), sql`${visits.status} <> 'cancelled'`))
      .orderBy(asc(visitTechnicians.startAt), asc(visits.id)),
  ]);
  return { profile: profile[0], day };
}

/**
 * What the customer's tracking link shows, and nothing else: the company's name, the visit's status and window,
 * the first technician's first name, and when it last changed. Only while the job is live and until
 * TRACKING_DAYS after the visit's end.
 */
export async function publicVisit(db: Db, token: string, now = Date.now()): Promise<PublicVisit | undefined> {
  const [row] = await db
    .select({
      status: visits.status,
      windowStart: visits.startAt,
      windowEnd: visits.endAt,
      updatedAt: visits.updatedAt,
      companyName: sql<string>`${companies.name}`.as('company_name'),
      technicianName: sql<string | null>`(SELECT ${users.name} FROM ${users} WHERE ${users.id} = json_extract(${visits.technicianIds}, '$[0]') AND ${users.deletedAt} IS NULL)`.as('technician_name'),
    })
    .from(visits)
    .innerJoin(jobs, and(eq(jobs.id, visits.jobId), liveJob))
    .innerJoin(companies, eq(companies.id, visits.companyId))
    .where(and(eq(visits.customerToken, token), sql`${visits.endAt} > ${new Date(now - TRACKING_DAYS * DAY_MS).toISOString()}`))
    .limit(1);
  if (!row) return undefined;
  return {
    companyName: row.companyName,
    status: row.status,
    windowStart: row.windowStart,
    windowEnd: row.windowEnd,
    technicianFirstName: row.technicianName?.trim().split(/\s+/)[0] || null,
    updatedAt: row.updatedAt,
  };
}

/**
 * The job's status as its visits say, in SQL (read inside the transaction that changed a visit): unscheduled without
 * a visit that is not cancelled; completed when every such visit is completed; in progress once one is under way
 * (en route, on site, or completed); scheduled otherwise. A cancelled job stays cancelled.
 */
export const derivedJobStatus = (jobId: string): SQL => {
  const open = sql`SELECT 1 FROM ${visits} WHERE ${visits.jobId} = ${jobId} AND ${visits.status}`;
  return sql`CASE
    WHEN NOT EXISTS (${open} <> 'cancelled') THEN 'unscheduled'
    WHEN NOT EXISTS (${open} NOT IN ('cancelled', 'completed')) THEN 'completed'
    WHEN EXISTS (${open} IN ('en_route', 'on_site', 'completed')) THEN 'in_progress'
    ELSE 'scheduled' END`;
};

