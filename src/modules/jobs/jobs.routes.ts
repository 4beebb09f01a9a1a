import { and, eq, sql } from 'drizzle-orm';
import { authenticate, optionalAuth, requirePermission } from '../../core/auth/middleware';
import { isStaff } from '../../core/auth/roles';
import { createdBy, nowIso, updatedBy } from '../../core/db/columns';
import { created, list, ok } from '../../core/envelope';
import { ApiError, conflict, forbidden, notFound } from '../../core/errors';
import type { AuthUser, Db } from '../../core/env';
import { publish, newEvent, outboxInsert, outboxInsertIf } from '../../core/events/publish';
import type { EventType } from '../../core/events/types';
import { pageMeta } from '../../core/list';
import { createRouter } from '../../core/router';
import { idParam, jsonBody, validate } from '../../core/validation';
import { activePartnerIds } from '../companies/companies.queries';
import { companies } from '../companies/companies.table';
import { applications, jobs, type JobRow } from './jobs.table';
import { applicationListQuery, applicationParams, myApplicationsQuery, applyBody, jobCreate, jobListQuery, jobPatch, reviewBody } from './jobs.schemas';
import {
  acceptedCount,
  fillIfComplete,
  findApplication,
  getJobApplication,
  getVisibleJob,
  listJobApplications,
  listJobs,
  listMyApplications,
  listReceivedApplications,
  toApplication,
  toJob,
  typeFlags,
} from './jobs.queries';

/** A job event; partner companies hear it only while the job is shared with partners (decided now, from D1). */
async function jobEvent(db: Db, type: EventType, job: JobRow, data: Record<string, unknown>) {
  const partners = job.isPartners === 1 ? await activePartnerIds(db, job.companyId) : [];
  return newEvent(type, job.companyId, data, partners);
}

const jobEventData = (job: JobRow) => {
  const j = toJob(job);
  return { jobId: j.id, title: j.title, types: j.types, status: j.status, requiredSkills: j.requiredSkills, vacancies: j.vacancies, createdBy: j.createdBy };
};

/** The job exists for the caller (else 404) and the caller may manage it (else 403: visible but not theirs). */
async function managedJob(db: Db, user: AuthUser, id: string) {
  const job = await getVisibleJob(db, user, id);
  if (!job) throw notFound('Job');
  if (!isStaff(user.role) && job.companyId !== user.companyId) throw forbidden("You can only manage your own company's jobs");
  return job;
}

export const jobsRoutes = createRouter()
  .get('/', optionalAuth, validate('query', jobListQuery), async (c) => {
    const q = c.req.valid('query');
    const { rows, total, estimated } = await listJobs(c.var.db, c.var.maybeUser, q);
    // A broad search reports an estimated total (see searchCountQuery), flagged so clients can say "about".
    return list(c, rows, { ...pageMeta(total, q.page, q.limit), ...(estimated ? { totalEstimated: true } : {}) });
  })
  .get('/:id', optionalAuth, idParam, async (c) => {
    const job = await getVisibleJob(c.var.db, c.var.maybeUser, c.req.valid('param').id);
    if (!job) throw notFound('Job');
    return ok(c, toJob(job));
  })
  .post('/', authenticate, requirePermission('jobs:manage'), ...jsonBody(jobCreate), async (c) => {
    const { db, user } = c.var;
    const body = c.req.valid('json');
    const now = nowIso();
    const row = {
      id: crypto.randomUUID(),
      companyId: user.companyId,
      companyName: sql<string>`(SELECT ${companies.name} FROM ${companies} WHERE ${companies.id} = ${user.companyId})`,
      title: body.title,
      description: body.description,
      ...typeFlags(body.types),
      isSpecialized: body.isSpecialized,
      requiredSkills: body.requiredSkills,
      vacancies: body.vacancies,
      status: 'open' as const,
      ...createdBy(user.id, now),
    };
    const preview = { ...row, companyName: '', seq: 0, deletedAt: null } as unknown as JobRow;
    const ev = await jobEvent(db, 'jobs.job.created', preview, jobEventData(preview));
    const [[job]] = await db.batch([db.insert(jobs).values(row).returning(), outboxInsert(db, ev)]);
    publish(c, [ev]);
    return created(c, toJob(job!));
  })
  .patch('/:id', authenticate, requirePermission('jobs:manage'), idParam, ...jsonBody(jobPatch), async (c) => {
    const { db, user } = c.var;
    const job = await managedJob(db, user, c.req.valid('param').id);
    const patch = c.req.valid('json');
    const accepted = await acceptedCount(db, job.id);
    const vacancies = patch.vacancies ?? job.vacancies;
    if (vacancies < accepted) throw conflict(`${accepted} applications are already accepted; vacancies cannot go below that`);
    let status = job.status;
    if (patch.status === 'closed') status = 'closed';
    else if (patch.status === 'open') {
      if (accepted >= vacancies) throw conflict('Every vacancy is filled; raise vacancies to reopen this job');
      status = 'open';
    } else if (job.status === 'open' && accepted >= vacancies) status = 'filled';
    const { types, status: _ignored, ...rest } = patch;
    const changes = { ...rest, ...(types ? typeFlags(types) : {}), status, ...updatedBy(user.id) };
    const after = { ...job, ...changes } as JobRow;
    const type: EventType = status === 'closed' && job.status !== 'closed' ? 'jobs.job.closed' : 'jobs.job.updated';
    const ev = await jobEvent(db, type, after, { ...jobEventData(after), changes: Object.keys(patch) });
    const [[row]] = await db.batch([db.update(jobs).set(changes).where(eq(jobs.id, job.id)).returning(), outboxInsert(db, ev)]);
    publish(c, [ev]);
    return ok(c, toJob(row!));
  })
  .delete('/:id', authenticate, requirePermission('jobs:manage'), idParam, async (c) => {
    const { db, user } = c.var;
    const job = await managedJob(db, user, c.req.valid('param').id);
    const now = nowIso();
    const ev = await jobEvent(db, 'jobs.job.deleted', job, jobEventData(job));
    const [[row]] = await db.batch([
      db.update(jobs).set({ deletedAt: now, updatedAt: now, updatedBy: user.id }).where(eq(jobs.id, job.id)).returning(),
      outboxInsert(db, ev),
    ]);
    publish(c, [ev]);
    return ok(c, toJob(row!));
  })
  .post('/:id/apply', authenticate, requirePermission('jobs:apply'), idParam, ...jsonBody(applyBody), async (c) => {
    const { db, user } = c.var;
    const job = await getVisibleJob(db, user, c.req.valid('param').id);
    if (!job) throw notFound('Job');
    if (job.status !== 'open') throw conflict(`This job is ${job.status} and no longer takes applications`);
    if (await findApplication(db, job.id, user.id)) throw conflict('You already applied to this job');
    const now = nowIso();
    const id = crypto.randomUUID();
    const ev = newEvent('jobs.application.submitted', job.companyId, {
      applicationId: id,
      jobId: job.id,
      jobTitle: job.title,
      applicantId: user.id,
      applicantCompanyId: user.companyId,
    });
    const [[row]] = await db.batch([
      db
        .insert(applications)
        .values({
          id,
          jobId: job.id,
          companyId: job.companyId,
          applicantId: user.id,
          applicantCompanyId: user.companyId,
          coverLetter: c.req.valid('json').coverLetter ?? null,
          status: 'pending',
          ...createdBy(user.id, now),
        })
        .returning(),
      outboxInsert(db, ev),
    ]);
    publish(c, [ev]);
    return created(c, toApplication(row!, { jobTitle: job.title }));
  })
  .get('/:id/applications', authenticate, requirePermission('jobs:manage'), idParam, validate('query', applicationListQuery), async (c) => {
    const { db, user } = c.var;
    const job = await managedJob(db, user, c.req.valid('param').id);
    const q = c.req.valid('query');
    const { rows, total } = await listJobApplications(db, job.id, q);
    const accepted = await acceptedCount(db, job.id);
    return list(c, rows, { ...pageMeta(total, q.page, q.limit), accepted, vacanciesLeft: Math.max(0, job.vacancies - accepted) });
  })
  .patch(
    '/:id/applications/:applicationId',
    authenticate,
    requirePermission('jobs:manage'),
    validate('param', applicationParams),
    ...jsonBody(reviewBody),
    async (c) => {
      const { db, user } = c.var;
      const params = c.req.valid('param');
      const job = await managedJob(db, user, params.id);
      const application = await getJobApplication(db, job.id, params.applicationId);
      if (!application) throw notFound('Application');
      if (application.status !== 'pending') throw conflict(`This application was already ${application.status}`);
      const { status } = c.req.valid('json');
      if (status === 'accepted' && job.status === 'filled') throw conflict('Every vacancy of this job is already filled');
      const now = nowIso();
      const ev = newEvent('jobs.application.reviewed', job.companyId, {
        applicationId: application.id,
        jobId: job.id,
        jobTitle: job.title,
        applicantId: application.applicantId,
        status,
      });
      const asFilled = { ...job, status: 'filled', updatedAt: now } as JobRow;
      const filledEv = await jobEvent(db, 'jobs.job.updated', asFilled, { ...jobEventData(asFilled), changes: ['status'] });
      const [updated, filled] = await db.batch([
        db
          .update(applications)
          .set({ status, reviewedAt: now, reviewedBy: user.id, updatedAt: now, updatedBy: user.id })
          .where(and(eq(applications.id, application.id), eq(applications.status, 'pending')))
          .returning(),
        fillIfComplete(db, job.id, now),
        // Both events are recorded only if this very batch applied the review (and, for the second, filled the job).
        outboxInsertIf(db, ev, applications, and(eq(applications.id, application.id), eq(applications.status, status), eq(applications.reviewedAt, now))!),
        outboxInsertIf(db, filledEv, jobs, and(eq(jobs.id, job.id), eq(jobs.status, 'filled'), eq(jobs.updatedAt, now))!),
      ]);
      if (updated.length === 0) throw new ApiError('CONFLICT', 'The application changed meanwhile; reload and try again');
      publish(c, filled.length > 0 ? [ev, filledEv] : [ev]);
      return ok(c, { ...toApplication(updated[0]!), jobStatus: filled.length > 0 ? 'filled' : job.status });
    },
  );

export const applicationsRoutes = createRouter()
  .use(authenticate)
  .get('/mine', requirePermission('jobs:apply'), validate('query', myApplicationsQuery), async (c) => {
    const q = c.req.valid('query');
    const { rows, total } = await listMyApplications(c.var.db, c.var.user.id, q);
    return list(c, rows, pageMeta(total, q.page, q.limit));
  })
  .get('/received', requirePermission('jobs:manage'), validate('query', applicationListQuery), async (c) => {
    const q = c.req.valid('query');
    const { rows, total } = await listReceivedApplications(c.var.db, c.var.user.companyId, q);
    return list(c, rows, pageMeta(total, q.page, q.limit));
  });
