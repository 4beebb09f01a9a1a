import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { z } from 'zod';
import { randomToken } from '../../core/auth/passwords';
import type { Caller } from '../../core/auth/caller';
import { can } from '../../core/auth/roles';
import type { Ctx } from '../../core/context';
import { createdBy, nowIso, updatedBy } from '../../core/db/columns';
import type { Db } from '../../core/env';
import { badRequest, conflict, notFound } from '../../core/errors';
import { commit, when } from '../../core/events/outbox';
import { scopeOf } from '../../core/tenancy/scope';
import { liveUser } from '../../core/tenancy/tenancy.queries';
import { users } from '../../core/tenancy/tenancy.table';
import { cmmsEvents } from './cmms.events';
import { generateSchedule, generationWrites } from './cmms.pm';
import {
  getAsset,
  getLocation,
  getMeter,
  getPart,
  getSchedule,
  hasLiveChildAssets,
  listAssets,
  listDowntime,
  listLocations,
  listMeters,
  listParts,
  listReadings,
  listSchedules,
  locationInUse,
  meterInUse,
  meterSchedules,
  toAsset,
  toLocation,
  toMeter,
  toPart,
  toReading,
  toSchedule,
  wouldCycle,
} from './cmms.queries';
import type {
  assetCreate,
  assetListQuery,
  assetPatch,
  downtimeListQuery,
  locationCreate,
  locationListQuery,
  locationPatch,
  meterCreate,
  meterListQuery,
  meterPatch,
  partCreate,
  partListQuery,
  partPatch,
  readingListQuery,
  ReadingsBody,
  scheduleCreate,
  scheduleListQuery,
  schedulePatch,
} from './cmms.schemas';
import { addDays, insertIf } from './cmms.helpers';
import { assets, downtimes, locations, meters, parts, readings, schedules, type AssetRow, type AssetStatus, type MeterRow, type ReadingRow, type ScheduleRow } from './cmms.table';

type In<T extends z.ZodType> = z.output<T>;

/** Whether the caller manages the company's maintenance (admin_empresa and above, or an API key acting as one). */
export const managesCmms = (caller: Caller) => can(caller.role, 'cmms:manage');

/** A unique index refused the write (e.g. an asset code or a part SKU already in use). */
export function isUniqueViolation(err: unknown, index: string): boolean {
  const text = (e: unknown): string => (e instanceof Error ? `${e.message} ${text((e as { cause?: unknown }).cause)}` : '');
  const message = text(err);
  return message.includes('UNIQUE constraint failed') && message.includes(index);
}

// ── References inside one company (400 with the field's path when they do not resolve) ─────────────────────────

export async function checkLocation(db: Db, companyId: string, id: string | null | undefined, path: string) {
  if (!id) return;
  const [row] = await db.select({ id: locations.id }).from(locations).where(and(eq(locations.id, id), eq(locations.companyId, companyId), isNull(locations.deletedAt))).limit(1);
  if (!row) throw badRequest(`Invalid ${path}: no such location in this company`, path);
}

export async function checkAsset(db: Db, companyId: string, id: string | null | undefined, path: string) {
  if (!id) return undefined;
  const [row] = await db.select().from(assets).where(and(eq(assets.id, id), eq(assets.companyId, companyId), isNull(assets.deletedAt))).limit(1);
  if (!row) throw badRequest(`Invalid ${path}: no such asset in this company`, path);
  return row;
}

/** Assignees must be active members of the company. */
export async function checkAssignees(db: Db, companyId: string, ids: string[] | undefined, path = 'assigneeIds') {
  if (!ids || ids.length === 0) return;
  const found = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, ids), eq(users.companyId, companyId), liveUser, eq(users.status, 'active')));
  if (found.length !== ids.length) throw badRequest(`Invalid ${path}: every assignee must be an active member of the company`, path);
}

// ── Locations ────────────────────────────────────────────────────────────────────────────────────────────────────

async function visibleLocation(ctx: Ctx, caller: Caller, id: string) {
  const row = await getLocation(ctx.db, scopeOf(caller), id);
  if (!row) throw notFound('Location');
  return row;
}

export const listLocationsOf = (ctx: Ctx, caller: Caller, q: In<typeof locationListQuery>) => listLocations(ctx.db, scopeOf(caller), q);
export const getLocationOf = async (ctx: Ctx, caller: Caller, id: string) => toLocation(await visibleLocation(ctx, caller, id));

export async function createLocation(ctx: Ctx, caller: Caller, body: In<typeof locationCreate>) {
  await checkLocation(ctx.db, caller.companyId, body.parentId, 'parentId');
  const [[row]] = await commit(ctx, [
    ctx.db
      .insert(locations)
      .values({ id: crypto.randomUUID(), companyId: caller.companyId, name: body.name, parentId: body.parentId ?? null, address: body.address ?? null, ...createdBy(caller.id) })
      .returning(),
  ]);
  return toLocation(row!);
}

export async function updateLocation(ctx: Ctx, caller: Caller, id: string, patch: In<typeof locationPatch>) {
  const location = await visibleLocation(ctx, caller, id);
  if (patch.parentId) {
    await checkLocation(ctx.db, location.companyId, patch.parentId, 'parentId');
    if (await wouldCycle(ctx.db, location.id, patch.parentId)) throw badRequest('Invalid parentId: a location cannot be inside itself', 'parentId');
  }
  const [[row]] = await commit(ctx, [ctx.db.update(locations).set({ ...patch, ...updatedBy(caller.id) }).where(eq(locations.id, location.id)).returning()]);
  return toLocation(row!);
}

export async function removeLocation(ctx: Ctx, caller: Caller, id: string) {
  const location = await visibleLocation(ctx, caller, id);
  if (await locationInUse(ctx.db, location.id)) throw conflict('This location still holds locations or assets; move or delete them first');
  const now = nowIso();
  const [[row]] = await commit(ctx, [ctx.db.update(locations).set({ deletedAt: now, ...updatedBy(caller.id, now) }).where(eq(locations.id, location.id)).returning()]);
  return toLocation(row!);
}

// ── Assets and downtime ──────────────────────────────────────────────────────────────────────────────────────────

async function visibleAsset(ctx: Ctx, caller: Caller, id: string) {
  const row = await getAsset(ctx.db, scopeOf(caller), id);
  if (!row) throw notFound('Asset');
  return row;
}

const isDown = (assetId: string) => sql`EXISTS (SELECT 1 FROM ${assets} WHERE ${assets.id} = ${assetId} AND ${assets.status} = 'down' AND ${assets.deletedAt} IS NULL)`;

/**
 * The downtime statements that follow any write of an asset's status, derived from the state the write left: a down
 * asset has an open record (one at most, under a unique index), any other asset has none. Racing writes therefore
 * cannot leave a record open after the asset came back, nor open two.
 */
const downtimeWrites = (db: Db, asset: { id: string; companyId: string }, now: string) =>
  [
    insertIf(db, downtimes, { id: crypto.randomUUID(), companyId: asset.companyId, assetId: asset.id, startedAt: now }, isDown(asset.id)).onConflictDoNothing(),
    db
      .update(downtimes)
      .set({ endedAt: now })
      .where(and(eq(downtimes.assetId, asset.id), isNull(downtimes.endedAt), sql`NOT ${isDown(asset.id)}`)),
  ] as const;

const assetStatusEvent = (asset: AssetRow, from: AssetStatus, to: AssetStatus, actorId: string, now: string) =>
  when(
    cmmsEvents.event('cmms.asset.status_changed', asset.companyId, { assetId: asset.id, name: asset.name, code: asset.code, from, status: to, actorId }),
    assets,
    and(eq(assets.id, asset.id), eq(assets.status, to), eq(assets.updatedAt, now))!,
  );

/** Retiring an asset stops its PM schedules (they would generate work for something no longer in service). */
const retireSchedules = (db: Db, assetId: string, now: string) =>
  db
    .update(schedules)
    .set({ active: false, version: sql`${schedules.version} + 1`, updatedAt: now })
    .where(and(eq(schedules.assetId, assetId), isNull(schedules.deletedAt), eq(schedules.active, true), sql`EXISTS (SELECT 1 FROM ${assets} WHERE ${assets.id} = ${assetId} AND ${assets.status} = 'retired')`));

export const listAssetsOf = (ctx: Ctx, caller: Caller, q: In<typeof assetListQuery>) => listAssets(ctx.db, scopeOf(caller), q);
export const getAssetOf = async (ctx: Ctx, caller: Caller, id: string) => toAsset(await visibleAsset(ctx, caller, id));

export async function createAsset(ctx: Ctx, caller: Caller, body: In<typeof assetCreate>) {
  await checkLocation(ctx.db, caller.companyId, body.locationId, 'locationId');
  await checkAsset(ctx.db, caller.companyId, body.parentId, 'parentId');
  const now = nowIso();
  const id = crypto.randomUUID();
  const values = {
    id,
    companyId: caller.companyId,
    name: body.name,
    code: body.code,
    category: body.category ?? null,
    locationId: body.locationId ?? null,
    parentId: body.parentId ?? null,
    serialNumber: body.serialNumber ?? null,
    criticality: body.criticality,
    status: body.status,
    requestToken: randomToken(),
    ...createdBy(caller.id, now),
  };
  try {
    const [[row]] = await commit(ctx, [ctx.db.insert(assets).values(values).returning(), ...downtimeWrites(ctx.db, values, now)]);
    return toAsset(row!);
  } catch (err) {
    if (isUniqueViolation(err, 'cmms_assets.code')) throw conflict(`An asset with code ${body.code} already exists`);
    throw err;
  }
}

export async function updateAsset(ctx: Ctx, caller: Caller, id: string, patch: In<typeof assetPatch>) {
  const asset = await visibleAsset(ctx, caller, id);
  await checkLocation(ctx.db, asset.companyId, patch.locationId, 'locationId');
  if (patch.parentId) {
    await checkAsset(ctx.db, asset.companyId, patch.parentId, 'parentId');
    if (patch.parentId === asset.id) throw badRequest('Invalid parentId: an asset cannot be its own parent', 'parentId');
  }
  const now = nowIso();
  const statusChange = patch.status !== undefined && patch.status !== asset.status;
  try {
    const [[row]] = await commit(
      ctx,
      [
        ctx.db
          .update(assets)
          .set({ ...patch, ...updatedBy(caller.id, now) })
          // A status change applies only from the status it was decided from (the event names both).
          .where(and(eq(assets.id, asset.id), isNull(assets.deletedAt), statusChange ? eq(assets.status, asset.status) : undefined))
          .returning(),
        ...downtimeWrites(ctx.db, asset, now),
        retireSchedules(ctx.db, asset.id, now),
      ],
      statusChange ? [assetStatusEvent(asset, asset.status, patch.status!, caller.id, now)] : [],
    );
    if (!row) throw conflict('The asset changed meanwhile; reload and try again');
    return toAsset(row);
  } catch (err) {
    if (isUniqueViolation(err, 'cmms_assets.code')) throw conflict(`An asset with code ${patch.code} already exists`);
    throw err;
  }
}

/** A new portal key for the asset (the old QR code stops working at once). */
export async function rotateRequestToken(ctx: Ctx, caller: Caller, id: string) {
  const asset = await visibleAsset(ctx, caller, id);
  const [[row]] = await commit(ctx, [ctx.db.update(assets).set({ requestToken: randomToken(), ...updatedBy(caller.id) }).where(eq(assets.id, asset.id)).returning()]);
  return toAsset(row!);
}

/** Soft-deletes the asset with its meters and schedules; an open downtime record is closed. */
export async function removeAsset(ctx: Ctx, caller: Caller, id: string) {
  const asset = await visibleAsset(ctx, caller, id);
  if (await hasLiveChildAssets(ctx.db, asset.id)) throw conflict('This asset has child assets; move or delete them first');
  const now = nowIso();
  const [[row]] = await commit(ctx, [
    ctx.db.update(assets).set({ deletedAt: now, ...updatedBy(caller.id, now) }).where(eq(assets.id, asset.id)).returning(),
    ctx.db.update(meters).set({ deletedAt: now, updatedAt: now }).where(and(eq(meters.assetId, asset.id), isNull(meters.deletedAt))),
    ctx.db
      .update(schedules)
      .set({ deletedAt: now, active: false, version: sql`${schedules.version} + 1`, updatedAt: now })
      .where(and(eq(schedules.assetId, asset.id), isNull(schedules.deletedAt))),
    ...downtimeWrites(ctx.db, asset, now),
  ]);
  return toAsset(row!);
}

export async function assetDowntime(ctx: Ctx, caller: Caller, id: string, q: In<typeof downtimeListQuery>) {
  const asset = await visibleAsset(ctx, caller, id);
  return listDowntime(ctx.db, asset.id, q);
}

// ── Meters and readings ──────────────────────────────────────────────────────────────────────────────────────────

async function visibleMeter(ctx: Ctx, caller: Caller, id: string) {
  const row = await getMeter(ctx.db, scopeOf(caller), id);
  if (!row) throw notFound('Meter');
  return row;
}

export async function assetMeters(ctx: Ctx, caller: Caller, assetId: string, q: In<typeof meterListQuery>) {
  const asset = await visibleAsset(ctx, caller, assetId);
  return listMeters(ctx.db, asset.id, q);
}

export async function createMeter(ctx: Ctx, caller: Caller, assetId: string, body: In<typeof meterCreate>) {
  const asset = await visibleAsset(ctx, caller, assetId);
  const [[row]] = await commit(ctx, [
    ctx.db
      .insert(meters)
      .values({ id: crypto.randomUUID(), companyId: asset.companyId, assetId: asset.id, name: body.name, unit: body.unit, kind: body.kind, ...createdBy(caller.id) })
      .returning(),
  ]);
  return toMeter(row!);
}

export const getMeterOf = async (ctx: Ctx, caller: Caller, id: string) => toMeter(await visibleMeter(ctx, caller, id));

export async function updateMeter(ctx: Ctx, caller: Caller, id: string, patch: In<typeof meterPatch>) {
  const meter = await visibleMeter(ctx, caller, id);
  const [[row]] = await commit(ctx, [ctx.db.update(meters).set({ ...patch, ...updatedBy(caller.id) }).where(eq(meters.id, meter.id)).returning()]);
  return toMeter(row!);
}

export async function removeMeter(ctx: Ctx, caller: Caller, id: string) {
  const meter = await visibleMeter(ctx, caller, id);
  if (await meterInUse(ctx.db, meter.id)) throw conflict('Active PM schedules use this meter; change or deactivate them first');
  const now = nowIso();
  const [[row]] = await commit(ctx, [ctx.db.update(meters).set({ deletedAt: now, ...updatedBy(caller.id, now) }).where(eq(meters.id, meter.id)).returning()]);
  return toMeter(row!);
}

export async function meterReadings(ctx: Ctx, caller: Caller, id: string, q: In<typeof readingListQuery>) {
  const meter = await visibleMeter(ctx, caller, id);
  return listReadings(ctx.db, meter, q);
}

/** Readings may be stamped at most this far ahead of the server's clock (devices' clocks drift). */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Records one reading or a batch (≤ 500) in one transaction: the meter's last reading moves to the newest one only
 * if every new reading is at or after the stored last one (and, for cumulative meters, not lower): that guard is
 * in the meter's UPDATE, and the readings are inserted only if that very UPDATE applied.
 * Meter-based PM happens at once, in the same transaction: every schedule of the meter that the newest reading makes
 * due gets its work order (guarded as any generation, see generationWrites). Generating here rather than only from the
 * reading's queue event makes the outcome depend on the order of the readings alone, not on when the queue delivers:
 * a request that crosses a threshold always yields that due point's work order. The reading's event is the safety net
 * (pmMeterHandler) for a schedule that changed between this read and this write.
 */
export async function recordReadings(ctx: Ctx, caller: Caller, id: string, body: ReadingsBody) {
  const meter = await visibleMeter(ctx, caller, id);
  const now = nowIso();
  const items = (body.readings ?? [{ value: body.value!, readAt: body.readAt }]).map((r, i) => ({ i, value: r.value, readAt: r.readAt ?? now }));
  const latest = new Date(Date.now() + CLOCK_SKEW_MS).toISOString();
  const future = items.find((r) => r.readAt > latest);
  if (future) throw badRequest('Invalid readAt: a reading cannot be in the future', body.readings ? `readings.${future.i}.readAt` : 'readAt');
  const sorted = [...items].sort((a, b) => (a.readAt < b.readAt ? -1 : a.readAt > b.readAt ? 1 : a.i - b.i));
  if (meter.kind === 'cumulative') {
    const drop = sorted.findIndex((r, k) => k > 0 && r.value < sorted[k - 1]!.value);
    if (drop > 0) throw conflict(`A cumulative meter never decreases: the reading at ${sorted[drop]!.readAt} is lower than the one before it`);
  }
  const first = sorted[0]!;
  const last = sorted.at(-1)!;
  refuseOutOfOrder(meter, first);
  const token = crypto.randomUUID();
  const source = caller.kind === 'apiKey' ? ('api' as const) : ('manual' as const);
  const rows = sorted.map((r) => ({ id: crypto.randomUUID(), v: r.value, t: r.readAt }));
  const accepted = sql`EXISTS (SELECT 1 FROM ${meters} WHERE ${meters.id} = ${meter.id} AND ${meters.writeToken} = ${token})`;
  const ev = cmmsEvents.event('cmms.meter.reading_recorded', meter.companyId, {
    meterId: meter.id,
    assetId: meter.assetId,
    count: rows.length,
    value: last.value,
    readAt: last.readAt,
    actorId: caller.id,
  });
  // The meter's schedules judged against the newest reading, each generation written only if the readings are accepted.
  const generations = (meter.kind === 'cumulative' ? await meterSchedules(ctx.db, meter.id) : []).flatMap((s) => {
    const g = generationWrites(ctx, { s, lastReading: last.value }, now, accepted);
    return g ? [g] : [];
  });
  const results = (await commit(
    ctx,
    [
      ctx.db
        .update(meters)
        .set({ lastReading: last.value, lastReadAt: last.readAt, readingCount: sql`${meters.readingCount} + ${rows.length}`, writeToken: token, updatedAt: now })
        .where(
          and(
            eq(meters.id, meter.id),
            isNull(meters.deletedAt),
            sql`(${meters.lastReadAt} IS NULL OR ${meters.lastReadAt} <= ${first.readAt})`,
            sql`(${meters.kind} = 'gauge' OR ${meters.lastReading} IS NULL OR ${meters.lastReading} <= ${first.value})`,
          ),
        )
        .returning({ id: meters.id }),
      // Every reading in one statement, whatever their number: one JSON parameter, unpacked by json_each (the
      // selected values follow the table's column order: id, company, meter, value, readAt, source, createdAt, createdBy).
      ctx.db
        .insert(readings)
        .select(
          sql`SELECT json_extract(value, '$.id'), ${meter.companyId}, ${meter.id}, json_extract(value, '$.v'), json_extract(value, '$.t'), ${source}, ${now}, ${caller.id}
              FROM json_each(${JSON.stringify(rows)}) WHERE ${accepted}`,
        )
        .returning(),
      ...generations.flatMap((g) => g.writes),
    ] as unknown as [BatchItem<'sqlite'>],
    [when(ev, meters, and(eq(meters.id, meter.id), eq(meters.writeToken, token))!), ...generations.flatMap((g) => g.events)],
  )) as unknown as [unknown[], ReadingRow[], ...unknown[][]];
  const [updated, inserted] = results;
  if (updated.length === 0) {
    const fresh = await visibleMeter(ctx, caller, id);
    refuseOutOfOrder(fresh, first);
    throw conflict('The meter changed meanwhile; reload and try again');
  }
  // A schedule that changed between the read and the write was not generated above: try it again now (the queue
  // handler of the reading's event retries it too, so a failure here loses nothing).
  const missed = generations.filter((_, k) => (results[2 + 2 * k] ?? []).length === 0);
  for (const g of missed) await generateSchedule(ctx, g.scheduleId).catch(() => false);
  const byId = new Map(inserted.map((r) => [r.id, r]));
  return rows.map((r) => toReading(byId.get(r.id)!));
}

function refuseOutOfOrder(meter: MeterRow, first: { value: number; readAt: string }) {
  if (meter.lastReadAt !== null && first.readAt < meter.lastReadAt) throw conflict(`Readings must not be older than the meter's last reading (${meter.lastReadAt})`);
  if (meter.kind === 'cumulative' && meter.lastReading !== null && first.value < meter.lastReading) {
    throw conflict(`A cumulative meter never decreases: ${first.value} is lower than its last reading ${meter.lastReading}`);
  }
}

// ── PM schedules ─────────────────────────────────────────────────────────────────────────────────────────────────

async function visibleSchedule(ctx: Ctx, caller: Caller, id: string) {
  const row = await getSchedule(ctx.db, scopeOf(caller), id);
  if (!row) throw notFound('Schedule');
  return row;
}

/** The schedule's rules over its complete state (after a create or a patch); 400 names the field. */
async function checkScheduleShape(db: Db, s: Pick<ScheduleRow, 'companyId' | 'assetId' | 'everyDays' | 'everyMeterUnits' | 'meterId' | 'leadDays' | 'assigneeIds'>) {
  if (s.everyDays === null && s.everyMeterUnits === null) throw badRequest('Invalid everyDays: a schedule needs everyDays, everyMeterUnits, or both', 'everyDays');
  if ((s.everyMeterUnits === null) !== (s.meterId === null)) throw badRequest('Invalid meterId: everyMeterUnits and meterId go together', 'meterId');
  if (s.everyDays !== null && s.leadDays >= s.everyDays) throw badRequest('Invalid leadDays: must be less than everyDays', 'leadDays');
  await checkAssignees(db, s.companyId, s.assigneeIds);
  if (s.meterId === null) return undefined;
  const [meter] = await db.select().from(meters).where(and(eq(meters.id, s.meterId), eq(meters.assetId, s.assetId), isNull(meters.deletedAt))).limit(1);
  if (!meter) throw badRequest("Invalid meterId: no such meter on the schedule's asset", 'meterId');
  if (meter.kind !== 'cumulative') throw badRequest('Invalid meterId: meter-based schedules need a cumulative meter', 'meterId');
  return meter;
}

export const listSchedulesOf = (ctx: Ctx, caller: Caller, q: In<typeof scheduleListQuery>) => listSchedules(ctx.db, scopeOf(caller), q);
export const getScheduleOf = async (ctx: Ctx, caller: Caller, id: string) => toSchedule(await visibleSchedule(ctx, caller, id));

/** After a write: a schedule that is due already generates its work order now, not at the next sweep. */
async function generatedNow(ctx: Ctx, caller: Caller, id: string) {
  await generateSchedule(ctx, id);
  return toSchedule(await visibleSchedule(ctx, caller, id));
}

export async function createSchedule(ctx: Ctx, caller: Caller, body: In<typeof scheduleCreate>) {
  const asset = await checkAsset(ctx.db, caller.companyId, body.assetId, 'assetId');
  if (asset!.status === 'retired') throw badRequest('Invalid assetId: the asset is retired', 'assetId');
  const shape = {
    companyId: caller.companyId,
    assetId: body.assetId,
    everyDays: body.everyDays ?? null,
    everyMeterUnits: body.everyMeterUnits ?? null,
    meterId: body.meterId ?? null,
    leadDays: body.leadDays,
    assigneeIds: body.assigneeIds,
  };
  if (body.nextDueAt !== undefined && shape.everyDays === null) throw badRequest('Invalid nextDueAt: only time-based schedules (everyDays) have one', 'nextDueAt');
  if (body.nextDueMeter !== undefined && shape.everyMeterUnits === null) throw badRequest('Invalid nextDueMeter: only meter-based schedules (everyMeterUnits) have one', 'nextDueMeter');
  const meter = await checkScheduleShape(ctx.db, shape);
  const now = nowIso();
  const nextDueAt = shape.everyDays === null ? null : (body.nextDueAt ?? addDays(now, shape.everyDays));
  const nextDueMeter = shape.everyMeterUnits === null ? null : (body.nextDueMeter ?? (meter?.lastReading ?? 0) + shape.everyMeterUnits);
  const id = crypto.randomUUID();
  await commit(ctx, [
    ctx.db.insert(schedules).values({
      id,
      ...shape,
      title: body.title,
      description: body.description,
      checklist: body.checklist,
      priority: body.priority,
      basis: body.basis,
      nextDueAt,
      nextDueMeter,
      generateAt: nextDueAt === null ? null : addDays(nextDueAt, -body.leadDays),
      active: body.active,
      ...createdBy(caller.id, now),
    }),
  ]);
  return generatedNow(ctx, caller, id);
}

export async function updateSchedule(ctx: Ctx, caller: Caller, id: string, patch: In<typeof schedulePatch>) {
  const s = await visibleSchedule(ctx, caller, id);
  const next = { ...s, ...patch };
  const meter = await checkScheduleShape(ctx.db, next);
  if (patch.active && !s.active) {
    const asset = await checkAsset(ctx.db, s.companyId, s.assetId, 'active');
    if (asset!.status === 'retired') throw badRequest('Invalid active: the asset is retired', 'active');
  }
  const now = nowIso();
  // Due points are computed: a series that starts now runs from now (or the meter's reading); an interval change
  // applies from the next due point on; a schedule waiting for its work order's completion keeps waiting.
  const waiting = next.basis === 'completion' && s.awaitingWorkOrderId !== null;
  let nextDueAt = next.everyDays === null || waiting ? null : (s.nextDueAt ?? addDays(now, next.everyDays));
  let nextDueMeter = next.everyMeterUnits === null || waiting ? null : s.meterId === next.meterId && s.nextDueMeter !== null ? s.nextDueMeter : (meter?.lastReading ?? 0) + next.everyMeterUnits!;
  if (s.basis === 'completion' && next.basis === 'schedule' && s.awaitingWorkOrderId !== null) {
    nextDueAt = next.everyDays === null ? null : addDays(now, next.everyDays);
    nextDueMeter = next.everyMeterUnits === null ? null : (meter?.lastReading ?? 0) + next.everyMeterUnits;
  }
  const [[row]] = await commit(ctx, [
    ctx.db
      .update(schedules)
      .set({
        ...patch,
        nextDueAt,
        nextDueMeter,
        generateAt: nextDueAt === null ? null : addDays(nextDueAt, -next.leadDays),
        awaitingWorkOrderId: waiting ? s.awaitingWorkOrderId : null,
        version: s.version + 1,
        ...updatedBy(caller.id, now),
      })
      .where(and(eq(schedules.id, s.id), eq(schedules.version, s.version)))
      .returning(),
  ]);
  if (!row) throw conflict('The schedule changed meanwhile (it may have generated a work order); reload and try again');
  return generatedNow(ctx, caller, s.id);
}

export async function removeSchedule(ctx: Ctx, caller: Caller, id: string) {
  const s = await visibleSchedule(ctx, caller, id);
  const now = nowIso();
  const [[row]] = await commit(ctx, [
    ctx.db
      .update(schedules)
      .set({ deletedAt: now, active: false, version: sql`${schedules.version} + 1`, ...updatedBy(caller.id, now) })
      .where(eq(schedules.id, s.id))
      .returning(),
  ]);
  return toSchedule(row!);
}

// ── Parts ────────────────────────────────────────────────────────────────────────────────────────────────────────

async function visiblePart(ctx: Ctx, caller: Caller, id: string) {
  const row = await getPart(ctx.db, scopeOf(caller), id);
  if (!row) throw notFound('Part');
  return row;
}

export const listPartsOf = (ctx: Ctx, caller: Caller, q: In<typeof partListQuery>) => listParts(ctx.db, scopeOf(caller), q);
export const getPartOf = async (ctx: Ctx, caller: Caller, id: string) => toPart(await visiblePart(ctx, caller, id));

/** `cmms.part.low_stock`, recorded only if the write that carries `token` took the stock from above its minimum to it or below. */
export const lowStockEvent = (part: { id: string; companyId: string; name: string; sku: string | null }, token: string, previousStock: SQL | number, actorId: string) =>
  when(
    cmmsEvents.event('cmms.part.low_stock', part.companyId, { partId: part.id, name: part.name, sku: part.sku, actorId }),
    parts,
    and(eq(parts.id, part.id), eq(parts.writeToken, token), sql`${parts.stock} <= ${parts.minStock}`, sql`${previousStock} > ${parts.minStock}`)!,
    sql`json_object('stock', ${parts.stock}, 'minStock', ${parts.minStock})`,
  );

export async function createPart(ctx: Ctx, caller: Caller, body: In<typeof partCreate>) {
  try {
    const [[row]] = await commit(ctx, [
      ctx.db
        .insert(parts)
        .values({ id: crypto.randomUUID(), companyId: caller.companyId, ...body, sku: body.sku ?? null, ...createdBy(caller.id) })
        .returning(),
    ]);
    return toPart(row!);
  } catch (err) {
    if (isUniqueViolation(err, 'cmms_parts.sku')) throw conflict(`A part with SKU ${body.sku} already exists`);
    throw err;
  }
}

/**
 * Changes a part. `stock` is a count that replaces the stock; with `expectedStock` it applies only if the stock is
 * still that (409 otherwise, e.g. parts were used meanwhile). Lowering it to the minimum emits low_stock.
 */
export async function updatePart(ctx: Ctx, caller: Caller, id: string, patch: In<typeof partPatch>) {
  const part = await visiblePart(ctx, caller, id);
  const { expectedStock, ...changes } = patch;
  const token = crypto.randomUUID();
  const now = nowIso();
  const after = { ...part, ...changes };
  try {
    const [[row]] = await commit(
      ctx,
      [
        ctx.db
          .update(parts)
          .set({ ...changes, writeToken: token, ...updatedBy(caller.id, now) })
          .where(and(eq(parts.id, part.id), isNull(parts.deletedAt), expectedStock !== undefined ? eq(parts.stock, expectedStock) : undefined))
          .returning(),
      ],
      changes.stock !== undefined || changes.minStock !== undefined ? [lowStockEvent(after, token, part.stock, caller.id)] : [],
    );
    if (!row) throw conflict(`The stock is no longer ${expectedStock}; reload and count again`);
    return toPart(row);
  } catch (err) {
    if (isUniqueViolation(err, 'cmms_parts.sku')) throw conflict(`A part with SKU ${patch.sku} already exists`);
    throw err;
  }
}

export async function removePart(ctx: Ctx, caller: Caller, id: string) {
  const part = await visiblePart(ctx, caller, id);
  const now = nowIso();
  const [[row]] = await commit(ctx, [ctx.db.update(parts).set({ deletedAt: now, ...updatedBy(caller.id, now) }).where(eq(parts.id, part.id)).returning()]);
  return toPart(row!);
}

