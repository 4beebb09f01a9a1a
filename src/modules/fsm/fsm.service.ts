import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Caller } from '../../core/auth/caller';
import { can } from '../../core/auth/roles';
import type { Ctx } from '../../core/context';
import { createdBy, nowIso, updatedBy } from '../../core/db/columns';
import type { Db } from '../../core/env';
import { badRequest, conflict, notFound } from '../../core/errors';
import { commit, when, type ConditionalEvent } from '../../core/events/outbox';
import { scopeOf } from '../../core/tenancy/scope';
import { liveUser } from '../../core/tenancy/tenancy.queries';
import { users } from '../../core/tenancy/tenancy.table';
// The one way FSM depends on CMMS (never the other way): the work orders contracted to a company.
import { insertIf, workOrderNumber } from '../cmms/cmms.helpers';
import { contractedTo, getContractedWorkOrder } from '../cmms/cmms.queries';
import { workOrders } from '../cmms/cmms.table';
import { fsmEvents, type FsmEvent } from './fsm.events';
import {
  getCustomer,
  getJob,
  getSite,
  getTechnician,
  jobNumber,
  jobNumberSql,
  jobVisits,
  listCustomers,
  listJobs,
  listSites,
  listTechnicians,
  toCustomer,
  toListedVisit,
  toPlacedJob,
  toSite,
  toTechnician,
} from './fsm.queries';
import type {
  customerCreate,
  CustomerListQuery,
  customerPatch,
  JobCreate,
  JobListQuery,
  JobPatch,
  siteCreate,
  siteListQuery,
  sitePatch,
  TechnicianListQuery,
  technicianPut,
} from './fsm.schemas';
import { customers, jobs, sites, technicians, visits, type JobRow, type VisitRow, type VisitStatus } from './fsm.table';

type In<T extends z.ZodType> = z.output<T>;

/** Dispatchers (admin_empresa and above, and API keys) manage everything; technicians work their own visits. */
export const dispatches = (caller: Caller) => can(caller.role, 'fsm:dispatch');

/** Jobs not finished with: they still take visits and changes. */
export const OPEN_JOB_STATUSES = ['unscheduled', 'scheduled', 'in_progress'] as const;

const openJobsOf = (column: typeof jobs.customerId | typeof jobs.siteId, id: string) =>
  sql`EXISTS (SELECT 1 FROM ${jobs} WHERE ${column} = ${id} AND ${jobs.deletedAt} IS NULL AND ${jobs.status} IN ('unscheduled', 'scheduled', 'in_progress'))`;

// ── Customers ────────────────────────────────────────────────────────────────────────────────────────────────────

export const listCustomersOf = (ctx: Ctx, caller: Caller, q: CustomerListQuery) => listCustomers(ctx.db, scopeOf(caller), q);

async function customerOf(ctx: Ctx, caller: Caller, id: string) {
  const row = await getCustomer(ctx.db, scopeOf(caller), id);
  if (!row) throw notFound('Customer');
  return row;
}

export const getCustomerOf = async (ctx: Ctx, caller: Caller, id: string) => toCustomer(await customerOf(ctx, caller, id));

export async function createCustomer(ctx: Ctx, caller: Caller, body: In<typeof customerCreate>) {
  const row = { id: crypto.randomUUID(), companyId: caller.companyId, name: body.name, email: body.email ?? null, phone: body.phone ?? null, ...createdBy(caller.id) };
  const [[created]] = await commit(ctx, [ctx.db.insert(customers).values(row).returning()], [
    fsmEvents.event('fsm.customer.created', row.companyId, { customerId: row.id, name: row.name, actorId: caller.id }),
  ]);
  return toCustomer(created!);
}

export async function updateCustomer(ctx: Ctx, caller: Caller, id: string, patch: In<typeof customerPatch>) {
  const c = await customerOf(ctx, caller, id);
  const now = nowIso();
  const [[row]] = await commit(
    ctx,
    [ctx.db.update(customers).set({ ...patch, ...updatedBy(caller.id, now) }).where(and(eq(customers.id, c.id), isNull(customers.deletedAt))).returning()],
    [
      when(
        fsmEvents.event('fsm.customer.updated', c.companyId, { customerId: c.id, name: patch.name ?? c.name, changes: Object.keys(patch), actorId: caller.id }),
        customers,
        and(eq(customers.id, c.id), eq(customers.updatedAt, now))!,
      ),
    ],
  );
  if (!row) throw notFound('Customer');
  return toCustomer(row);
}

/** Soft-deletes a customer with its sites, unless it has open jobs (checked inside the write). */
export async function removeCustomer(ctx: Ctx, caller: Caller, id: string) {
  const c = await customerOf(ctx, caller, id);
  const now = nowIso();
  const gone = and(eq(customers.id, c.id), eq(customers.deletedAt, now))!;
  const [[row]] = await commit(
    ctx,
    [
      ctx.db
        .update(customers)
        .set({ deletedAt: now, ...updatedBy(caller.id, now) })
        .where(and(eq(customers.id, c.id), isNull(customers.deletedAt), sql`NOT ${openJobsOf(jobs.customerId, c.id)}`))
        .returning(),
      ctx.db
        .update(sites)
        .set({ deletedAt: now, ...updatedBy(caller.id, now) })
        .where(and(eq(sites.customerId, c.id), isNull(sites.deletedAt), sql`EXISTS (SELECT 1 FROM ${customers} WHERE ${gone})`)),
    ],
    [when(fsmEvents.event('fsm.customer.deleted', c.companyId, { customerId: c.id, name: c.name, actorId: caller.id }), customers, gone)],
  );
  if (!row) {
    if (!(await getCustomer(ctx.db, scopeOf(caller), c.id))) throw notFound('Customer');
    throw conflict('This customer has open jobs: complete, cancel or delete them first');
  }
  return toCustomer(row);
}

// ── Sites ────────────────────────────────────────────────────────────────────────────────────────────────────────

export async function listSitesOf(ctx: Ctx, caller: Caller, customerId: string, q: In<typeof siteListQuery>) {
  const c = await customerOf(ctx, caller, customerId);
  return listSites(ctx.db, c.id, q);
}

async function siteOf(ctx: Ctx, caller: Caller, id: string) {
  const row = await getSite(ctx.db, scopeOf(caller), id);
  if (!row) throw notFound('Site');
  return row;
}

export const getSiteOf = async (ctx: Ctx, caller: Caller, id: string) => toSite(await siteOf(ctx, caller, id));

export async function createSite(ctx: Ctx, caller: Caller, customerId: string, body: In<typeof siteCreate>) {
  const c = await customerOf(ctx, caller, customerId);
  const row = {
    id: crypto.randomUUID(),
    companyId: c.companyId,
    customerId: c.id,
    name: body.name,
    address: body.address,
    lat: body.lat ?? null,
    lng: body.lng ?? null,
    accessNotes: body.accessNotes ?? null,
    ...createdBy(caller.id),
  };
  const [inserted] = await commit(
    ctx,
    // Only while the customer is live: a site never lands on a customer deleted meanwhile.
    [insertIf(ctx.db, sites, row, sql`EXISTS (SELECT 1 FROM ${customers} WHERE ${customers.id} = ${c.id} AND ${customers.deletedAt} IS NULL)`).returning()],
    [when(fsmEvents.event('fsm.site.created', c.companyId, { siteId: row.id, customerId: c.id, name: row.name, actorId: caller.id }), sites, eq(sites.id, row.id))],
  );
  if (!inserted[0]) throw notFound('Customer');
  return toSite(inserted[0]);
}

export async function updateSite(ctx: Ctx, caller: Caller, id: string, patch: In<typeof sitePatch>) {
  const s = await siteOf(ctx, caller, id);
  const now = nowIso();
  const [[row]] = await commit(
    ctx,
    [ctx.db.update(sites).set({ ...patch, ...updatedBy(caller.id, now) }).where(and(eq(sites.id, s.id), isNull(sites.deletedAt))).returning()],
    [
      when(
        fsmEvents.event('fsm.site.updated', s.companyId, { siteId: s.id, customerId: s.customerId, name: patch.name ?? s.name, changes: Object.keys(patch), actorId: caller.id }),
        sites,
        and(eq(sites.id, s.id), eq(sites.updatedAt, now))!,
      ),
    ],
  );
  if (!row) throw notFound('Site');
  return toSite(row);
}

export async function removeSite(ctx: Ctx, caller: Caller, id: string) {
  const s = await siteOf(ctx, caller, id);
  const now = nowIso();
  const [[row]] = await commit(
    ctx,
    [
      ctx.db
        .update(sites)
        .set({ deletedAt: now, ...updatedBy(caller.id, now) })
        .where(and(eq(sites.id, s.id), isNull(sites.deletedAt), sql`NOT ${openJobsOf(jobs.siteId, s.id)}`))
        .returning(),
    ],
    [when(fsmEvents.event('fsm.site.deleted', s.companyId, { siteId: s.id, customerId: s.customerId, name: s.name, actorId: caller.id }), sites, and(eq(sites.id, s.id), eq(sites.deletedAt, now))!)],
  );
  if (!row) {
    if (!(await getSite(ctx.db, scopeOf(caller), s.id))) throw notFound('Site');
    throw conflict('This site has open jobs: complete, cancel or delete them first');
  }
  return toSite(row);
}

// ── Technicians ──────────────────────────────────────────────────────────────────────────────────────────────────

export const listTechniciansOf = (ctx: Ctx, caller: Caller, q: TechnicianListQuery) => listTechnicians(ctx.db, scopeOf(caller), q);

export async function getTechnicianOf(ctx: Ctx, caller: Caller, userId: string) {
  const row = await getTechnician(ctx.db, scopeOf(caller), userId);
  if (!row) throw notFound('Technician');
  return toTechnician(row);
}

/** Creates or replaces an employee's technician profile (skills, UTC shifts, home base). */
export async function putTechnician(ctx: Ctx, caller: Caller, userId: string, body: In<typeof technicianPut>) {
  const scope = scopeOf(caller);
  const [user] = await ctx.db
    .select({ id: users.id, companyId: users.companyId, name: users.name, email: users.email, status: users.status })
    .from(users)
    .where(and(eq(users.id, userId), liveUser, scope.kind === 'staff' ? undefined : eq(users.companyId, caller.companyId)))
    .limit(1);
  if (!user) throw notFound('Employee');
  const now = nowIso();
  const profile = { skills: body.skills, shifts: body.shifts, homeLat: body.homeLat ?? null, homeLng: body.homeLng ?? null, ...updatedBy(caller.id, now) };
  const [[row]] = await commit(
    ctx,
    [
      ctx.db
        .insert(technicians)
        .values({ userId: user.id, companyId: user.companyId, ...profile, createdAt: now, createdBy: caller.id })
        .onConflictDoUpdate({ target: technicians.userId, set: profile })
        .returning(),
    ],
    [fsmEvents.event('fsm.technician.updated', user.companyId, { technicianId: user.id, skills: profile.skills, shifts: profile.shifts, homeLat: profile.homeLat, homeLng: profile.homeLng, actorId: caller.id })],
  );
  return toTechnician({ t: row!, name: user.name, email: user.email, userStatus: user.status });
}

// ── Jobs ─────────────────────────────────────────────────────────────────────────────────────────────────────────

export const listJobsOf = (ctx: Ctx, caller: Caller, q: JobListQuery) => listJobs(ctx.db, scopeOf(caller), q);

export async function jobOf(ctx: Ctx, caller: Caller, id: string) {
  const row = await getJob(ctx.db, scopeOf(caller), id);
  if (!row) throw notFound('Job');
  return row;
}

export async function getJobOf(ctx: Ctx, caller: Caller, id: string) {
  const row = await jobOf(ctx, caller, id);
  return { ...toPlacedJob(row), visits: (await jobVisits(ctx.db, row.j.id)).map(toListedVisit) };
}

const jobEventData = (j: Pick<JobRow, 'id' | 'number' | 'title' | 'status'>, actorId: string) => ({
  jobId: j.id,
  number: j.number > 0 ? `FJ-${String(j.number).padStart(4, '0')}` : undefined,
  title: j.title,
  status: j.status,
  actorId,
});

/** The customer (in the caller's tenant) and a site of it, or 404; a site of another customer is 400. */
async function placeOf(ctx: Ctx, caller: Caller, customerId: string, siteId: string) {
  const customer = await customerOf(ctx, caller, customerId);
  const site = await getSite(ctx.db, scopeOf(caller), siteId);
  if (!site || site.companyId !== customer.companyId) throw notFound('Site');
  if (site.customerId !== customer.id) throw badRequest('Invalid siteId: the site belongs to another customer', 'siteId');
  return { customer, site };
}

const liveAt = (table: typeof customers | typeof sites, id: string) => sql`EXISTS (SELECT 1 FROM ${table} WHERE ${table.id} = ${id} AND ${table.deletedAt} IS NULL)`;

/**
 * Creates a field job numbered FJ-0001… per company (the number is allocated inside the insert: no gaps, no
 * duplicates under concurrent creates). With `sourceWorkOrderId`, the job carries out a CMMS work order contracted to
 * the caller's company by an active partner (else 404), at most one live job per work order (409); its title and
 * description default to the work order's.
 */
export async function createJob(ctx: Ctx, caller: Caller, body: JobCreate) {
  const { customer, site } = await placeOf(ctx, caller, body.customerId, body.siteId);
  const companyId = customer.companyId;
  const wo = body.sourceWorkOrderId ? await getContractedWorkOrder(ctx.db, companyId, body.sourceWorkOrderId) : undefined;
  if (body.sourceWorkOrderId && !wo) throw notFound('Work order');
  const id = crypto.randomUUID();
  const title = body.title ?? `${workOrderNumber(wo!.w.number)}: ${wo!.w.title}`.slice(0, 200);
  const row = {
    id,
    companyId,
    number: sql`SELECT coalesce(max(${jobs.number}), 0) + 1 FROM ${jobs} WHERE ${jobs.companyId} = ${companyId}`,
    customerId: customer.id,
    siteId: site.id,
    title,
    description: body.description ?? wo?.w.description ?? '',
    requiredSkills: body.requiredSkills,
    durationMin: body.durationMin,
    priority: body.priority,
    status: 'unscheduled' as const,
    sourceWorkOrderId: body.sourceWorkOrderId ?? null,
    version: 1,
    ...createdBy(caller.id),
  };
  const guards: SQL[] = [liveAt(customers, customer.id), liveAt(sites, site.id)];
  if (body.sourceWorkOrderId) {
    // Still contracted to us (the partnership may end meanwhile), and not already carried out by a live job.
    guards.push(sql`EXISTS (SELECT 1 FROM ${workOrders} WHERE ${and(eq(workOrders.id, body.sourceWorkOrderId), contractedTo(ctx.db, companyId))})`);
    guards.push(sql`NOT EXISTS (SELECT 1 FROM ${jobs} WHERE ${jobs.companyId} = ${companyId} AND ${jobs.sourceWorkOrderId} = ${body.sourceWorkOrderId} AND ${jobs.deletedAt} IS NULL)`);
  }
  const ev = fsmEvents.event('fsm.job.created', companyId, {
    ...jobEventData({ id, number: 0, title, status: 'unscheduled' }, caller.id),
    customerId: customer.id,
    siteId: site.id,
    priority: body.priority,
    requiredSkills: body.requiredSkills,
    sourceWorkOrderId: body.sourceWorkOrderId ?? null,
  });
  const [inserted] = await commit(ctx, [insertIf(ctx.db, jobs, row, sql.join(guards, sql` AND `)).returning()], [
    when(ev, jobs, eq(jobs.id, id), sql`json_object('number', ${jobNumberSql})`),
  ]);
  const created = inserted[0];
  if (!created) {
    await placeOf(ctx, caller, body.customerId, body.siteId);
    if (body.sourceWorkOrderId) {
      if (!(await getContractedWorkOrder(ctx.db, companyId, body.sourceWorkOrderId))) throw notFound('Work order');
      throw conflict('This work order already has a field job');
    }
    throw conflict('The customer or site changed meanwhile; reload and try again');
  }
  return toPlacedJob({ j: created, customerName: customer.name, siteName: site.name, siteAddress: site.address, lat: site.lat, lng: site.lng });
}

const UNDER_WAY = sql`('en_route', 'on_site')`;

/** This very write applied to the visit (its token), for the statements and events of the same batch. */
export const visitWritten = (id: string, token: string) => and(eq(visits.id, id), eq(visits.writeToken, token))!;

/** What every visit event says, plus its versions and its job's status as they are once the batch ran. */
export const visitEventData = (v: Pick<VisitRow, 'id' | 'jobId' | 'technicianIds' | 'startAt' | 'endAt' | 'status'>, job: Pick<JobRow, 'number' | 'title'>, actorId: string) => ({
  visitId: v.id,
  jobId: v.jobId,
  jobNumber: jobNumber(job.number),
  jobTitle: job.title,
  technicianIds: v.technicianIds,
  start: v.startAt,
  end: v.endAt,
  status: v.status,
  actorId,
});
const committedData = sql`json_object('version', ${visits.version}, 'jobStatus', (SELECT ${jobs.status} FROM ${jobs} WHERE ${jobs.id} = ${visits.jobId}), 'jobVersion', (SELECT ${jobs.version} FROM ${jobs} WHERE ${jobs.id} = ${visits.jobId}))`;

/** A visit event recorded only if this batch's write (its token) applied to that visit. */
export function visitEvent(type: FsmEvent, companyId: string, data: Record<string, unknown>, id: string, token: string): ConditionalEvent {
  return when(fsmEvents.event(type, companyId, data), visits, visitWritten(id, token), committedData);
}

/**
 * One entry of a visit's `history`, as SQL: the actor's name is read inside the write (no extra round trip) and kept
 * with the step, so the history still names them after they leave; an API key is named by its key name.
 */
export const historyStep = (caller: Caller, status: string, now: string, note: string | null) =>
  sql`json_object('status', ${status}, 'at', ${now}, 'by', ${caller.id}, 'byName', coalesce((SELECT ${users.name} FROM ${users} WHERE ${users.id} = ${caller.id}), ${caller.name ?? null}), 'note', ${note})`;

const CANCEL_NOTE = 'The job was cancelled or deleted';
/** A job's visits that its cancel or delete takes with it: those not yet under way. */
const CANCELLED_WITH_JOB: VisitStatus[] = ['scheduled', 'dispatched'];

/**
 * One `fsm.visit.status_changed` per open visit a job cancel/delete takes with it (each recorded only if this batch
 * cancelled that visit), so integrators and dispatchers see every visit change as a visit event.
 */
async function cancelledVisitEvents(ctx: Ctx, job: JobRow, token: string, actorId: string): Promise<ConditionalEvent[]> {
  const open = await ctx.db
    .select({ id: visits.id, jobId: visits.jobId, technicianIds: visits.technicianIds, startAt: visits.startAt, endAt: visits.endAt, status: visits.status })
    .from(visits)
    .where(and(eq(visits.jobId, job.id), inArray(visits.status, CANCELLED_WITH_JOB)));
  return open.map((v) =>
    visitEvent('fsm.visit.status_changed', job.companyId, { ...visitEventData({ ...v, status: 'cancelled' }, job, actorId), from: v.status, note: CANCEL_NOTE }, v.id, token),
  );
}

/** Cancels the job's visits not yet under way, in the batch of the job write that set `token`. */
const cancelOpenVisits = (db: Db, jobId: string, token: string, actor: Caller, now: string) =>
  db
    .update(visits)
    .set({
      status: 'cancelled',
      statusTimes: sql`json_set(${visits.statusTimes}, '$.cancelled', ${now})`,
      history: sql`json_insert(${visits.history}, '$[#]', ${historyStep(actor, 'cancelled', now, CANCEL_NOTE)})`,
      version: sql`${visits.version} + 1`,
      writeToken: token,
      ...updatedBy(actor.id, now),
    })
    .where(
      and(
        eq(visits.jobId, jobId),
        inArray(visits.status, CANCELLED_WITH_JOB),
        sql`EXISTS (SELECT 1 FROM ${jobs} WHERE ${jobs.id} = ${jobId} AND ${jobs.writeToken} = ${token})`,
      ),
    );

const cancelledVisitIds = (jobId: string, token: string) =>
  sql`json_object('cancelledVisitIds', json((SELECT json_group_array(${visits.id}) FROM ${visits} WHERE ${visits.jobId} = ${jobId} AND ${visits.writeToken} = ${token})))`;

/** After a refused job write: why, from the job as it is now. */
async function jobRefusal(ctx: Ctx, caller: Caller, id: string, expectedVersion: number | undefined) {
  const fresh = await jobOf(ctx, caller, id);
  if (!(OPEN_JOB_STATUSES as readonly string[]).includes(fresh.j.status)) return conflict(`A ${fresh.j.status} job cannot be changed`);
  if (expectedVersion !== undefined && fresh.j.version !== expectedVersion) return conflict(`The job changed meanwhile (it is at version ${fresh.j.version}); reload and try again`);
  return conflict('A visit of this job is under way (en route or on site): it cannot be cancelled or deleted now');
}

/**
 * Changes a job (title, skills, duration, priority, customer and site) or cancels it: cancelling cancels its visits
 * that are not under way in the same transaction (refused while one is en route or on site). Completed and cancelled
 * jobs are read-only. `version`, when sent, must be the job's current one (409 otherwise).
 */
export async function updateJob(ctx: Ctx, caller: Caller, id: string, patch: JobPatch) {
  const found = await jobOf(ctx, caller, id);
  const job = found.j;
  if (!(OPEN_JOB_STATUSES as readonly string[]).includes(job.status)) throw conflict(`A ${job.status} job cannot be changed`);
  if (patch.version !== undefined && patch.version !== job.version) throw conflict(`The job changed meanwhile (it is at version ${job.version}); reload and try again`);
  let place: Awaited<ReturnType<typeof placeOf>> | undefined;
  if (patch.customerId || patch.siteId) place = await placeOf(ctx, caller, patch.customerId ?? job.customerId, patch.siteId ?? job.siteId);
  const { version: expected, status, ...fields } = patch;
  const cancelling = status === 'cancelled';
  const now = nowIso();
  const token = crypto.randomUUID();
  const changes = { ...fields, ...(cancelling ? { status: 'cancelled' as const } : {}), version: sql`${jobs.version} + 1`, writeToken: token, ...updatedBy(caller.id, now) };
  const after = { ...job, ...fields, status: cancelling ? 'cancelled' : job.status } as JobRow;
  const applied = and(eq(jobs.id, job.id), eq(jobs.writeToken, token))!;
  const visitEvents = cancelling ? await cancelledVisitEvents(ctx, job, token, caller.id) : [];
  const [[row]] = await commit(
    ctx,
    [
      ctx.db
        .update(jobs)
        .set(changes)
        .where(
          and(
            eq(jobs.id, job.id),
            isNull(jobs.deletedAt),
            inArray(jobs.status, [...OPEN_JOB_STATUSES]),
            expected !== undefined ? eq(jobs.version, expected) : undefined,
            cancelling ? sql`NOT EXISTS (SELECT 1 FROM ${visits} WHERE ${visits.jobId} = ${job.id} AND ${visits.status} IN ${UNDER_WAY})` : undefined,
            place ? sql`${liveAt(customers, place.customer.id)} AND ${liveAt(sites, place.site.id)}` : undefined,
          ),
        )
        .returning(),
      ...(cancelling ? [cancelOpenVisits(ctx.db, job.id, token, caller, now)] : []),
    ],
    [
      when(
        fsmEvents.event('fsm.job.updated', job.companyId, { ...jobEventData(after, caller.id), changes: Object.keys(patch).filter((k) => k !== 'version') }),
        jobs,
        applied,
        sql`json_patch(json_object('version', ${jobs.version}, 'status', ${jobs.status}), ${cancelledVisitIds(job.id, token)})`,
      ),
      ...visitEvents,
    ],
  );
  if (!row) throw await jobRefusal(ctx, caller, job.id, expected);
  const p = place ? { customerName: place.customer.name, siteName: place.site.name, siteAddress: place.site.address, lat: place.site.lat, lng: place.site.lng } : found;
  return toPlacedJob({ ...p, j: row });
}

/** Soft-deletes a job (refused while a visit is under way); its visits not yet under way are cancelled with it. */
export async function removeJob(ctx: Ctx, caller: Caller, id: string) {
  const found = await jobOf(ctx, caller, id);
  const job = found.j;
  const now = nowIso();
  const token = crypto.randomUUID();
  const visitEvents = await cancelledVisitEvents(ctx, job, token, caller.id);
  const [[row]] = await commit(
    ctx,
    [
      ctx.db
        .update(jobs)
        .set({ deletedAt: now, writeToken: token, version: sql`${jobs.version} + 1`, ...updatedBy(caller.id, now) })
        .where(and(eq(jobs.id, job.id), isNull(jobs.deletedAt), sql`NOT EXISTS (SELECT 1 FROM ${visits} WHERE ${visits.jobId} = ${job.id} AND ${visits.status} IN ${UNDER_WAY})`))
        .returning(),
      cancelOpenVisits(ctx.db, job.id, token, caller, now),
    ],
    [when(fsmEvents.event('fsm.job.deleted', job.companyId, jobEventData(job, caller.id)), jobs, and(eq(jobs.id, job.id), eq(jobs.writeToken, token))!, cancelledVisitIds(job.id, token)), ...visitEvents],
  );
  if (!row) {
    await jobOf(ctx, caller, job.id);
    throw conflict('A visit of this job is under way (en route or on site): it cannot be deleted now');
  }
  return toPlacedJob({ ...found, j: row });
}
