import { and, asc, count, eq, gte, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../core/env';
import { ftsMatch } from '../../core/db/fts';
import { countOf, orderOf, pageOf, windowOf, type PageQuery } from '../../core/db/page';
import { ownRows, type Scope } from '../../core/tenancy/scope';
import { activePartnerIdsQuery } from '../../core/tenancy/tenancy.queries';
import { companies, users } from '../../core/tenancy/tenancy.table';
import type {
  Asset,
  AssetListQuery,
  ContractedListQuery,
  Location,
  MaintenanceRequest,
  Meter,
  Note,
  Part,
  PartUse,
  Reading,
  Schedule,
  TimeLog,
  WorkOrder,
  WorkOrderListQuery,
} from './cmms.schemas';
import { workOrderNumber } from './cmms.helpers';
import {
  assets,
  counts,
  downtimes,
  locations,
  meters,
  notes,
  OPEN_STATUSES,
  partUses,
  parts,
  readings,
  requests,
  schedules,
  timeLogs,
  workOrderAssignees,
  workOrders,
  type AssetRow,
  type LocationRow,
  type MeterRow,
  type PartRow,
  type ReadingRow,
  type RequestRow,
  type ScheduleRow,
  type WorkOrderRow,
  type WorkOrderStatus,
} from './cmms.table';

/** The FTS5 indexes (hand-written migration; declared here only for querying, not for drizzle-kit). */
const workOrdersFts = sqliteTable('cmms_workorders_fts', { rowid: integer(), title: text(), description: text(), number: text(), tags: text() });
const assetsFts = sqliteTable('cmms_assets_fts', { rowid: integer(), name: text(), code: text(), serialNumber: text(), category: text(), tags: text() });

/** The company token of the search indexes' `tags` column. */
const companyToken = (companyId: string) => `c${companyId.replace(/-/g, '')}`;

/** A full-text expression over `columns`, narrowed to the scope's company (staff: every company). */
function searchExpression(scope: Scope, columns: string, words: string): string {
  const text = `{${columns}} : (${words})`;
  return scope.kind === 'member' ? `${text} AND tags : ${companyToken(scope.companyId)}` : text;
}

// ── Mapping rows to the API ──────────────────────────────────────────────────────────────────────────────────────

export const toLocation = (r: LocationRow): Location => ({
  id: r.id,
  companyId: r.companyId,
  name: r.name,
  parentId: r.parentId,
  address: r.address,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export const toAsset = (r: AssetRow): Asset => ({
  id: r.id,
  companyId: r.companyId,
  name: r.name,
  code: r.code,
  category: r.category,
  locationId: r.locationId,
  parentId: r.parentId,
  serialNumber: r.serialNumber,
  criticality: r.criticality,
  status: r.status,
  requestToken: r.requestToken,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  createdBy: r.createdBy,
  updatedBy: r.updatedBy,
});

export const toMeter = (r: MeterRow): Meter => ({
  id: r.id,
  companyId: r.companyId,
  assetId: r.assetId,
  name: r.name,
  unit: r.unit,
  kind: r.kind,
  lastReading: r.lastReading,
  lastReadAt: r.lastReadAt,
  readingCount: r.readingCount,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export const toReading = (r: ReadingRow): Reading => ({
  id: r.id,
  meterId: r.meterId,
  value: r.value,
  readAt: r.readAt,
  source: r.source,
  createdAt: r.createdAt,
  createdBy: r.createdBy,
});

export const toSchedule = (r: ScheduleRow): Schedule => ({
  id: r.id,
  companyId: r.companyId,
  assetId: r.assetId,
  title: r.title,
  description: r.description,
  checklist: r.checklist,
  priority: r.priority,
  assigneeIds: r.assigneeIds,
  everyDays: r.everyDays,
  everyMeterUnits: r.everyMeterUnits,
  meterId: r.meterId,
  basis: r.basis,
  leadDays: r.leadDays,
  nextDueAt: r.nextDueAt,
  nextDueMeter: r.nextDueMeter,
  active: r.active,
  generatedCount: r.cycle,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export const isOpen = (status: WorkOrderStatus) => (OPEN_STATUSES as readonly string[]).includes(status);

export const toWorkOrder = (r: WorkOrderRow, extra: { assetName?: string | null; companyName?: string } = {}, now = new Date().toISOString()): WorkOrder => ({
  id: r.id,
  companyId: r.companyId,
  number: workOrderNumber(r.number),
  title: r.title,
  description: r.description,
  assetId: r.assetId,
  assetName: extra.assetName ?? null,
  locationId: r.locationId,
  priority: r.priority,
  type: r.type,
  status: r.status,
  onHoldReason: r.onHoldReason,
  cancelReason: r.cancelReason,
  assigneeIds: r.assigneeIds,
  contractorCompanyId: r.contractorCompanyId,
  dueAt: r.dueAt,
  overdue: r.dueAt !== null && r.dueAt < now && isOpen(r.status),
  checklist: r.checklist,
  scheduleId: r.scheduleId,
  requestId: r.requestId,
  startedAt: r.startedAt,
  completedAt: r.completedAt,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  createdBy: r.createdBy,
  updatedBy: r.updatedBy,
  ...(extra.companyName !== undefined ? { companyName: extra.companyName } : {}),
});

export const toPart = (r: PartRow): Part => ({
  id: r.id,
  companyId: r.companyId,
  name: r.name,
  sku: r.sku,
  stock: r.stock,
  minStock: r.minStock,
  unitCost: r.unitCost,
  currency: r.currency,
  lowStock: r.stock <= r.minStock,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export const toRequest = (r: RequestRow, assetName: string | null = null): MaintenanceRequest => ({
  id: r.id,
  companyId: r.companyId,
  title: r.title,
  description: r.description,
  assetId: r.assetId,
  assetName,
  requesterName: r.requesterName,
  requesterEmail: r.requesterEmail,
  requesterId: r.requesterId,
  status: r.status,
  declineReason: r.declineReason,
  workOrderId: r.workOrderId,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

// ── Locations ────────────────────────────────────────────────────────────────────────────────────────────────────

const liveLocation = isNull(locations.deletedAt);

export async function getLocation(db: Db, scope: Scope, id: string) {
  const [row] = await db.select().from(locations).where(and(eq(locations.id, id), liveLocation, ownRows(scope, locations.companyId))).limit(1);
  return row;
}

export async function listLocations(db: Db, scope: Scope, q: PageQuery & { sortBy?: 'name' | 'createdAt' | undefined; parentId?: string | undefined }) {
  const where = and(liveLocation, ownRows(scope, locations.companyId), q.parentId ? eq(locations.parentId, q.parentId) : undefined);
  const page = await pageOf(
    db,
    windowOf(db.select().from(locations).where(where).orderBy(...orderOf(q, { name: locations.name, createdAt: locations.createdAt }, 'createdAt', locations.id)), q),
    countOf(db, locations, where),
  );
  return { rows: page.rows.map(toLocation), total: page.total };
}

/** Whether `candidateParentId` is `locationId` itself or one of its descendants (a move there would make a cycle). */
export async function wouldCycle(db: Db, locationId: string, candidateParentId: string): Promise<boolean> {
  const rows = await db.all<{ id: string }>(sql`
    WITH RECURSIVE up(id, depth) AS (
      SELECT ${candidateParentId}, 0
      UNION ALL
      SELECT l.parent_id, up.depth + 1 FROM ${locations} l JOIN up ON l.id = up.id WHERE l.parent_id IS NOT NULL AND up.depth < 100
    )
    SELECT id FROM up WHERE id = ${locationId} LIMIT 1`);
  return rows.length > 0;
}

/** Live children (locations or assets) of a location: it cannot be deleted while it has any. */
export async function locationInUse(db: Db, id: string): Promise<boolean> {
  const [[child], [asset]] = await db.batch([
    db.select({ id: locations.id }).from(locations).where(and(eq(locations.parentId, id), liveLocation)).limit(1),
    db.select({ id: assets.id }).from(assets).where(and(eq(assets.locationId, id), isNull(assets.deletedAt))).limit(1),
  ]);
  return Boolean(child || asset);
}

// ── Assets ───────────────────────────────────────────────────────────────────────────────────────────────────────

const liveAsset = isNull(assets.deletedAt);

export async function getAsset(db: Db, scope: Scope, id: string) {
  const [row] = await db.select().from(assets).where(and(eq(assets.id, id), liveAsset, ownRows(scope, assets.companyId))).limit(1);
  return row;
}

/** The public request portal's lookup: a live asset by its unguessable token, with its company's name. */
export async function assetForPortal(db: Db, token: string) {
  const [row] = await db
    .select({ asset: assets, companyName: sql<string>`${companies.name}`.as('company_name') })
    .from(assets)
    .innerJoin(companies, eq(companies.id, assets.companyId))
    .where(and(eq(assets.requestToken, token), liveAsset, isNull(companies.deletedAt)))
    .limit(1);
  return row;
}

export const hasLiveChildAssets = async (db: Db, id: string) =>
  (await db.select({ id: assets.id }).from(assets).where(and(eq(assets.parentId, id), liveAsset)).limit(1)).length > 0;

/** Live rows per status from the trigger-kept counters (a few rows, whatever the number of records). */
function countedTotal(db: Db, scope: Scope, kind: 'workorder' | 'asset', statuses: readonly string[] | undefined) {
  return db
    .select({ n: sql<number>`coalesce(sum(${counts.n}), 0)`.as('n') })
    .from(counts)
    .where(and(eq(counts.kind, kind), ownRows(scope, counts.companyId), statuses ? inArray(counts.status, [...statuses]) : undefined));
}

const ASSET_SORT = { name: assets.name, code: assets.code, createdAt: assets.createdAt } as const;

export async function listAssets(db: Db, scope: Scope, q: AssetListQuery) {
  const filters = and(
    q.status ? inArray(assets.status, q.status) : undefined,
    q.criticality ? inArray(assets.criticality, q.criticality) : undefined,
    q.locationId ? eq(assets.locationId, q.locationId) : undefined,
    q.parentId ? eq(assets.parentId, q.parentId) : undefined,
  );
  const where = and(liveAsset, ownRows(scope, assets.companyId), filters);
  const words = q.search ? ftsMatch(q.search) : undefined;
  if (words) {
    const hits = db
      .select({ seq: assetsFts.rowid, rank: sql<number>`${assetsFts}.rank`.as('rank') })
      .from(assetsFts)
      .where(sql`${assetsFts} MATCH ${searchExpression(scope, 'name code serial_number category', words)}`)
      .as('hits');
    const order = q.sortBy ? orderOf(q, ASSET_SORT, 'createdAt', assets.id) : [asc(hits.rank), asc(assets.id)];
    const page = await pageOf(
      db,
      windowOf(db.select({ a: assets }).from(hits).innerJoin(assets, eq(assets.seq, hits.seq)).where(where).orderBy(...order), q),
      db.select({ n: count() }).from(hits).innerJoin(assets, eq(assets.seq, hits.seq)).where(where),
    );
    return { rows: page.rows.map((r) => toAsset(r.a)), total: page.total };
  }
  const onlyStatus = !q.criticality && !q.locationId && !q.parentId;
  const page = await pageOf(
    db,
    windowOf(db.select().from(assets).where(where).orderBy(...orderOf(q, ASSET_SORT, 'createdAt', assets.id)), q),
    onlyStatus ? countedTotal(db, scope, 'asset', q.status) : countOf(db, assets, where),
  );
  return { rows: page.rows.map(toAsset), total: page.total };
}

export async function listDowntime(db: Db, assetId: string, q: PageQuery) {
  const where = eq(downtimes.assetId, assetId);
  const page = await pageOf(
    db,
    windowOf(db.select().from(downtimes).where(where).orderBy(...orderOf(q, { startedAt: downtimes.startedAt }, 'startedAt', downtimes.id)), q),
    countOf(db, downtimes, where),
  );
  const now = Date.now();
  return {
    rows: page.rows.map((d) => ({
      id: d.id,
      assetId: d.assetId,
      startedAt: d.startedAt,
      endedAt: d.endedAt,
      hours: Math.round(((d.endedAt ? Date.parse(d.endedAt) : now) - Date.parse(d.startedAt)) / 36_000) / 100,
    })),
    total: page.total,
  };
}

// ── Meters and readings ──────────────────────────────────────────────────────────────────────────────────────────

const liveMeter = isNull(meters.deletedAt);

export async function getMeter(db: Db, scope: Scope, id: string) {
  const [row] = await db.select().from(meters).where(and(eq(meters.id, id), liveMeter, ownRows(scope, meters.companyId))).limit(1);
  return row;
}

export async function listMeters(db: Db, assetId: string, q: PageQuery & { sortBy?: 'name' | 'createdAt' | undefined }) {
  const where = and(eq(meters.assetId, assetId), liveMeter);
  const page = await pageOf(
    db,
    windowOf(db.select().from(meters).where(where).orderBy(...orderOf(q, { name: meters.name, createdAt: meters.createdAt }, 'createdAt', meters.id)), q),
    countOf(db, meters, where),
  );
  return { rows: page.rows.map(toMeter), total: page.total };
}

/** Readings of a meter, newest first by default. Without a time range the total is the meter's own counter. */
export async function listReadings(db: Db, meter: MeterRow, q: PageQuery & { from?: string | undefined; to?: string | undefined }) {
  const ranged = q.from !== undefined || q.to !== undefined;
  const where = and(eq(readings.meterId, meter.id), q.from ? gte(readings.readAt, q.from) : undefined, q.to ? lte(readings.readAt, q.to) : undefined);
  const page = await pageOf(
    db,
    windowOf(db.select().from(readings).where(where).orderBy(...orderOf(q, { readAt: readings.readAt }, 'readAt', readings.id)), q),
    ranged ? countOf(db, readings, where) : db.select({ n: meters.readingCount }).from(meters).where(eq(meters.id, meter.id)),
  );
  return { rows: page.rows.map(toReading), total: page.total };
}

/** Live schedules of a meter that are still active (a meter they use cannot be deleted). */
export const meterInUse = async (db: Db, meterId: string) =>
  (await db.select({ id: schedules.id }).from(schedules).where(and(eq(schedules.meterId, meterId), isNull(schedules.deletedAt), eq(schedules.active, true))).limit(1)).length > 0;

// ── Schedules ────────────────────────────────────────────────────────────────────────────────────────────────────

const liveSchedule = isNull(schedules.deletedAt);

export async function getSchedule(db: Db, scope: Scope, id: string) {
  const [row] = await db.select().from(schedules).where(and(eq(schedules.id, id), liveSchedule, ownRows(scope, schedules.companyId))).limit(1);
  return row;
}

export async function listSchedules(
  db: Db,
  scope: Scope,
  q: PageQuery & { sortBy?: 'createdAt' | 'nextDueAt' | undefined; assetId?: string | undefined; meterId?: string | undefined; active?: boolean | undefined },
) {
  const where = and(
    liveSchedule,
    ownRows(scope, schedules.companyId),
    q.assetId ? eq(schedules.assetId, q.assetId) : undefined,
    q.meterId ? eq(schedules.meterId, q.meterId) : undefined,
    q.active !== undefined ? eq(schedules.active, q.active) : undefined,
  );
  const page = await pageOf(
    db,
    windowOf(db.select().from(schedules).where(where).orderBy(...orderOf(q, { createdAt: schedules.createdAt, nextDueAt: schedules.nextDueAt }, 'createdAt', schedules.id)), q),
    countOf(db, schedules, where),
  );
  return { rows: page.rows.map(toSchedule), total: page.total };
}

/** A schedule with the current reading of its meter, as PM generation needs it. */
export const scheduleWithReading = { s: schedules, lastReading: sql<number | null>`${meters.lastReading}`.as('last_reading') };

/** Time-based schedules whose generation time has come (the cron's sweep; index on generate_at). */
export const dueByTime = (db: Db, now: string, limit: number) =>
  db
    .select(scheduleWithReading)
    .from(schedules)
    .leftJoin(meters, eq(meters.id, schedules.meterId))
    .where(and(liveSchedule, eq(schedules.active, true), sql`${schedules.generateAt} IS NOT NULL`, lte(schedules.generateAt, now)))
    .orderBy(schedules.generateAt)
    .limit(limit);

/** Active meter-based schedules of a meter (those a new reading may make due). */
export const meterSchedules = (db: Db, meterId: string) =>
  db.select().from(schedules).where(and(eq(schedules.meterId, meterId), liveSchedule, eq(schedules.active, true), sql`${schedules.nextDueMeter} IS NOT NULL`));

/** Meter-based schedules of a meter whose threshold the meter's last reading reached. */
export const dueByMeter = (db: Db, meterId: string) =>
  db
    .select(scheduleWithReading)
    .from(schedules)
    .innerJoin(meters, eq(meters.id, schedules.meterId))
    .where(and(eq(schedules.meterId, meterId), liveSchedule, eq(schedules.active, true), sql`${schedules.nextDueMeter} IS NOT NULL`, sql`${meters.lastReading} >= ${schedules.nextDueMeter}`));

export const scheduleForGeneration = (db: Db, id: string) =>
  db.select(scheduleWithReading).from(schedules).leftJoin(meters, eq(meters.id, schedules.meterId)).where(eq(schedules.id, id)).limit(1);

// ── Work orders ──────────────────────────────────────────────────────────────────────────────────────────────────

const liveWorkOrder = isNull(workOrders.deletedAt);

/** What a work-order page reads: its columns and the asset's name (aliased: both tables have `name`-like columns). */
const workOrderColumns = { w: workOrders, assetName: sql<string | null>`${assets.name}`.as('asset_name') };

export async function getWorkOrder(db: Db, scope: Scope, id: string) {
  const [row] = await db
    .select(workOrderColumns)
    .from(workOrders)
    .leftJoin(assets, eq(assets.id, workOrders.assetId))
    .where(and(eq(workOrders.id, id), liveWorkOrder, ownRows(scope, workOrders.companyId)))
    .limit(1);
  return row;
}

/**
 * Work orders contracted to `companyId` by a company it is in an active partnership with (read inside the
 * statement: ending the partnership hides them at once).
 */
export const contractedTo = (db: Db, companyId: string) =>
  and(eq(workOrders.contractorCompanyId, companyId), inArray(workOrders.companyId, activePartnerIdsQuery(db, companyId)), liveWorkOrder)!;

export async function getContractedWorkOrder(db: Db, companyId: string, id: string) {
  const [row] = await db
    .select({ ...workOrderColumns, companyName: sql<string>`${companies.name}`.as('company_name') })
    .from(workOrders)
    .innerJoin(companies, eq(companies.id, workOrders.companyId))
    .leftJoin(assets, eq(assets.id, workOrders.assetId))
    .where(and(eq(workOrders.id, id), contractedTo(db, companyId)))
    .limit(1);
  return row;
}

const WO_SORT = { createdAt: workOrders.createdAt, updatedAt: workOrders.updatedAt, dueAt: workOrders.dueAt, number: workOrders.number } as const;

const overdueCondition = (now: string) => and(inArray(workOrders.status, [...OPEN_STATUSES]), sql`${workOrders.dueAt} IS NOT NULL`, lt(workOrders.dueAt, now));

/**
 * The work-order list in one round trip. Totals come from the trigger-kept counters when the list is filtered by
 * status only (the usual board and list views), otherwise from a count of the matching rows.
 */
export async function listWorkOrders(db: Db, scope: Scope, q: WorkOrderListQuery, now = new Date().toISOString()) {
  const filters = and(
    q.status ? inArray(workOrders.status, q.status) : undefined,
    q.priority ? inArray(workOrders.priority, q.priority) : undefined,
    q.type ? inArray(workOrders.type, q.type) : undefined,
    q.assetId ? eq(workOrders.assetId, q.assetId) : undefined,
    q.locationId ? eq(workOrders.locationId, q.locationId) : undefined,
    q.scheduleId ? eq(workOrders.scheduleId, q.scheduleId) : undefined,
    q.assigneeId
      ? inArray(workOrders.seq, db.select({ seq: workOrderAssignees.workOrderSeq }).from(workOrderAssignees).where(eq(workOrderAssignees.userId, q.assigneeId)))
      : undefined,
    q.overdue === true ? overdueCondition(now) : q.overdue === false ? sql`NOT (${overdueCondition(now)})` : undefined,
  );
  const where = and(liveWorkOrder, ownRows(scope, workOrders.companyId), filters);
  const words = q.search ? ftsMatch(q.search) : undefined;
  if (words) {
    const hits = db
      .select({ seq: workOrdersFts.rowid, rank: sql<number>`${workOrdersFts}.rank`.as('rank') })
      .from(workOrdersFts)
      .where(sql`${workOrdersFts} MATCH ${searchExpression(scope, 'title description number', words)}`)
      .as('hits');
    const order = q.sortBy ? orderOf(q, WO_SORT, 'createdAt', workOrders.id) : [asc(hits.rank), asc(workOrders.id)];
    const page = await pageOf(
      db,
      windowOf(db.select(workOrderColumns).from(hits).innerJoin(workOrders, eq(workOrders.seq, hits.seq)).leftJoin(assets, eq(assets.id, workOrders.assetId)).where(where).orderBy(...order), q),
      db.select({ n: count() }).from(hits).innerJoin(workOrders, eq(workOrders.seq, hits.seq)).where(where),
    );
    return { rows: page.rows.map((r) => toWorkOrder(r.w, { assetName: r.assetName }, now)), total: page.total };
  }
  const onlyStatus = !q.priority && !q.type && !q.assetId && !q.locationId && !q.scheduleId && !q.assigneeId && q.overdue === undefined;
  const page = await pageOf(
    db,
    windowOf(db.select(workOrderColumns).from(workOrders).leftJoin(assets, eq(assets.id, workOrders.assetId)).where(where).orderBy(...orderOf(q, WO_SORT, 'createdAt', workOrders.id)), q),
    onlyStatus ? countedTotal(db, scope, 'workorder', q.status) : countOf(db, workOrders, where),
  );
  return { rows: page.rows.map((r) => toWorkOrder(r.w, { assetName: r.assetName }, now)), total: page.total };
}

export async function listContracted(db: Db, companyId: string, q: ContractedListQuery, now = new Date().toISOString()) {
  const where = and(
    contractedTo(db, companyId),
    q.status ? inArray(workOrders.status, q.status) : undefined,
    q.overdue === true ? overdueCondition(now) : q.overdue === false ? sql`NOT (${overdueCondition(now)})` : undefined,
  );
  const page = await pageOf(
    db,
    windowOf(
      db
        .select({ ...workOrderColumns, companyName: sql<string>`${companies.name}`.as('company_name') })
        .from(workOrders)
        .innerJoin(companies, eq(companies.id, workOrders.companyId))
        .leftJoin(assets, eq(assets.id, workOrders.assetId))
        .where(where)
        .orderBy(...orderOf(q, { createdAt: workOrders.createdAt, updatedAt: workOrders.updatedAt, dueAt: workOrders.dueAt }, 'createdAt', workOrders.id)),
      q,
    ),
    countOf(db, workOrders, where),
  );
  return { rows: page.rows.map((r) => toWorkOrder(r.w, { assetName: r.assetName, companyName: r.companyName }, now)), total: page.total };
}

const MAX_DETAIL_ITEMS = 500;

/** A work order's time logs, parts used and notes (one round trip; each newest last, at most 500). */
export async function workOrderExtras(db: Db, workOrderId: string, withParts: boolean) {
  const [times, used, written, [total]] = await db.batch([
    db
      .select({ t: timeLogs, userName: sql<string | null>`${users.name}`.as('user_name') })
      .from(timeLogs)
      .leftJoin(users, eq(users.id, timeLogs.userId))
      .where(eq(timeLogs.workOrderId, workOrderId))
      .orderBy(asc(timeLogs.createdAt), asc(timeLogs.id))
      .limit(MAX_DETAIL_ITEMS),
    db
      .select({ u: partUses, partName: sql<string | null>`${parts.name}`.as('part_name') })
      .from(partUses)
      .leftJoin(parts, eq(parts.id, partUses.partId))
      // A contractor's view leaves the owner's inventory out.
      .where(and(eq(partUses.workOrderId, workOrderId), withParts ? undefined : sql`0`))
      .orderBy(asc(partUses.createdAt), asc(partUses.id))
      .limit(MAX_DETAIL_ITEMS),
    db
      .select({ n: notes, authorName: sql<string | null>`${users.name}`.as('author_name') })
      .from(notes)
      .leftJoin(users, eq(users.id, notes.authorId))
      .where(eq(notes.workOrderId, workOrderId))
      .orderBy(asc(notes.createdAt), asc(notes.id))
      .limit(MAX_DETAIL_ITEMS),
    db.select({ minutes: sql<number>`coalesce(sum(${timeLogs.minutes}), 0)` }).from(timeLogs).where(eq(timeLogs.workOrderId, workOrderId)),
  ]);
  return {
    timeLogs: times.map((r) => toTimeLog(r.t, r.userName)),
    totalMinutes: Number(total?.minutes ?? 0),
    parts: withParts ? used.map((r) => toPartUse(r.u, r.partName)) : undefined,
    notes: written.map((r) => toNote(r.n, r.authorName)),
  };
}

export const toTimeLog = (t: typeof timeLogs.$inferSelect, userName: string | null): TimeLog => ({
  id: t.id,
  workOrderId: t.workOrderId,
  userId: t.userId,
  userName,
  userCompanyId: t.userCompanyId,
  minutes: t.minutes,
  note: t.note,
  createdAt: t.createdAt,
});

export const toPartUse = (u: typeof partUses.$inferSelect, partName: string | null, stockLeft?: number): PartUse => ({
  id: u.id,
  workOrderId: u.workOrderId,
  partId: u.partId,
  partName,
  quantity: u.quantity,
  unitCost: u.unitCost,
  currency: u.currency,
  ...(stockLeft !== undefined ? { stockLeft } : {}),
  createdAt: u.createdAt,
  createdBy: u.createdBy,
});

export const toNote = (n: typeof notes.$inferSelect, authorName: string | null): Note => ({
  id: n.id,
  workOrderId: n.workOrderId,
  authorId: n.authorId,
  authorName,
  authorCompanyId: n.authorCompanyId,
  body: n.body,
  createdAt: n.createdAt,
});

// ── Parts ────────────────────────────────────────────────────────────────────────────────────────────────────────

const livePart = isNull(parts.deletedAt);

export async function getPart(db: Db, scope: Scope, id: string) {
  const [row] = await db.select().from(parts).where(and(eq(parts.id, id), livePart, ownRows(scope, parts.companyId))).limit(1);
  return row;
}

export async function listParts(db: Db, scope: Scope, q: PageQuery & { sortBy?: 'name' | 'createdAt' | undefined; lowStock?: boolean | undefined }) {
  const where = and(
    livePart,
    ownRows(scope, parts.companyId),
    q.lowStock === true ? lte(parts.stock, parts.minStock) : q.lowStock === false ? sql`${parts.stock} > ${parts.minStock}` : undefined,
  );
  const page = await pageOf(
    db,
    windowOf(db.select().from(parts).where(where).orderBy(...orderOf(q, { name: parts.name, createdAt: parts.createdAt }, 'createdAt', parts.id)), q),
    countOf(db, parts, where),
  );
  return { rows: page.rows.map(toPart), total: page.total };
}

// ── Requests ─────────────────────────────────────────────────────────────────────────────────────────────────────

const liveRequest = isNull(requests.deletedAt);

/** Requests a caller may read: managers every request of their company; others only their own. */
const requestsOf = (scope: Scope, managers: boolean) => and(liveRequest, ownRows(scope, requests.companyId), managers || scope.kind !== 'member' ? undefined : eq(requests.requesterId, scope.userId));

export async function getRequest(db: Db, scope: Scope, id: string, managers: boolean) {
  const [row] = await db
    .select({ r: requests, assetName: sql<string | null>`${assets.name}`.as('asset_name') })
    .from(requests)
    .leftJoin(assets, eq(assets.id, requests.assetId))
    .where(and(eq(requests.id, id), requestsOf(scope, managers)))
    .limit(1);
  return row;
}

export async function listRequests(
  db: Db,
  scope: Scope,
  managers: boolean,
  q: PageQuery & { sortBy?: 'createdAt' | 'updatedAt' | undefined; status?: RequestRow['status'][] | undefined; assetId?: string | undefined },
) {
  const where = and(requestsOf(scope, managers), q.status ? inArray(requests.status, q.status) : undefined, q.assetId ? eq(requests.assetId, q.assetId) : undefined);
  const page = await pageOf(
    db,
    windowOf(
      db
        .select({ r: requests, assetName: sql<string | null>`${assets.name}`.as('asset_name') })
        .from(requests)
        .leftJoin(assets, eq(assets.id, requests.assetId))
        .where(where)
        .orderBy(...orderOf(q, { createdAt: requests.createdAt, updatedAt: requests.updatedAt }, 'createdAt', requests.id)),
      q,
    ),
    countOf(db, requests, where),
  );
  return { rows: page.rows.map((r) => toRequest(r.r, r.assetName)), total: page.total };
}

// ── KPIs ─────────────────────────────────────────────────────────────────────────────────────────────────────────

const HOURS = (a: SQL | string, b: SQL | string) => sql`((julianday(${a}) - julianday(${b})) * 24.0)`;

/**
 * The KPI figures over [from, to), each one aggregate statement, in one round trip (formulas in the README):
 * downtime clipped to the window, failures (downtimes that started in it), repairs (downtimes that ended in it and
 * their mean length), the assets' operating hours in the window, preventive work orders due in it (and those done
 * by their due time), and the backlog now by age.
 */
export async function kpiFigures(db: Db, companyId: string | undefined, from: string, to: string, assetId: string | undefined, now: string) {
  const ownDowntime = and(companyId ? eq(downtimes.companyId, companyId) : undefined, assetId ? eq(downtimes.assetId, assetId) : undefined);
  const ownAssets = and(liveAsset, sql`${assets.status} <> 'retired'`, companyId ? eq(assets.companyId, companyId) : undefined, assetId ? eq(assets.id, assetId) : undefined);
  const ownWork = and(liveWorkOrder, companyId ? eq(workOrders.companyId, companyId) : undefined, assetId ? eq(workOrders.assetId, assetId) : undefined);
  const end = sql`min(coalesce(${downtimes.endedAt}, ${now}), ${to})`;
  const start = sql`max(${downtimes.startedAt}, ${from})`;
  const [[down], [failed], [repaired], [operating], [pm], [backlog]] = await db.batch([
    db
      .select({ hours: sql<number>`coalesce(sum(max(0, ${HOURS(end, start)})), 0)` })
      .from(downtimes)
      .where(and(ownDowntime, lt(downtimes.startedAt, to), or(isNull(downtimes.endedAt), sql`${downtimes.endedAt} > ${from}`))),
    db.select({ n: count() }).from(downtimes).where(and(ownDowntime, gte(downtimes.startedAt, from), lt(downtimes.startedAt, to))),
    db
      .select({ n: count(), hours: sql<number | null>`avg(${HOURS(sql`${downtimes.endedAt}`, sql`${downtimes.startedAt}`)})` })
      .from(downtimes)
      .where(and(ownDowntime, gte(downtimes.endedAt, from), lt(downtimes.endedAt, to))),
    db
      .select({ hours: sql<number>`coalesce(sum(max(0, ${HOURS(sql`min(${to}, ${now})`, sql`max(${assets.createdAt}, ${from})`)})), 0)` })
      .from(assets)
      .where(and(ownAssets, lt(assets.createdAt, to))),
    db
      .select({
        due: count(),
        onTime: sql<number>`coalesce(sum(CASE WHEN ${workOrders.completedAt} IS NOT NULL AND ${workOrders.completedAt} <= ${workOrders.dueAt} THEN 1 ELSE 0 END), 0)`,
      })
      .from(workOrders)
      .where(and(ownWork, eq(workOrders.type, 'preventive'), gte(workOrders.dueAt, from), lt(workOrders.dueAt, to), sql`${workOrders.status} <> 'cancelled'`)),
    db
      .select({
        total: count(),
        week: sql<number>`coalesce(sum(CASE WHEN ${workOrders.createdAt} > ${addDaysIso(now, -8)} THEN 1 ELSE 0 END), 0)`,
        month: sql<number>`coalesce(sum(CASE WHEN ${workOrders.createdAt} <= ${addDaysIso(now, -8)} AND ${workOrders.createdAt} > ${addDaysIso(now, -31)} THEN 1 ELSE 0 END), 0)`,
      })
      .from(workOrders)
      .where(and(ownWork, inArray(workOrders.status, [...OPEN_STATUSES]))),
  ]);
  return {
    downtimeHours: Number(down?.hours ?? 0),
    failures: failed?.n ?? 0,
    repairs: repaired?.n ?? 0,
    meanRepairHours: repaired?.hours ?? null,
    operatingHours: Number(operating?.hours ?? 0),
    pmDue: pm?.due ?? 0,
    pmOnTime: Number(pm?.onTime ?? 0),
    backlog: { total: backlog?.total ?? 0, week: Number(backlog?.week ?? 0), month: Number(backlog?.month ?? 0) },
  };
}

const addDaysIso = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString();

/** Titles of the assets among `ids` the scope may see (zettel mentions): its company's live assets. */
export async function visibleAssetTitles(db: Db, scope: Scope, ids: readonly string[]): Promise<{ id: string; title: string }[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: assets.id, title: sql<string>`${assets.name} || ' (' || ${assets.code} || ')'`.as('title') })
    .from(assets)
    .where(and(sql`${assets.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`, liveAsset, ownRows(scope, assets.companyId)));
}

/** Titles of the work orders among `ids` the scope may see (zettel mentions): its company's, and those contracted to it. */
export async function visibleWorkOrderTitles(db: Db, scope: Scope, ids: readonly string[]): Promise<{ id: string; title: string }[]> {
  if (ids.length === 0 || scope.kind === 'anonymous') return [];
  const visible = scope.kind === 'staff' ? liveWorkOrder : or(and(liveWorkOrder, eq(workOrders.companyId, scope.companyId)), contractedTo(db, scope.companyId));
  return db
    .select({ id: workOrders.id, title: sql<string>`${workOrders.number} || ' ' || ${workOrders.title}`.as('title') })
    .from(workOrders)
    .where(and(sql`${workOrders.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`, visible));
}
