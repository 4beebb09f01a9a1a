import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../core/context';
import { nowIso } from '../../core/db/columns';
import { commit, when } from '../../core/events/outbox';
import type { EventMessage } from '../../core/events/types';
import type { EventHandler } from '../../core/module';
import { activePartnerIds } from '../../core/tenancy/tenancy.queries';
import { cmmsEvents } from './cmms.events';
import { dueByMeter, dueByTime, scheduleForGeneration } from './cmms.queries';
import { addDays, insertIf } from './cmms.helpers';
import { assets, schedules, workOrders, type ScheduleRow } from './cmms.table';

/** A schedule as read for generation: its row and its meter's last reading. */
export interface DueSchedule {
  s: ScheduleRow;
  lastReading: number | null;
}

export type Trigger = 'time' | 'meter';

/** The next work-order number of a company, allocated inside the insert's own statement (no gaps, no duplicates). */
export const nextNumber = (companyId: string) => sql`SELECT coalesce(max(${workOrders.number}), 0) + 1 FROM ${workOrders} WHERE ${workOrders.companyId} = ${companyId}`;

/** The number a conditional work-order event learns from the inserted row (see `when`'s data). */
export const numberData = sql`json_object('number', 'WO-' || printf('%04d', ${workOrders.number}))`;

/** The first point of the series `from + k·step` (k ≥ 1) that is past `limit`. */
const stepPast = (from: number, step: number, limit: number) => (from + step > limit ? from + step : from + (Math.floor((limit - from) / step) + 1) * step);

/**
 * What generating this schedule's due work order would write, or null if it is not due. A schedule is due when its
 * generation time (nextDueAt − leadDays) has come or its meter reached nextDueMeter, whichever comes first.
 * basis "schedule": the series that triggered moves on along its own grid to its first point past now (missed points
 * are not generated one by one); the other series restarts from now (its interval from the current reading or date).
 * basis "completion": there is no next due point until this work order is completed or cancelled (see
 * `rescheduleOnClose`).
 */
export function planGeneration({ s, lastReading }: DueSchedule, now: string) {
  const byTime = s.generateAt !== null && s.generateAt <= now;
  const byMeter = s.nextDueMeter !== null && lastReading !== null && lastReading >= s.nextDueMeter;
  if (!s.active || s.deletedAt !== null || (!byTime && !byMeter)) return null;
  const trigger: Trigger = byTime ? 'time' : 'meter';
  const dueAt = byTime && s.nextDueAt ? s.nextDueAt : now;
  if (s.basis === 'completion') return { trigger, dueAt, nextDueAt: null, nextDueMeter: null, generateAt: null, awaiting: true };
  let nextDueAt: string | null = null;
  if (s.everyDays !== null) {
    const day = 86_400_000;
    const lead = s.leadDays * day;
    nextDueAt =
      byTime && s.nextDueAt
        ? new Date(stepPast(Date.parse(s.nextDueAt), s.everyDays * day, Date.parse(now) + lead)).toISOString()
        : addDays(now, s.everyDays);
  }
  let nextDueMeter: number | null = null;
  if (s.everyMeterUnits !== null) {
    if (byMeter && s.nextDueMeter !== null && lastReading !== null) nextDueMeter = stepPast(s.nextDueMeter, s.everyMeterUnits, lastReading);
    else nextDueMeter = lastReading === null ? s.nextDueMeter : lastReading + s.everyMeterUnits;
  }
  return { trigger, dueAt, nextDueAt, nextDueMeter, generateAt: nextDueAt === null ? null : addDays(nextDueAt, -s.leadDays), awaiting: false };
}

/**
 * The writes that generate the work order of the schedule's current due point, or undefined if it is not due. The
 * work order (keyed by schedule and due point, `cycle`, under a unique index) is inserted only while the schedule is
 * still at the version it was read at (and `onlyIf` holds, e.g. "the reading that made it due was accepted"), and the
 * schedule advances to its next due point in the same transaction: whoever races for one due point (the cron, a
 * reading, a retried event), one work order is written and the others change nothing.
 */
export function generationWrites(ctx: Ctx, due: DueSchedule, now: string, onlyIf?: SQL) {
  const plan = planGeneration(due, now);
  if (!plan) return undefined;
  const { s } = due;
  const id = crypto.randomUUID();
  const current = sql`EXISTS (SELECT 1 FROM ${schedules} WHERE ${schedules.id} = ${s.id} AND ${schedules.version} = ${s.version} AND ${schedules.active} = 1 AND ${schedules.deletedAt} IS NULL)`;
  const common = { workOrderId: id, title: s.title, status: 'open', assigneeIds: s.assigneeIds, contractorCompanyId: null, actorId: null };
  const created = cmmsEvents.event('cmms.workorder.created', s.companyId, { ...common, type: 'preventive', priority: s.priority, assetId: s.assetId, scheduleId: s.id, requestId: null });
  const generated = cmmsEvents.event('cmms.pm.generated', s.companyId, { ...common, scheduleId: s.id, trigger: plan.trigger, dueAt: plan.dueAt });
  const insert = insertIf(
    ctx.db,
    workOrders,
    {
      id,
      companyId: s.companyId,
      number: nextNumber(s.companyId),
      title: s.title,
      description: s.description,
      assetId: s.assetId,
      locationId: sql`SELECT ${assets.locationId} FROM ${assets} WHERE ${assets.id} = ${s.assetId}`,
      priority: s.priority,
      type: 'preventive',
      status: 'open',
      assigneeIds: s.assigneeIds,
      dueAt: plan.dueAt,
      checklist: s.checklist.map((label) => ({ label, done: false })),
      scheduleId: s.id,
      dueCycle: s.cycle,
      createdAt: now,
      updatedAt: now,
    },
    onlyIf ? sql`${current} AND ${onlyIf}` : current,
  )
    .onConflictDoNothing()
    .returning({ id: workOrders.id });
  const advance = ctx.db
    .update(schedules)
    .set({
      cycle: s.cycle + 1,
      version: s.version + 1,
      nextDueAt: plan.nextDueAt,
      nextDueMeter: plan.nextDueMeter,
      generateAt: plan.generateAt,
      awaitingWorkOrderId: plan.awaiting ? id : null,
      updatedAt: now,
    })
    .where(
      and(
        eq(schedules.id, s.id),
        eq(schedules.version, s.version),
        // The due point's work order exists (inserted just now, or earlier by whoever won a race for it).
        sql`EXISTS (SELECT 1 FROM ${workOrders} WHERE ${workOrders.scheduleId} = ${s.id} AND ${workOrders.dueCycle} = ${s.cycle})`,
        onlyIf,
      ),
    )
    .returning({ id: schedules.id });
  return {
    scheduleId: s.id,
    writes: [insert, advance] as const,
    events: [when(created, workOrders, eq(workOrders.id, id), numberData), when(generated, workOrders, eq(workOrders.id, id), numberData)],
  };
}

/**
 * Generates the schedule's due work order on its own (see `generationWrites`). Returns `generated`, `notDue`, or
 * `stale` (the schedule changed since it was read: read it again).
 */
export async function generate(ctx: Ctx, due: DueSchedule, now = nowIso()): Promise<'generated' | 'notDue' | 'stale'> {
  const g = generationWrites(ctx, due, now);
  if (!g) return 'notDue';
  const [inserted, advanced] = await commit(ctx, [...g.writes], g.events);
  if (inserted.length > 0) return 'generated';
  return advanced.length > 0 ? 'notDue' : 'stale';
}

/** Generates a schedule's due work order, re-reading it while it changes under us; throws if it keeps changing. */
export async function generateSchedule(ctx: Ctx, scheduleId: string): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const [due] = await scheduleForGeneration(ctx.db, scheduleId);
    if (!due) return false;
    const outcome = await generate(ctx, due);
    if (outcome !== 'stale') return outcome === 'generated';
  }
  throw new Error(`PM schedule ${scheduleId} kept changing during generation`);
}

/** Meter-based generation for one meter: every schedule whose threshold its last reading reached. */
export async function generateForMeter(ctx: Ctx, meterId: string): Promise<number> {
  let generated = 0;
  for (const due of await dueByMeter(ctx.db, meterId)) {
    const outcome = await generate(ctx, due);
    if (outcome === 'generated') generated++;
    else if (outcome === 'stale' && (await generateSchedule(ctx, due.s.id))) generated++;
  }
  return generated;
}

/** The cron's share: time-based schedules whose generation time has come, oldest first, in pages. */
export async function generateDueByTime(ctx: Ctx, maxPages = 10, pageSize = 100): Promise<{ generated: number; stale: number }> {
  let generated = 0;
  let stale = 0;
  for (let page = 0; page < maxPages; page++) {
    const now = nowIso();
    const due = await dueByTime(ctx.db, now, pageSize);
    for (const d of due) {
      const outcome = await generate(ctx, d, now);
      if (outcome === 'generated') generated++;
      if (outcome !== 'stale') continue;
      // Changed since it was read: read it again (whoever changed it may have generated it already).
      try {
        if (await generateSchedule(ctx, d.s.id)) generated++;
      } catch {
        stale++;
      }
    }
    if (due.length < pageSize) break;
  }
  return { generated, stale };
}

/**
 * The safety net of meter-based PM. A reading request generates the work orders it makes due in its own transaction
 * (see recordReadings); its event then runs this handler, which generates whatever is still due on the meter — a
 * schedule that changed between the request's read and its write, or a reading accepted while generation failed.
 * Idempotent by state (a generated due point is no longer due), so a re-delivered event changes nothing; a schedule
 * that keeps changing throws, and the queue retries the event.
 */
export const pmMeterHandler: EventHandler = {
  name: 'cmms-pm-meter',
  matches: (type) => type === 'cmms.meter.reading_recorded',
  async handle({ event }: EventMessage, ctx: Ctx) {
    const meterId = event.data.meterId;
    if (typeof meterId === 'string') await generateForMeter(ctx, meterId);
  },
};

/** Partner companies a work-order event also reaches: its contractor, while still an active partner. */
export async function contractorAudience(ctx: Ctx, ownerCompanyId: string, contractorIds: (string | null | undefined)[]): Promise<string[]> {
  const wanted = [...new Set(contractorIds.filter((c): c is string => Boolean(c)))];
  if (wanted.length === 0) return [];
  const active = new Set(await activePartnerIds(ctx.db, ownerCompanyId));
  return wanted.filter((c) => active.has(c));
}
