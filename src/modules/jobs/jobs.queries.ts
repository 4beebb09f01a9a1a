import { and, count, desc, eq, getTableColumns, gte, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { integer, sqliteTable, text, unionAll } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../core/env';
import { ftsMatch, SEARCH_COUNT_SLACK, searchCountQuery, searchTotal } from '../../core/db/fts';
import { countOf, offsetOf, orderOf, pageOf, windowOf, type PageQuery } from '../../core/db/page';
import { batchPrebuilt, rowDecoder } from '../../core/db/prebuilt';
import { sharedArms, sharedVisible, type Scope } from '../../core/tenancy/scope';
import { activePartnerIdsQuery } from '../../core/tenancy/tenancy.queries';
import { companies, users } from '../../core/tenancy/tenancy.table';
import { applications, jobCounts, jobs, JOB_TYPES, type ApplicationRow, type JobRow, type JobType } from './jobs.table';
import type { Application, Job, JobListQuery } from './jobs.schemas';
import { companyToken, fineRowsOf, jobRule, ROLLUPS } from './jobs.visibility';

/** The FTS5 index (hand-written migrations 0001 and 0008; declared here only for querying, not for drizzle-kit). */
const jobsFts = sqliteTable('jobs_fts', { rowid: integer(), title: text(), description: text(), requiredSkills: text(), tags: text() });

type ViewerKind = Scope['kind'];

const live = isNull(jobs.deletedAt);

/** Jobs the scope may see, as one condition (single-row reads: get, apply). */
export const visibleTo = (db: Db, scope: Scope) => sharedVisible(db, scope, jobRule);

const TYPE_FLAG = { public: jobs.isPublic, internal: jobs.isInternal, partners: jobs.isPartners } as const;

export const typeFlags = (types: JobType[]) => ({
  isPublic: types.includes('public') ? 1 : 0,
  isInternal: types.includes('internal') ? 1 : 0,
  isPartners: types.includes('partners') ? 1 : 0,
});

function filterCondition(q: JobListQuery): SQL | undefined {
  return and(
    q.status ? inArray(jobs.status, q.status) : undefined,
    q.types ? or(...q.types.map((t) => eq(TYPE_FLAG[t], 1))) : undefined,
    q.isSpecialized !== undefined ? eq(jobs.isSpecialized, q.isSpecialized) : undefined,
  );
}

/**
 * One full-text expression for a search: the words (in title, description or skills) AND who may see the job AND
 * the list filters, all answered from the index's `tags` column (migration 0008 defines the tokens) — the same rule
 * as `visibilityArms`, which the jobs tests hold it to for every viewer and filter. The text part is this request's
 * value; a member's expression is completed in SQL with the tokens of their active partners (`searchMatch`).
 */
function searchText(scope: Scope, q: JobListQuery, match: string): string {
  const parts = [`{title description required_skills} : (${match})`];
  if (q.status) parts.push(`tags : (${q.status.map((s) => `s${s}`).join(' OR ')})`);
  if (q.types) parts.push(`tags : (${q.types.map((t) => `t${t}`).join(' OR ')})`);
  if (q.isSpecialized !== undefined) parts.push(`tags : spec${q.isSpecialized ? 1 : 0}`);
  if (q.companyId) parts.push(`tags : o${companyToken(q.companyId)}`);
  const words = parts.join(' AND ');
  if (scope.kind === 'anonymous') return `${words} AND tags : pub`;
  if (scope.kind === 'staff') return words;
  // Own company: every job; others: open public ones, and open partner ones of companies in an active partnership.
  return `${words} AND tags : (pub OR o${companyToken(scope.companyId)}`;
}

/** `jobs_fts MATCH` the search text (placeholder `text`), for a member closed with their partners' tokens (`me`). */
function searchMatch(db: Db, kind: ViewerKind): SQL {
  if (kind !== 'member') return sql`${jobsFts} MATCH ${sql.placeholder('text')}`;
  const partners = activePartnerIdsQuery(db, sql.placeholder('me') as unknown as string).as('partners');
  const partnerTokens = sql`coalesce((SELECT group_concat(' OR prt' || replace(${partners.id}, '-', ''), '') FROM ${partners}), '')`;
  return sql`${jobsFts} MATCH (${sql.placeholder('text')} || ${partnerTokens} || ')')`;
}

export const toJob = (row: JobRow): Job => ({
  id: row.id,
  companyId: row.companyId,
  companyName: row.companyName,
  title: row.title,
  description: row.description,
  types: JOB_TYPES.filter((t) => row[({ public: 'isPublic', internal: 'isInternal', partners: 'isPartners' } as const)[t]] === 1),
  isSpecialized: row.isSpecialized,
  requiredSkills: row.requiredSkills,
  vacancies: row.vacancies,
  status: row.status,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  createdBy: row.createdBy,
  updatedBy: row.updatedBy,
});

const COUNT_FLAG = { public: jobCounts.isPublic, internal: jobCounts.isInternal, partners: jobCounts.isPartners } as const;

const rollup = (key: keyof typeof ROLLUPS) =>
  and(
    eq(jobCounts.status, ROLLUPS[key].status),
    eq(jobCounts.isPublic, ROLLUPS[key].isPublic),
    eq(jobCounts.isInternal, -1),
    eq(jobCounts.isPartners, ROLLUPS[key].isPartners),
    eq(jobCounts.isSpecialized, -1),
  );

/**
 * The visibility rule's arms as a signed sum over job_counts rows instead of a count over jobs (own company: all its
 * rows; others: open public ones, minus the own company's; partners: their open partners-only rows). Without filters
 * it reads rollup rows (a few rows in all); with filters, the fine rows that match them. The jobs tests compare totals
 * with listed rows for every viewer and filter.
 */
function countQuery(db: Db, scope: Scope, q: JobListQuery) {
  const filtered = q.status !== undefined || q.types !== undefined || q.isSpecialized !== undefined;
  const fine = and(
    gte(jobCounts.isSpecialized, 0),
    q.status ? inArray(jobCounts.status, q.status) : undefined,
    q.types ? or(...q.types.map((t) => eq(COUNT_FLAG[t], 1))) : undefined,
    q.isSpecialized !== undefined ? eq(jobCounts.isSpecialized, q.isSpecialized ? 1 : 0) : undefined,
  );
  const pick = (key: keyof typeof ROLLUPS) => (filtered ? and(fine, fineRowsOf(key, jobCounts)) : rollup(key));
  const company = (id: string) => eq(jobCounts.companyId, id);
  const everyone = q.companyId ? company(q.companyId) : company('*');
  const terms: { sign: 1 | -1; where: SQL }[] = [];
  if (scope.kind === 'anonymous') terms.push({ sign: 1, where: and(everyone, pick('openPublic'))! });
  else if (scope.kind === 'staff') terms.push({ sign: 1, where: and(everyone, pick('all'))! });
  else {
    const me = scope.companyId;
    if (!q.companyId || q.companyId === me) terms.push({ sign: 1, where: and(company(me), pick('all'))! });
    if (!q.companyId) {
      terms.push({ sign: 1, where: and(company('*'), pick('openPublic'))! });
      terms.push({ sign: -1, where: and(company(me), pick('openPublic'))! });
    } else if (q.companyId !== me) terms.push({ sign: 1, where: and(company(q.companyId), pick('openPublic'))! });
    terms.push({
      sign: 1,
      where: and(inArray(jobCounts.companyId, activePartnerIdsQuery(db, me)), q.companyId ? company(q.companyId) : undefined, pick('openPartnersOnly'))!,
    });
  }
  // One statement, each term summed on its own (so terms may overlap) and each condition bound once.
  const parts = terms.map((t) =>
    db.select({ n: jobCounts.n, w: sql<number>`${sql.raw(String(t.sign))}`.as('w') }).from(jobCounts).where(t.where),
  );
  const union = parts.length === 1 ? parts[0]! : unionAll(parts[0]!, parts[1]!, ...parts.slice(2));
  const sub = union.as('terms');
  return db.select({ n: sql<number>`coalesce(sum(${sub.n} * ${sub.w}), 0)`.as('n') }).from(sub);
}

const SORT = { createdAt: 'created_at', title: 'title', vacancies: 'vacancies' } as const;

/**
 * Lists visible jobs in one D1 round trip (a batch of the page and the count). Without `search`, the arms are
 * merged by a compound SELECT so SQLite walks each arm's index in order and stops at the page, and the total comes
 * from job_counts. With `search`, one FTS5 expression carries the words, the visibility rule and the filters: ranked
 * by bm25 inside FTS5 (only the page's rows leave the index) unless `sortBy` is given.
 */
export async function listJobs(db: Db, scope: Scope, q: JobListQuery): Promise<{ rows: Job[]; total: number; estimated?: boolean }> {
  const offset = offsetOf(q);
  const dir = q.sortOrder === 'asc' ? 'ASC' : 'DESC';
  const kind: ViewerKind = scope.kind;
  const me = scope.kind === 'anonymous' ? undefined : scope.companyId;
  // Both paths build their statements once per shape and reuse them with this request's values, which go where the
  // placeholders are (see batchPrebuilt).
  const match = q.search ? ftsMatch(q.search) : undefined;
  if (match) {
    // A search's filters and viewer are in its text, so the shape is only the viewer kind and the order.
    const text = searchText(scope, q, match);
    const cap = offset + q.limit + SEARCH_COUNT_SLACK;
    const [rows = [], [counted] = []] = await batchPrebuilt(
      db,
      JSON.stringify(['jobs-search', kind, q.sortBy, q.sortOrder]),
      () => {
        const match = searchMatch(db, kind);
        const [limit, skip] = [sql.placeholder('limit'), sql.placeholder('offset')];
        const page = q.sortBy
          ? db
              .select(listColumns)
              .from(jobsFts)
              .innerJoin(jobs, eq(jobs.seq, jobsFts.rowid))
              .where(match)
              .orderBy(sql.raw(`jobs.${SORT[q.sortBy]} ${dir}, jobs.seq ${dir}`))
              .limit(limit)
              .offset(skip)
          : (() => {
              // Ranked inside FTS5 (ORDER BY rank on the index alone): only the page's rows leave the index.
              const hits = db
                .select({ seq: jobsFts.rowid, rank: sql<number>`${jobsFts}.rank`.as('rank') })
                .from(jobsFts)
                .where(match)
                .orderBy(sql`${jobsFts}.rank`)
                .limit(limit)
                .offset(skip)
                .as('hits');
              return db.select(listColumns).from(hits).innerJoin(jobs, eq(jobs.seq, hits.seq)).orderBy(sql`${hits.rank}`);
            })();
        return [page, searchCountQuery(db, jobsFts, jobs.seq, match)];
      },
      { text, me, limit: q.limit, offset, cap },
    );
    return { rows: rows.map((r) => toJob(decodeJob(r))), ...searchTotal(counted, cap) };
  }
  // The plain list's shape: viewer kind, company filter, filters and order.
  const mine = me !== undefined && q.companyId === me;
  const shape = JSON.stringify(['jobs', kind, q.companyId === undefined ? '' : mine ? 'mine' : 'other', q.status, q.types, q.isSpecialized, q.sortBy, q.sortOrder]);
  const [rows = [], [counted] = []] = await batchPrebuilt(
    db,
    shape,
    () => {
      const placeholder = sql.placeholder('me') as unknown as string;
      const standIn: Scope = scope.kind === 'anonymous' ? scope : { ...scope, companyId: placeholder };
      const sq: JobListQuery = { ...q, companyId: q.companyId === undefined ? undefined : mine ? placeholder : (sql.placeholder('company') as unknown as string) };
      const filters = filterCondition(sq);
      const arms = sharedArms(db, standIn, jobRule, sq.companyId).map((arm) => db.select(listColumns).from(jobs).where(and(live, arm, filters)));
      const orderBy = sql.raw(`${SORT[q.sortBy ?? 'createdAt']} ${dir}, seq ${dir}`);
      const [limit, skip] = [sql.placeholder('limit'), sql.placeholder('offset')];
      const page =
        arms.length === 1
          ? arms[0]!.orderBy(orderBy).limit(limit).offset(skip)
          : unionAll(arms[0]!, arms[1]!, ...arms.slice(2)).orderBy(orderBy).limit(limit).offset(skip);
      return [page, countQuery(db, standIn, sq)];
    },
    { me, company: q.companyId, limit: q.limit, offset },
  );
  return { rows: rows.map((r) => toJob(decodeJob(r))), total: Number(counted?.n ?? 0) };
}

const decodeJob = rowDecoder(jobs);

/** What a list page reads: the API's fields plus `seq` (the compound ORDER BY's tie-breaker), not the soft-delete mark. */
const { deletedAt: _deletedAt, ...listColumns } = getTableColumns(jobs);

export async function getVisibleJob(db: Db, scope: Scope, id: string) {
  const [row] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.id, id), live, visibleTo(db, scope)))
    .limit(1);
  return row;
}

/**
 * The titles of the jobs among `ids` that the scope may see (other modules resolve mentions of jobs with it: a job
 * the reader cannot see, or that does not exist, is simply absent, so no title ever leaks).
 */
export async function visibleJobTitles(db: Db, scope: Scope, ids: readonly string[]): Promise<{ id: string; title: string }[]> {
  if (ids.length === 0) return [];
  // One bound JSON array instead of one parameter per id (D1 binds at most 100 per statement).
  return db
    .select({ id: jobs.id, title: jobs.title })
    .from(jobs)
    .where(and(sql`${jobs.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`, live, visibleTo(db, scope)));
}

const acceptedCountQuery = (db: Db, jobId: string) =>
  db
    .select({ n: count() })
    .from(applications)
    .where(and(eq(applications.jobId, jobId), eq(applications.status, 'accepted')));

export const acceptedCount = async (db: Db, jobId: string) => (await acceptedCountQuery(db, jobId))[0]?.n ?? 0;

/** The number of accepted applications of a job, as a scalar subquery (for guards inside a write). */
export const acceptedCountSql = (jobId: string) => sql`(SELECT count(*) FROM ${applications} WHERE ${applications.jobId} = ${jobId} AND ${applications.status} = 'accepted')`;

/** Marks the job filled when accepted applications reached its vacancies (runs inside the review batch). */
export const fillIfComplete = (db: Db, jobId: string, now: string) =>
  db
    .update(jobs)
    .set({ status: 'filled', updatedAt: now })
    .where(
      and(
        eq(jobs.id, jobId),
        inArray(jobs.status, ['open', 'closed']),
        sql`${acceptedCountSql(jobId)} >= ${jobs.vacancies}`,
      ),
    )
    .returning();

export const toApplication = (
  row: ApplicationRow,
  extra: Pick<Application, 'applicantName' | 'applicantEmail' | 'applicantCompanyName' | 'applicantSkills' | 'jobTitle' | 'companyName'> = {},
): Application => ({
  id: row.id,
  jobId: row.jobId,
  companyId: row.companyId,
  applicantId: row.applicantId,
  applicantCompanyId: row.applicantCompanyId,
  coverLetter: row.coverLetter,
  status: row.status,
  reviewedAt: row.reviewedAt,
  reviewedBy: row.reviewedBy,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  ...extra,
});

export async function findApplication(db: Db, jobId: string, applicantId: string) {
  const [row] = await db
    .select()
    .from(applications)
    .where(and(eq(applications.jobId, jobId), eq(applications.applicantId, applicantId)))
    .limit(1);
  return row;
}

export async function getJobApplication(db: Db, jobId: string, id: string) {
  const [row] = await db
    .select()
    .from(applications)
    .where(and(eq(applications.id, id), eq(applications.jobId, jobId)))
    .limit(1);
  return row;
}

const APP_SORT = { createdAt: applications.createdAt, updatedAt: applications.updatedAt } as const;
type ApplicationQuery = PageQuery & { sortBy?: 'createdAt' | 'updatedAt' | undefined; status?: ApplicationRow['status'][] | undefined };
const appOrder = (q: ApplicationQuery) => orderOf(q, APP_SORT, 'createdAt', applications.id);
const withStatus = (q: ApplicationQuery) => (q.status ? inArray(applications.status, q.status) : undefined);

/** Applications to one job (the caller was already checked to manage the job's company), with the accepted count. */
export async function listJobApplications(db: Db, jobId: string, q: ApplicationQuery) {
  const where = and(eq(applications.jobId, jobId), withStatus(q));
  const page = await pageOf(
    db,
    windowOf(
      db
        .select({
          a: applications,
          applicantName: users.name,
          applicantEmail: users.email,
          applicantSkills: users.skills,
          applicantCompanyName: sql<string>`${companies.name}`.as('applicant_company_name'),
        })
        .from(applications)
        .innerJoin(users, eq(users.id, applications.applicantId))
        .innerJoin(companies, eq(companies.id, applications.applicantCompanyId))
        .where(where)
        .orderBy(...appOrder(q)),
      q,
    ),
    countOf(db, applications, where),
    acceptedCountQuery(db, jobId),
  );
  return {
    rows: page.rows.map(({ a, ...extra }) => toApplication(a, extra)),
    total: page.total,
    accepted: page.more[0][0]?.n ?? 0,
  };
}

/** The caller's own applications, with the job title and company name. */
export async function listMyApplications(db: Db, userId: string, q: ApplicationQuery & { jobId?: string | undefined }) {
  const where = and(eq(applications.applicantId, userId), withStatus(q), q.jobId ? eq(applications.jobId, q.jobId) : undefined);
  const page = await pageOf(
    db,
    windowOf(
      db
        .select({ a: applications, jobTitle: jobs.title, companyName: companies.name })
        .from(applications)
        .innerJoin(jobs, eq(jobs.id, applications.jobId))
        .innerJoin(companies, eq(companies.id, applications.companyId))
        .where(where)
        .orderBy(...appOrder(q)),
      q,
    ),
    countOf(db, applications, where),
  );
  return { rows: page.rows.map((r) => toApplication(r.a, { jobTitle: r.jobTitle, companyName: r.companyName })), total: page.total };
}

/** Applications received by a company across all its live jobs, with job and applicant. */
export async function listReceivedApplications(db: Db, companyId: string, q: ApplicationQuery) {
  const where = and(eq(applications.companyId, companyId), withStatus(q), isNull(jobs.deletedAt));
  const page = await pageOf(
    db,
    windowOf(
      db
        .select({ a: applications, jobTitle: jobs.title, applicantName: users.name, applicantEmail: users.email })
        .from(applications)
        .innerJoin(jobs, eq(jobs.id, applications.jobId))
        .innerJoin(users, eq(users.id, applications.applicantId))
        .where(where)
        .orderBy(...appOrder(q)),
      q,
    ),
    db.select({ n: count() }).from(applications).innerJoin(jobs, eq(jobs.id, applications.jobId)).where(where),
  );
  return {
    rows: page.rows.map((r) => toApplication(r.a, { jobTitle: r.jobTitle, applicantName: r.applicantName, applicantEmail: r.applicantEmail })),
    total: page.total,
  };
}

/** Pending applications per job of a company (the "Our jobs" screen's badges). */
export const pendingCounts = (db: Db, companyId: string) =>
  db
    .select({ jobId: applications.jobId, pending: count() })
    .from(applications)
    .innerJoin(jobs, eq(jobs.id, applications.jobId))
    .where(and(eq(applications.companyId, companyId), eq(applications.status, 'pending'), isNull(jobs.deletedAt)))
    .groupBy(applications.jobId);
