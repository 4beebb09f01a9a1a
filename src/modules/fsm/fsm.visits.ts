import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Caller } from '../../core/auth/caller';
import { randomToken } from '../../core/auth/passwords';
import type { Ctx } from '../../core/context';
import { createdBy, nowIso, updatedBy } from '../../core/db/columns';
import type { Db } from '../../core/env';
import { badRequest, conflict, forbidden, notFound } from '../../core/errors';
import { commit, when, type ConditionalEvent } from '../../core/events/outbox';
import { scopeOf } from '../../core/tenancy/scope';
import { insertIf } from '../cmms/cmms.helpers';
import { conflictsOf, routeOf } from './fsm.board';
import { fsmEvents, type FsmEvent } from './fsm.events';
import {
  activeTechnicianIds,
  boardRows,
  dayOf,
  derivedJobStatus,
  getVisit,
  jobNumber,
  jobNumberSql,
  publicVisit,
  toListedVisit,
  toPlacedJob,
  toTechnician,
  toVisit,
} from './fsm.queries';
import type { Board, VisitCreate, VisitPatch, VisitStatusBody } from './fsm.schemas';
import { dispatches, historyStep, jobOf, OPEN_JOB_STATUSES, visitEvent, visitEventData, visitWritten } from './fsm.service';
import { jobs, visits, type JobRow, type VisitRow, type VisitStatus } from './fsm.table';

const MAX_VISIT_MS = 24 * 3600_000;

/** The caller is one of the visit's technicians (inside a write, so a reassignment meanwhile counts). */
const assignedIn = (userId: string) => sql`EXISTS (SELECT 1 FROM json_each(${visits.technicianIds}) WHERE json_each.value = ${userId})`;

const checklistDone = sql`NOT EXISTS (SELECT 1 FROM json_each(${visits.checklist}) WHERE json_extract(json_each.value, '$.done') IS NOT 1)`;

const writtenVisit = (id: string, token: string) => sql`EXISTS (SELECT 1 FROM ${visits} WHERE ${visitWritten(id, token)})`;

/**
 * Re-derives the job's status from its visits in the batch of a visit write (only if that write applied): see
 * `derivedJobStatus`. `bump`: the job's version grows even if its status stays (a visit was added to it).
 */
const deriveJob = (db: Db, jobId: string, visitId: string, token: string, actorId: string, now: string, bump: boolean) => {
  const derived = derivedJobStatus(jobId);
  return db
    .update(jobs)
    .set({
      status: sql`${derived}`,
      completedAt: sql`CASE WHEN (${derived}) = 'completed' THEN ${now} ELSE NULL END`,
      version: sql`${jobs.version} + 1`,
      writeToken: token,
      ...updatedBy(actorId, now),
    })
    .where(and(eq(jobs.id, jobId), isNull(jobs.deletedAt), sql`${jobs.status} <> 'cancelled'`, writtenVisit(visitId, token), bump ? undefined : sql`${jobs.status} <> (${derived})`))
    .returning();
};

/** The job completed by this very batch: tells the company (and, through CMMS's handler, a work order's owner). */
const jobCompletedEvent = (job: JobRow, token: string, actorId: string) =>
  when(
    fsmEvents.event('fsm.job.completed', job.companyId, { jobId: job.id, title: job.title, status: 'completed', sourceWorkOrderId: job.sourceWorkOrderId, actorId }),
    jobs,
    and(eq(jobs.id, job.id), eq(jobs.status, 'completed'), eq(jobs.writeToken, token))!,
    sql`json_object('number', ${jobNumberSql}, 'completedAt', ${jobs.completedAt})`,
  );

async function visitOf(ctx: Ctx, caller: Caller, id: string) {
  const found = await getVisit(ctx.db, scopeOf(caller), id);
  if (!found) throw notFound('Visit');
  return found;
}

/** Every id must be an active technician of the company (404 otherwise, like an id of another tenant). */
async function checkTechnicians(ctx: Ctx, companyId: string, ids: string[]) {
  const known = await activeTechnicianIds(ctx.db, companyId, ids);
  const unknown = ids.find((id) => !known.has(id));
  if (unknown) throw notFound(`Technician ${unknown}`);
}

// ── Reads ────────────────────────────────────────────────────────────────────────────────────────────────────────

export async function get(ctx: Ctx, caller: Caller, id: string) {
  const found = await visitOf(ctx, caller, id);
  return toVisit(found.v, found);
}

// ── Scheduling (dispatchers) ─────────────────────────────────────────────────────────────────────────────────────

/**
 * Schedules a visit of an open job (version 1, status scheduled, a fresh customer tracking token). With `version`,
 * the job must still be at that version (two dispatchers dropping the same tray job: one wins, the other gets 409).
 * The job becomes scheduled in the same transaction.
 */
export async function create(ctx: Ctx, caller: Caller, body: VisitCreate) {
  const found = await jobOf(ctx, caller, body.jobId);
  const job = found.j;
  if (!(OPEN_JOB_STATUSES as readonly string[]).includes(job.status)) throw conflict(`A ${job.status} job takes no more visits`);
  if (body.version !== undefined && body.version !== job.version) throw conflict(`The job changed meanwhile (it is at version ${job.version}); reload and try again`);
  await checkTechnicians(ctx, job.companyId, body.technicianIds);
  const end = body.end ?? new Date(Date.parse(body.start) + job.durationMin * 60_000).toISOString();
  if (Date.parse(end) - Date.parse(body.start) > MAX_VISIT_MS) throw badRequest('Invalid end: a visit lasts at most 24 hours', 'end');
  const now = nowIso();
  const token = crypto.randomUUID();
  const id = crypto.randomUUID();
  const row = {
    id,
    companyId: job.companyId,
    jobId: job.id,
    technicianIds: body.technicianIds,
    startAt: body.start,
    endAt: end,
    status: 'scheduled' as const,
    statusTimes: { scheduled: now },
    history: sql`json_array(${historyStep(caller, 'scheduled', now, null)})`,
    notes: body.notes,
    checklist: body.checklist,
    signature: null,
    customerToken: randomToken(32),
    version: 1,
    writeToken: token,
    ...createdBy(caller.id, now),
  };
  const jobOpen = and(
    eq(jobs.id, job.id),
    isNull(jobs.deletedAt),
    inArray(jobs.status, [...OPEN_JOB_STATUSES]),
    body.version !== undefined ? eq(jobs.version, body.version) : undefined,
  );
  const [inserted, derived] = await commit(
    ctx,
    [insertIf(ctx.db, visits, row, sql`EXISTS (SELECT 1 FROM ${jobs} WHERE ${jobOpen})`).returning(), deriveJob(ctx.db, job.id, id, token, caller.id, now, true)],
    [visitEvent('fsm.visit.scheduled', job.companyId, visitEventData(row, job, caller.id), id, token)],
  );
  if (!inserted[0]) {
    const fresh = (await jobOf(ctx, caller, job.id)).j;
    if (!(OPEN_JOB_STATUSES as readonly string[]).includes(fresh.status)) throw conflict(`A ${fresh.status} job takes no more visits`);
    throw conflict(`The job changed meanwhile (it is at version ${fresh.version}); reload and try again`);
  }
  return toVisit({ ...inserted[0], signature: null }, { ...found, jobNumber: job.number, jobTitle: job.title, jobStatus: derived[0]?.status ?? job.status, requiredSkills: job.requiredSkills });
}

/** Statuses in which a visit may still be reassigned or rescheduled, and in which its checklist and notes may change. */
const PLANNED: VisitStatus[] = ['scheduled', 'dispatched'];
const ACTIVE: VisitStatus[] = ['scheduled', 'dispatched', 'en_route', 'on_site'];

/**
 * Changes a visit at the version the caller read (stale → 409, guarded in the write): dispatchers reassign,
 * reschedule (moving only `start` keeps the duration) and edit the checklist and notes; its technicians edit the
 * checklist and notes only. Once under way it can no longer be moved; completed and cancelled visits are read-only.
 */
export async function update(ctx: Ctx, caller: Caller, id: string, patch: VisitPatch) {
  const found = await visitOf(ctx, caller, id);
  const v = found.v;
  const dispatcher = dispatches(caller);
  const moves = patch.technicianIds !== undefined || patch.start !== undefined || patch.end !== undefined;
  if (!dispatcher && !v.technicianIds.includes(caller.id)) throw forbidden('Only the technicians of this visit or a dispatcher can change it');
  if (!dispatcher && moves) throw forbidden('Only a dispatcher can reassign or reschedule a visit');
  if (!ACTIVE.includes(v.status)) throw conflict(`A ${v.status} visit cannot be changed`);
  if (moves && !PLANNED.includes(v.status)) throw conflict('This visit is under way: it can no longer be reassigned or rescheduled');
  if (patch.version !== v.version) throw conflict(`The visit changed meanwhile (it is at version ${v.version}); reload and try again`);
  if (patch.technicianIds) await checkTechnicians(ctx, v.companyId, patch.technicianIds);
  const start = patch.start ?? v.startAt;
  const end = patch.end ?? (patch.start ? new Date(Date.parse(patch.start) + (Date.parse(v.endAt) - Date.parse(v.startAt))).toISOString() : v.endAt);
  if (!(Date.parse(end) > Date.parse(start)) || Date.parse(end) - Date.parse(start) > MAX_VISIT_MS) throw badRequest('Invalid end: must be after start, and a visit lasts at most 24 hours', 'end');
  const now = nowIso();
  const token = crypto.randomUUID();
  const technicianIds = patch.technicianIds ?? v.technicianIds;
  const fields = {
    ...(patch.technicianIds ? { technicianIds } : {}),
    ...(moves ? { startAt: start, endAt: end } : {}),
    ...(patch.checklist ? { checklist: patch.checklist } : {}),
    ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
  };
  const rescheduled = start !== v.startAt || end !== v.endAt;
  const after = { ...v, technicianIds, startAt: start, endAt: end };
  const data = {
    ...visitEventData(after, { number: found.jobNumber ?? 0, title: found.jobTitle ?? '' }, caller.id),
    changes: Object.keys(patch).filter((k) => k !== 'version'),
    addedTechnicianIds: technicianIds.filter((t) => !v.technicianIds.includes(t)),
    removedTechnicianIds: v.technicianIds.filter((t) => !technicianIds.includes(t)),
    rescheduled,
  };
  const [[row]] = await commit(
    ctx,
    [
      ctx.db
        .update(visits)
        .set({ ...fields, version: sql`${visits.version} + 1`, writeToken: token, ...updatedBy(caller.id, now) })
        .where(
          and(
            eq(visits.id, v.id),
            eq(visits.version, patch.version),
            inArray(visits.status, moves ? PLANNED : ACTIVE),
            dispatcher ? undefined : assignedIn(caller.id),
            sql`EXISTS (SELECT 1 FROM ${jobs} WHERE ${jobs.id} = ${v.jobId} AND ${jobs.deletedAt} IS NULL)`,
          ),
        )
        .returning(),
    ],
    [visitEvent('fsm.visit.updated', v.companyId, data, v.id, token)],
  );
  if (!row) {
    const fresh = await visitOf(ctx, caller, id);
    if (fresh.v.version !== patch.version) throw conflict(`The visit changed meanwhile (it is at version ${fresh.v.version}); reload and try again`);
    throw conflict('The visit changed meanwhile; reload and try again');
  }
  return toVisit(row, found);
}

// ── The status steps ─────────────────────────────────────────────────────────────────────────────────────────────

interface Step {
  from: readonly VisitStatus[];
  /** `dispatcher`: admin_empresa and above; `worker`: the visit's technicians and dispatchers. */
  by: 'dispatcher' | 'worker';
  /** Every checklist item must be done. */
  checklist?: true;
}

/**
 * The visit's status steps, keyed by the status they lead to: scheduled → dispatched → en_route → on_site →
 * completed, one step at a time; a dispatcher sends it out (dispatched) and may cancel it until it is completed.
 * Anything else is 409; each step is guarded in SQL by its `from` statuses.
 */
export const STEPS = {
  dispatched: { from: ['scheduled'], by: 'dispatcher' },
  en_route: { from: ['dispatched'], by: 'worker' },
  on_site: { from: ['en_route'], by: 'worker' },
  completed: { from: ['on_site'], by: 'worker', checklist: true },
  cancelled: { from: ['scheduled', 'dispatched', 'en_route', 'on_site'], by: 'dispatcher' },
} as const satisfies Partial<Record<VisitStatus, Step>>;

const WORDS: Record<VisitStatus, string> = { scheduled: 'scheduled', dispatched: 'dispatched', en_route: 'en route', on_site: 'on site', completed: 'completed', cancelled: 'cancelled' };

/** Decides a step against the visit as read: the error a refused step gets, or the step. */
function decide(v: Pick<VisitRow, 'status' | 'technicianIds' | 'checklist' | 'version'>, caller: Caller, to: VisitStatus, version: number | undefined): Step {
  const dispatcher = dispatches(caller);
  if (!dispatcher && !v.technicianIds.includes(caller.id)) throw forbidden('Only the technicians of this visit or a dispatcher can move it');
  if (!(to in STEPS)) throw conflict(`A visit cannot be moved back to ${WORDS[to]}`);
  const step: Step = STEPS[to as keyof typeof STEPS];
  if (step.by === 'dispatcher' && !dispatcher) throw forbidden(to === 'dispatched' ? 'Only a dispatcher can dispatch a visit' : 'Only a dispatcher can cancel a visit');
  if (version !== undefined && version !== v.version) throw conflict(`The visit changed meanwhile (it is at version ${v.version}); reload and try again`);
  if (!step.from.includes(v.status)) throw conflict(`A visit that is ${WORDS[v.status]} cannot become ${WORDS[to]}`);
  if (step.checklist && v.checklist.some((i) => !i.done)) throw conflict('Every checklist item must be done before the visit is completed');
  return step;
}

/**
 * Moves a visit one status step (see STEPS), recording when in `statusTimes` and who, when and their note in
 * `history`; completion may carry the customer's signature. The job's status follows in the same transaction, and
 * when this was the last open visit of the job, `fsm.job.completed` is recorded with it.
 */
export async function changeStatus(ctx: Ctx, caller: Caller, id: string, body: VisitStatusBody) {
  const found = await visitOf(ctx, caller, id);
  const v = found.v;
  const to = body.status;
  const step = decide(v, caller, to, body.version);
  const job = (await jobOf(ctx, caller, v.jobId)).j;
  const now = nowIso();
  const token = crypto.randomUUID();
  const note = body.note ?? null;
  const data = { ...visitEventData({ ...v, status: to }, job, caller.id), from: v.status, note };
  const events = [visitEvent('fsm.visit.status_changed', v.companyId, data, v.id, token)];
  if (to === 'completed') events.push(visitEvent('fsm.visit.completed', v.companyId, { ...data, signed: body.signature !== undefined }, v.id, token));
  events.push(jobCompletedEvent(job, token, caller.id));
  const guards: (SQL | undefined)[] = [
    eq(visits.id, v.id),
    inArray(visits.status, [...step.from]),
    body.version !== undefined ? eq(visits.version, body.version) : undefined,
    step.checklist ? checklistDone : undefined,
    dispatches(caller) ? undefined : assignedIn(caller.id),
    sql`EXISTS (SELECT 1 FROM ${jobs} WHERE ${jobs.id} = ${v.jobId} AND ${jobs.deletedAt} IS NULL)`,
  ];
  const [[row], derived] = await commit(
    ctx,
    [
      ctx.db
        .update(visits)
        .set({
          status: to,
          statusTimes: sql`json_set(${visits.statusTimes}, ${`$.${to}`}, ${now})`,
          history: sql`json_insert(${visits.history}, '$[#]', ${historyStep(caller, to, now, note)})`,
          ...(body.signature !== undefined ? { signature: body.signature } : {}),
          version: sql`${visits.version} + 1`,
          writeToken: token,
          ...updatedBy(caller.id, now),
        })
        .where(and(...guards))
        .returning(),
      deriveJob(ctx.db, v.jobId, v.id, token, caller.id, now, false),
    ],
    events,
  );
  if (!row) {
    // Refused inside the transaction: say why from the visit as it is now.
    const fresh = await visitOf(ctx, caller, id);
    decide(fresh.v, caller, to, body.version);
    throw conflict('The visit changed meanwhile; reload and try again');
  }
  return toVisit(row, { ...found, jobStatus: derived[0]?.status ?? job.status });
}

// ── The board, the technician's day, the customer's link ─────────────────────────────────────────────────────────

/**
 * The dispatch board of a UTC date in one D1 round trip: the tray (every unscheduled job, whatever the date), a lane
 * per technician (active ones, and any other with a visit that day) with the visits that start that day, and the
 * conflicts between them (see `conflictsOf`).
 */
export async function board(ctx: Ctx, caller: Caller, date: string): Promise<Board> {
  const { tray, techs, day } = await boardRows(ctx.db, caller.companyId, date);
  const dayVisits = day.map(toListedVisit);
  const busy = new Set(dayVisits.flatMap((v) => v.technicianIds));
  const lanesOf = techs.filter((t) => t.userStatus === 'active' || busy.has(t.t.userId));
  return {
    date,
    unassigned: tray.map(toPlacedJob),
    lanes: lanesOf.map((t) => ({ technician: toTechnician(t), visits: dayVisits.filter((v) => v.technicianIds.includes(t.t.userId)) })),
    conflicts: conflictsOf(
      date,
      lanesOf.map((t) => ({ userId: t.t.userId, name: t.name, skills: t.t.skills, shifts: t.t.shifts })),
      dayVisits.map((v) => ({ id: v.id, technicianIds: v.technicianIds, start: v.start, end: v.end, jobNumber: v.jobNumber ?? '', requiredSkills: v.requiredSkills ?? [] })),
    ),
  };
}

export const todayUtc = () => new Date().toISOString().slice(0, 10);

/**
 * The caller's visits that start on a UTC date (default today), not cancelled: by start time, or with `optimize`
 * nearest stop first from their home base (see `routeOf`), each with the leg to it in km.
 */
export async function myDay(ctx: Ctx, caller: Caller, q: { date?: string | undefined; optimize?: boolean | undefined }) {
  const date = q.date ?? todayUtc();
  const { profile, day } = await dayOf(ctx.db, caller.id, caller.companyId, date);
  const home = profile && profile.homeLat !== null && profile.homeLng !== null ? { lat: profile.homeLat, lng: profile.homeLng } : null;
  return routeOf(home, day.map(toListedVisit), q.optimize ?? false);
}

export async function track(ctx: Ctx, token: string) {
  const found = await publicVisit(ctx.db, token);
  if (!found) throw notFound('Visit');
  return found;
}
