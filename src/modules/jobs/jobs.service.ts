import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Caller, Viewer } from '../../core/auth/caller';
import { isStaff } from '../../core/auth/roles';
import type { Ctx } from '../../core/context';
import { createdBy, nowIso, updatedBy } from '../../core/db/columns';
import { conflict, forbidden, notFound } from '../../core/errors';
import { commit, when } from '../../core/events/outbox';
import { scopeOf } from '../../core/tenancy/scope';
import { activePartnerIds } from '../../core/tenancy/tenancy.queries';
import { companies } from '../../core/tenancy/tenancy.table';
import { jobEvents } from './jobs.events';
import {
  acceptedCount,
  acceptedCountSql,
  fillIfComplete,
  findApplication,
  getJobApplication,
  getVisibleJob,
  listJobApplications,
  listJobs,
  listMyApplications,
  listReceivedApplications,
  pendingCounts,
  toApplication,
  toJob,
  typeFlags,
} from './jobs.queries';
import type { applicationListQuery, applyBody, jobCreate, JobListQuery, jobPatch, myApplicationsQuery } from './jobs.schemas';
import { applications, jobs, type JobRow } from './jobs.table';

type JobEvent = keyof typeof jobEvents.specs;

/** A job event; partner companies hear it only while the job is shared with partners (decided now, from D1). */
async function jobEvent(ctx: Ctx, type: JobEvent, job: JobRow, data: Record<string, unknown>) {
  const partners = job.isPartners === 1 ? await activePartnerIds(ctx.db, job.companyId) : [];
  return jobEvents.event(type, job.companyId, data, { partners });
}

const jobEventData = (job: JobRow) => {
  const j = toJob(job);
  return { jobId: j.id, title: j.title, types: j.types, status: j.status, requiredSkills: j.requiredSkills, vacancies: j.vacancies, createdBy: j.createdBy };
};

/** The job exists for the caller (else 404) and the caller may manage it (else 403: visible but not theirs). */
async function managedJob(ctx: Ctx, caller: Caller, id: string) {
  const job = await getVisibleJob(ctx.db, scopeOf(caller), id);
  if (!job) throw notFound('Job');
  if (!isStaff(caller.role) && job.companyId !== caller.companyId) throw forbidden("You can only manage your own company's jobs");
  return job;
}

export const list = (ctx: Ctx, viewer: Viewer, q: JobListQuery) => listJobs(ctx.db, scopeOf(viewer), q);

export async function get(ctx: Ctx, viewer: Viewer, id: string) {
  const job = await getVisibleJob(ctx.db, scopeOf(viewer), id);
  if (!job) throw notFound('Job');
  return toJob(job);
}

export async function create(ctx: Ctx, caller: Caller, body: z.output<typeof jobCreate>) {
  const row = {
    id: crypto.randomUUID(),
    companyId: caller.companyId,
    companyName: sql<string>`(SELECT ${companies.name} FROM ${companies} WHERE ${companies.id} = ${caller.companyId})`,
    title: body.title,
    description: body.description,
    ...typeFlags(body.types),
    isSpecialized: body.isSpecialized,
    requiredSkills: body.requiredSkills,
    vacancies: body.vacancies,
    status: 'open' as const,
    ...createdBy(caller.id),
  };
  const preview = { ...row, companyName: '', seq: 0, deletedAt: null } as unknown as JobRow;
  const ev = await jobEvent(ctx, 'jobs.job.created', preview, jobEventData(preview));
  const [[job]] = await commit(ctx, [ctx.db.insert(jobs).values(row).returning()], [ev]);
  return toJob(job!);
}

export async function update(ctx: Ctx, caller: Caller, id: string, patch: z.output<typeof jobPatch>) {
  const job = await managedJob(ctx, caller, id);
  const accepted = await acceptedCount(ctx.db, job.id);
  const vacancies = patch.vacancies ?? job.vacancies;
  if (vacancies < accepted) throw conflict(`${accepted} applications are already accepted; vacancies cannot go below that`);
  let status = job.status;
  if (patch.status === 'closed') status = 'closed';
  else if (patch.status === 'open') {
    if (accepted >= vacancies) throw conflict('Every vacancy is filled; raise vacancies to reopen this job');
    status = 'open';
  } else if (job.status === 'open' && accepted >= vacancies) status = 'filled';
  const { types, status: _ignored, ...rest } = patch;
  const changes = { ...rest, ...(types ? typeFlags(types) : {}), status, ...updatedBy(caller.id) };
  const after = { ...job, ...changes } as JobRow;
  const type: JobEvent = status === 'closed' && job.status !== 'closed' ? 'jobs.job.closed' : 'jobs.job.updated';
  const ev = await jobEvent(ctx, type, after, { ...jobEventData(after), changes: Object.keys(patch) });
  const [[row]] = await commit(ctx, [ctx.db.update(jobs).set(changes).where(eq(jobs.id, job.id)).returning()], [ev]);
  return toJob(row!);
}

export async function remove(ctx: Ctx, caller: Caller, id: string) {
  const job = await managedJob(ctx, caller, id);
  const now = nowIso();
  const ev = await jobEvent(ctx, 'jobs.job.deleted', job, jobEventData(job));
  const [[row]] = await commit(ctx, [ctx.db.update(jobs).set({ deletedAt: now, ...updatedBy(caller.id, now) }).where(eq(jobs.id, job.id)).returning()], [ev]);
  return toJob(row!);
}

export async function apply(ctx: Ctx, caller: Caller, id: string, body: z.output<typeof applyBody>) {
  const job = await getVisibleJob(ctx.db, scopeOf(caller), id);
  if (!job) throw notFound('Job');
  if (job.status !== 'open') throw conflict(`This job is ${job.status} and no longer takes applications`);
  if (await findApplication(ctx.db, job.id, caller.id)) throw conflict('You already applied to this job');
  const applicationId = crypto.randomUUID();
  const ev = jobEvents.event('jobs.application.submitted', job.companyId, {
    applicationId,
    jobId: job.id,
    jobTitle: job.title,
    applicantId: caller.id,
    applicantCompanyId: caller.companyId,
  });
  const [[row]] = await commit(
    ctx,
    [
      ctx.db
        .insert(applications)
        .values({
          id: applicationId,
          jobId: job.id,
          companyId: job.companyId,
          applicantId: caller.id,
          applicantCompanyId: caller.companyId,
          coverLetter: body.coverLetter ?? null,
          status: 'pending',
          ...createdBy(caller.id),
        })
        .returning(),
    ],
    [ev],
  );
  return toApplication(row!, { jobTitle: job.title });
}

export async function jobApplications(ctx: Ctx, caller: Caller, id: string, q: z.output<typeof applicationListQuery>) {
  const job = await managedJob(ctx, caller, id);
  const page = await listJobApplications(ctx.db, job.id, q);
  return { ...page, vacanciesLeft: Math.max(0, job.vacancies - page.accepted) };
}

/** Accepts or rejects a pending application; the job becomes filled in the same transaction when vacancies are met. */
export async function review(ctx: Ctx, caller: Caller, jobId: string, applicationId: string, status: 'accepted' | 'rejected') {
  const job = await managedJob(ctx, caller, jobId);
  const application = await getJobApplication(ctx.db, job.id, applicationId);
  if (!application) throw notFound('Application');
  if (application.status !== 'pending') throw conflict(`This application was already ${application.status}`);
  if (status === 'accepted' && job.status === 'filled') throw conflict('Every vacancy of this job is already filled');
  const now = nowIso();
  const ev = jobEvents.event(
    'jobs.application.reviewed',
    job.companyId,
    { applicationId: application.id, jobId: job.id, jobTitle: job.title, applicantId: application.applicantId, status },
    { users: [{ id: application.applicantId, companyId: application.applicantCompanyId }] },
  );
  const asFilled = { ...job, status: 'filled', updatedAt: now } as JobRow;
  const filledEv = await jobEvent(ctx, 'jobs.job.updated', asFilled, { ...jobEventData(asFilled), changes: ['status'] });
  const [updated, filled] = await commit(
    ctx,
    [
      ctx.db
        .update(applications)
        .set({ status, reviewedAt: now, reviewedBy: caller.id, ...updatedBy(caller.id, now) })
        .where(
          and(
            eq(applications.id, application.id),
            eq(applications.status, 'pending'),
            // Guarded in the statement itself: two accepts racing for the last vacancy cannot both pass.
            status === 'accepted' ? sql`${acceptedCountSql(job.id)} < (SELECT ${jobs.vacancies} FROM ${jobs} WHERE ${jobs.id} = ${job.id} AND ${jobs.status} <> 'filled')` : undefined,
          ),
        )
        .returning(),
      fillIfComplete(ctx.db, job.id, now),
    ],
    // Both events are recorded only if this very batch applied the review (and, for the second, filled the job).
    [
      when(ev, applications, and(eq(applications.id, application.id), eq(applications.status, status), eq(applications.reviewedAt, now))!),
      when(filledEv, jobs, and(eq(jobs.id, job.id), eq(jobs.status, 'filled'), eq(jobs.updatedAt, now))!),
    ],
  );
  if (updated.length === 0) {
    const latest = await getJobApplication(ctx.db, job.id, application.id);
    throw conflict(latest?.status === 'pending' ? 'Every vacancy of this job is already filled' : 'The application changed meanwhile; reload and try again');
  }
  return { ...toApplication(updated[0]!), jobStatus: filled.length > 0 ? ('filled' as const) : job.status };
}

export const mine = (ctx: Ctx, caller: Caller, q: z.output<typeof myApplicationsQuery>) => listMyApplications(ctx.db, caller.id, q);

export const received = (ctx: Ctx, caller: Caller, q: z.output<typeof applicationListQuery>) => listReceivedApplications(ctx.db, caller.companyId, q);

export const pending = (ctx: Ctx, caller: Caller) => pendingCounts(ctx.db, caller.companyId);
