import { and, eq, inArray, isNull, notInArray, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { z } from 'zod';
import type { Caller } from '../../core/auth/caller';
import type { Ctx } from '../../core/context';
import { createdBy, nowIso, updatedBy } from '../../core/db/columns';
import type { Db } from '../../core/env';
import { ApiError, badRequest, conflict, forbidden, notFound } from '../../core/errors';
import { commit, when, type ConditionalEvent } from '../../core/events/outbox';
import { scopeOf } from '../../core/tenancy/scope';
import { activePartnerIds } from '../../core/tenancy/tenancy.queries';
import { users } from '../../core/tenancy/tenancy.table';
import { cmmsEvents, type CmmsEvent } from './cmms.events';
import { contractorAudience, nextNumber, numberData } from './cmms.pm';
import {
  contractedTo,
  getContractedWorkOrder,
  getWorkOrder,
  listContracted,
  listWorkOrders,
  toNote,
  toPartUse,
  toTimeLog,
  toWorkOrder,
  workOrderExtras,
} from './cmms.queries';
import type { checklistBody, ContractedListQuery, noteBody, partUseBody, statusBody, timeBody, WorkOrderCreate, WorkOrderListQuery, WorkOrderPatch } from './cmms.schemas';
import { checkAsset, checkAssignees, checkLocation, lowStockEvent, managesCmms } from './cmms.service';
import { insertIf, sqlAddDays, workOrderNumber } from './cmms.helpers';
import { meters, notes, OPEN_STATUSES, partUses, parts, requests, schedules, timeLogs, workOrders, type WorkOrderRow, type WorkOrderStatus } from './cmms.table';

type In<T extends z.ZodType> = z.output<T>;

/**
 * Who acts on a work order: someone of the owner company (a manager, or a technician it is assigned to), or the
 * contractor company it is contracted to (while the partnership is active).
 */
type Side = 'owner' | 'contractor';

interface Target {
  row: WorkOrderRow;
  assetName: string | null;
  side: Side;
  /** The owner company's name, for the contractor's view. */
  companyName?: string;
  manager: boolean;
  /** The same right as a condition inside the write (so an assignment or partnership that ends meanwhile counts). */
  access: SQL | undefined;
}

const assigned = (userId: string) => sql`EXISTS (SELECT 1 FROM json_each(${workOrders.assigneeIds}) WHERE json_each.value = ${userId})`;

/** The work order as the caller's side sees it (404 if invisible there); `work`: the caller must be allowed to act on it (403). */
async function target(ctx: Ctx, caller: Caller, id: string, side: Side, work: boolean): Promise<Target> {
  if (side === 'contractor') {
    const found = await getContractedWorkOrder(ctx.db, caller.companyId, id);
    if (!found) throw notFound('Work order');
    return { row: found.w, assetName: found.assetName, side, companyName: found.companyName, manager: false, access: contractedTo(ctx.db, caller.companyId) };
  }
  const found = await getWorkOrder(ctx.db, scopeOf(caller), id);
  if (!found) throw notFound('Work order');
  const manager = managesCmms(caller);
  if (work && !manager && !found.w.assigneeIds.includes(caller.id)) throw forbidden('Only the people assigned to this work order (or an admin) can change it');
  return { row: found.w, assetName: found.assetName, side, manager, access: manager ? undefined : assigned(caller.id) };
}

/** The work order still visible to the caller's side and still theirs to act on, inside a write. */
const stillActs = (t: Target, extra?: SQL) =>
  sql`EXISTS (SELECT 1 FROM ${workOrders} WHERE ${and(eq(workOrders.id, t.row.id), isNull(workOrders.deletedAt), t.access, extra)})`;

/** A work-order event, heard by the owner company and (while it is an active partner) its contractor. */
async function workOrderEvent(ctx: Ctx, type: CmmsEvent, wo: WorkOrderRow, data: Record<string, unknown>, alsoContractors: (string | null)[] = []) {
  const partners = await contractorAudience(ctx, wo.companyId, [wo.contractorCompanyId, ...alsoContractors]);
  return cmmsEvents.event(
    type,
    wo.companyId,
    {
      workOrderId: wo.id,
      number: workOrderNumber(wo.number),
      title: wo.title,
      status: wo.status,
      assigneeIds: wo.assigneeIds,
      contractorCompanyId: wo.contractorCompanyId,
      createdBy: wo.createdBy,
      ...data,
    },
    { partners },
  );
}

export async function checkContractor(ctx: Ctx, companyId: string, contractorId: string | null | undefined, path = 'contractorCompanyId') {
  if (!contractorId) return;
  if (!(await activePartnerIds(ctx.db, companyId)).includes(contractorId)) throw badRequest(`Invalid ${path}: the contractor must be a company in an active partnership with yours`, path);
}

const labelsToChecklist = (labels: string[]) => labels.map((label) => ({ label, done: false }));

// ── Reads ────────────────────────────────────────────────────────────────────────────────────────────────────────

export const list = (ctx: Ctx, caller: Caller, q: WorkOrderListQuery) => listWorkOrders(ctx.db, scopeOf(caller), q);

export async function get(ctx: Ctx, caller: Caller, id: string) {
  const t = await target(ctx, caller, id, 'owner', false);
  return { ...toWorkOrder(t.row, { assetName: t.assetName }), ...(await workOrderExtras(ctx.db, t.row.id, true)) };
}

export const contracted = (ctx: Ctx, caller: Caller, q: ContractedListQuery) => listContracted(ctx.db, caller.companyId, q);

export async function getContracted(ctx: Ctx, caller: Caller, id: string) {
  const found = await getContractedWorkOrder(ctx.db, caller.companyId, id);
  if (!found) throw notFound('Work order');
  const { parts: _ownerInventory, ...extras } = await workOrderExtras(ctx.db, found.w.id, false);
  return { ...toWorkOrder(found.w, { assetName: found.assetName, companyName: found.companyName }), ...extras };
}

// ── Create, change, delete (managers) ────────────────────────────────────────────────────────────────────────────

/**
 * Inserts a work order with the company's next number (allocated inside the insert: no gaps, no duplicates, however
 * many are created at once) and its created event, which learns the number from the inserted row. `extra` writes and
 * events join the same transaction (e.g. the request it converts).
 */
export async function insertWorkOrder(
  ctx: Ctx,
  actorId: string | null,
  values: Omit<typeof workOrders.$inferInsert, 'number' | 'seq'> & { id: string; companyId: string },
  extra: { writes?: BatchItem<'sqlite'>[]; events?: ConditionalEvent[]; onlyIf?: SQL } = {},
) {
  const preview = { ...values, number: 0, assigneeIds: values.assigneeIds ?? [], contractorCompanyId: values.contractorCompanyId ?? null, createdBy: actorId } as WorkOrderRow;
  const ev = await workOrderEvent(ctx, 'cmms.workorder.created', preview, {
    type: values.type,
    priority: values.priority ?? 'medium',
    assetId: values.assetId ?? null,
    scheduleId: values.scheduleId ?? null,
    requestId: values.requestId ?? null,
    actorId,
  });
  const row = { ...values, number: sql`(${nextNumber(values.companyId)})` };
  const insert = extra.onlyIf ? insertIf(ctx.db, workOrders, row, extra.onlyIf).returning() : ctx.db.insert(workOrders).values(row).returning();
  const [inserted, ...rest] = (await commit(ctx, [insert, ...(extra.writes ?? [])] as unknown as [typeof insert], [
    when(ev, workOrders, eq(workOrders.id, values.id), numberData),
    ...(extra.events ?? []),
  ])) as unknown as [WorkOrderRow[], ...unknown[][]];
  return { row: inserted[0], rest };
}

export async function create(ctx: Ctx, caller: Caller, body: WorkOrderCreate) {
  const companyId = caller.companyId;
  const asset = await checkAsset(ctx.db, companyId, body.assetId, 'assetId');
  await checkLocation(ctx.db, companyId, body.locationId, 'locationId');
  await checkAssignees(ctx.db, companyId, body.assigneeIds);
  await checkContractor(ctx, companyId, body.contractorCompanyId);
  const { row } = await insertWorkOrder(ctx, caller.id, {
    id: crypto.randomUUID(),
    companyId,
    title: body.title,
    description: body.description,
    assetId: body.assetId ?? null,
    locationId: body.locationId ?? asset?.locationId ?? null,
    priority: body.priority,
    type: body.type,
    status: 'open',
    assigneeIds: body.assigneeIds,
    contractorCompanyId: body.contractorCompanyId ?? null,
    dueAt: body.dueAt ?? null,
    checklist: labelsToChecklist(body.checklist),
    ...createdBy(caller.id),
  });
  return toWorkOrder(row!, { assetName: asset?.name ?? null });
}

/** Statuses in which a work order is finished with: it can still be read and annotated, not changed. */
const FINISHED: WorkOrderStatus[] = ['closed', 'cancelled'];

export async function update(ctx: Ctx, caller: Caller, id: string, patch: WorkOrderPatch) {
  const t = await target(ctx, caller, id, 'owner', true);
  const wo = t.row;
  if (FINISHED.includes(wo.status)) throw conflict(`A ${wo.status} work order cannot be changed`);
  if (patch.checklist && !(OPEN_STATUSES as readonly string[]).includes(wo.status)) throw conflict(`The checklist of a ${wo.status} work order cannot be replaced`);
  const asset = patch.assetId ? await checkAsset(ctx.db, wo.companyId, patch.assetId, 'assetId') : undefined;
  await checkLocation(ctx.db, wo.companyId, patch.locationId, 'locationId');
  await checkAssignees(ctx.db, wo.companyId, patch.assigneeIds);
  await checkContractor(ctx, wo.companyId, patch.contractorCompanyId);
  const now = nowIso();
  const token = crypto.randomUUID();
  const { checklist, ...fields } = patch;
  const changes = { ...fields, ...(checklist ? { checklist: labelsToChecklist(checklist) } : {}), writeToken: token, ...updatedBy(caller.id, now) };
  const after = { ...wo, ...changes } as WorkOrderRow;
  const addedAssigneeIds = (patch.assigneeIds ?? []).filter((u) => !wo.assigneeIds.includes(u));
  const contractorAdded = patch.contractorCompanyId !== undefined && patch.contractorCompanyId !== null && patch.contractorCompanyId !== wo.contractorCompanyId;
  const contractorChanged = patch.contractorCompanyId !== undefined && patch.contractorCompanyId !== wo.contractorCompanyId;
  const events =
    addedAssigneeIds.length > 0 || contractorChanged || (patch.assigneeIds && patch.assigneeIds.length !== wo.assigneeIds.length)
      ? [
          when(
            // A contractor taken off the work order hears it once more (then it is gone from its list).
            await workOrderEvent(ctx, 'cmms.workorder.assigned', after, { addedAssigneeIds, contractorAdded, actorId: caller.id }, [wo.contractorCompanyId]),
            workOrders,
            and(eq(workOrders.id, wo.id), eq(workOrders.writeToken, token))!,
          ),
        ]
      : [];
  const [[row]] = await commit(
    ctx,
    [ctx.db.update(workOrders).set(changes).where(and(eq(workOrders.id, wo.id), isNull(workOrders.deletedAt), notInArray(workOrders.status, FINISHED))).returning()],
    events,
  );
  if (!row) throw conflict('The work order changed meanwhile; reload and try again');
  return toWorkOrder(row, { assetName: asset ? asset.name : patch.assetId === null ? null : t.assetName });
}

/**
 * A PM schedule with basis "completion" waits for its generated work order: completing (or cancelling, or deleting)
 * that work order sets the next due point from now (its interval from today, and from the meter's current reading).
 */
const rescheduleOnClose = (db: Db, workOrderId: string, now: string) =>
  db
    .update(schedules)
    .set({
      nextDueAt: sql`CASE WHEN ${schedules.everyDays} IS NULL THEN NULL ELSE ${sqlAddDays(now, sql`${schedules.everyDays}`)} END`,
      generateAt: sql`CASE WHEN ${schedules.everyDays} IS NULL THEN NULL ELSE ${sqlAddDays(now, sql`${schedules.everyDays} - ${schedules.leadDays}`)} END`,
      nextDueMeter: sql`CASE WHEN ${schedules.everyMeterUnits} IS NULL THEN NULL ELSE coalesce((SELECT ${meters.lastReading} FROM ${meters} WHERE ${meters.id} = ${schedules.meterId}), 0) + ${schedules.everyMeterUnits} END`,
      awaitingWorkOrderId: null,
      version: sql`${schedules.version} + 1`,
      updatedAt: now,
    })
    .where(
      and(
        eq(schedules.awaitingWorkOrderId, workOrderId),
        sql`EXISTS (SELECT 1 FROM ${workOrders} WHERE ${workOrders.id} = ${workOrderId} AND (${workOrders.status} IN ('complete', 'cancelled') OR ${workOrders.deletedAt} IS NOT NULL))`,
      ),
    );

export async function remove(ctx: Ctx, caller: Caller, id: string) {
  const t = await target(ctx, caller, id, 'owner', true);
  const now = nowIso();
  const [[row]] = await commit(ctx, [
    ctx.db.update(workOrders).set({ deletedAt: now, ...updatedBy(caller.id, now) }).where(eq(workOrders.id, t.row.id)).returning(),
    rescheduleOnClose(ctx.db, t.row.id, now),
  ]);
  return toWorkOrder(row!, { assetName: t.assetName });
}

/** The member who filed a request (told when its work order is completed). */
async function requesterOf(db: Db, requestId: string) {
  const [row] = await db.select({ id: requests.requesterId }).from(requests).where(eq(requests.id, requestId)).limit(1);
  return row?.id ?? null;
}

// ── The status flow ──────────────────────────────────────────────────────────────────────────────────────────────

interface Transition {
  from: readonly WorkOrderStatus[];
  /** `worker`: assignees, the contractor and managers; `manager`: admins only (sign-off and cancellation). */
  by: 'worker' | 'manager';
  /** A reason is required (kept as onHoldReason); cancelling keeps one when given (cancelReason). */
  reason?: true;
  /** Every checklist item must be done. */
  checklist?: true;
}

/**
 * The work-order state machine: every allowed move, keyed by the status it leads to, applied by one function.
 * open → in_progress → complete → closed; in_progress ↔ on_hold (with a reason); open | in_progress | on_hold →
 * cancelled (a reason optional). Anything else is 409; the move is guarded in SQL by its `from` statuses.
 */
export const TRANSITIONS = {
  in_progress: { from: ['open', 'on_hold'], by: 'worker' },
  on_hold: { from: ['in_progress'], by: 'worker', reason: true },
  complete: { from: ['in_progress'], by: 'worker', checklist: true },
  closed: { from: ['complete'], by: 'manager' },
  cancelled: { from: ['open', 'in_progress', 'on_hold'], by: 'manager' },
} as const satisfies Partial<Record<WorkOrderStatus, Transition>>;

type Target_ = keyof typeof TRANSITIONS;
const isTarget = (s: WorkOrderStatus): s is Target_ => s in TRANSITIONS;

const checklistDone = sql`NOT EXISTS (SELECT 1 FROM json_each(${workOrders.checklist}) WHERE json_extract(json_each.value, '$.done') IS NOT 1)`;

/** Decides a move against the work order as read: the error a refused move gets, or the transition. */
function decide(t: Target, to: WorkOrderStatus, reason: string | undefined): Transition {
  const wo = t.row;
  if (!isTarget(to)) throw conflict(`A work order cannot be moved back to ${to}`);
  const rule: Transition = TRANSITIONS[to];
  if (rule.by === 'manager' && !t.manager) throw forbidden(t.side === 'contractor' ? 'Only the owner company can close or cancel this work order' : 'Only an admin can close or cancel a work order');
  // A move the state machine forbids is 409 whatever the body; only an allowed one is checked for its reason.
  if (!rule.from.includes(wo.status)) throw conflict(`A work order that is ${wo.status.replace('_', ' ')} cannot become ${to.replace('_', ' ')}`);
  if (rule.reason && !reason) throw badRequest('Invalid reason: a reason is required to put a work order on hold', 'reason');
  if (rule.checklist && wo.checklist.some((i) => !i.done)) throw conflict('Every checklist item must be done before the work order is complete');
  return rule;
}

export async function changeStatus(ctx: Ctx, caller: Caller, id: string, body: In<typeof statusBody>, side: Side) {
  const t = await target(ctx, caller, id, side, true);
  const wo = t.row;
  const to = body.status;
  const rule = decide(t, to, body.reason);
  const now = nowIso();
  const token = crypto.randomUUID();
  const fields = {
    status: to,
    ...(to === 'in_progress' ? { startedAt: sql`coalesce(${workOrders.startedAt}, ${now})`, onHoldReason: null } : {}),
    ...(to === 'on_hold' ? { onHoldReason: body.reason! } : {}),
    ...(to === 'complete' ? { completedAt: now } : {}),
    ...(to === 'cancelled' ? { cancelReason: body.reason ?? null, onHoldReason: null } : {}),
    writeToken: token,
    ...updatedBy(caller.id, now),
  };
  const after = { ...wo, status: to } as WorkOrderRow;
  const requesterId = to === 'complete' && wo.requestId ? await requesterOf(ctx.db, wo.requestId) : null;
  const data = { from: wo.status, reason: body.reason ?? null, actorId: caller.id, actorCompanyId: caller.companyId, requesterId };
  const applied = and(eq(workOrders.id, wo.id), eq(workOrders.writeToken, token))!;
  const events = [when(await workOrderEvent(ctx, 'cmms.workorder.status_changed', after, data), workOrders, applied)];
  if (to === 'complete') events.push(when(await workOrderEvent(ctx, 'cmms.workorder.completed', after, data), workOrders, applied));
  const [[row]] = await commit(
    ctx,
    [
      ctx.db
        .update(workOrders)
        .set(fields)
        .where(and(eq(workOrders.id, wo.id), isNull(workOrders.deletedAt), inArray(workOrders.status, [...rule.from]), t.access, rule.checklist ? checklistDone : undefined))
        .returning(),
      rescheduleOnClose(ctx.db, wo.id, now),
    ],
    events,
  );
  if (!row) {
    // Refused inside the transaction: say why from the work order as it is now.
    decide(await target(ctx, caller, id, side, true), to, body.reason);
    throw conflict('The work order changed meanwhile; reload and try again');
  }
  return toWorkOrder(row, { assetName: t.assetName, ...(t.companyName !== undefined ? { companyName: t.companyName } : {}) });
}

// ── Checklist, time, parts, notes ────────────────────────────────────────────────────────────────────────────────

export async function setChecklistItem(ctx: Ctx, caller: Caller, id: string, body: In<typeof checklistBody>, side: Side) {
  const t = await target(ctx, caller, id, side, true);
  const wo = t.row;
  if (body.index >= wo.checklist.length) throw badRequest(`Invalid index: the checklist has ${wo.checklist.length} item(s)`, 'index');
  if (!(OPEN_STATUSES as readonly string[]).includes(wo.status)) throw conflict(`The checklist of a ${wo.status} work order cannot change`);
  const now = nowIso();
  const [[row]] = await commit(ctx, [
    ctx.db
      .update(workOrders)
      // One item changes in place (json_set), so concurrent ticks of different items never overwrite each other.
      .set({ checklist: sql`json_set(${workOrders.checklist}, ${`$[${body.index}].done`}, json(${body.done ? 'true' : 'false'}))`, ...updatedBy(caller.id, now) })
      .where(
        and(
          eq(workOrders.id, wo.id),
          isNull(workOrders.deletedAt),
          inArray(workOrders.status, [...OPEN_STATUSES]),
          sql`json_array_length(${workOrders.checklist}) > ${body.index}`,
          t.access,
        ),
      )
      .returning(),
  ]);
  if (!row) throw conflict('The work order changed meanwhile; reload and try again');
  return toWorkOrder(row, { assetName: t.assetName, ...(t.companyName !== undefined ? { companyName: t.companyName } : {}) });
}

/** After a refused annotation: why, from the work order as it is now. */
async function refusal(ctx: Ctx, caller: Caller, id: string, side: Side, what: string): Promise<ApiError> {
  const fresh = await target(ctx, caller, id, side, true);
  return conflict(FINISHED.includes(fresh.row.status) ? `Cannot add ${what} to a ${fresh.row.status} work order` : 'The work order changed meanwhile; reload and try again');
}

export async function logTime(ctx: Ctx, caller: Caller, id: string, body: In<typeof timeBody>, side: Side) {
  const t = await target(ctx, caller, id, side, true);
  if (FINISHED.includes(t.row.status)) throw conflict(`Cannot log time on a ${t.row.status} work order`);
  const row = { id: crypto.randomUUID(), companyId: t.row.companyId, workOrderId: t.row.id, userId: caller.id, userCompanyId: caller.companyId, minutes: body.minutes, note: body.note ?? null, createdAt: nowIso() };
  const [inserted] = await commit(ctx, [
    insertIf(ctx.db, timeLogs, row, stillActs(t, notInArray(workOrders.status, FINISHED))).returning(),
  ]);
  if (inserted.length === 0) throw await refusal(ctx, caller, id, side, 'time');
  return toTimeLog(inserted[0]!, await userName(ctx, caller));
}

export async function addNote(ctx: Ctx, caller: Caller, id: string, body: In<typeof noteBody>, side: Side) {
  const t = await target(ctx, caller, id, side, true);
  const row = { id: crypto.randomUUID(), companyId: t.row.companyId, workOrderId: t.row.id, authorId: caller.id, authorCompanyId: caller.companyId, body: body.body, createdAt: nowIso() };
  const [inserted] = await commit(ctx, [
    insertIf(ctx.db, notes, row, stillActs(t)).returning(),
  ]);
  if (inserted.length === 0) throw await refusal(ctx, caller, id, side, 'a note');
  return toNote(inserted[0]!, await userName(ctx, caller));
}

async function userName(ctx: Ctx, caller: Caller): Promise<string | null> {
  if (caller.kind !== 'user') return null;
  const [row] = await ctx.db.select({ name: users.name }).from(users).where(eq(users.id, caller.id)).limit(1);
  return row?.name ?? null;
}

/**
 * Uses parts on a work order: the part's stock goes down in the same transaction as the use is recorded, only if
 * enough is in stock (never below zero) and the work order still takes parts; reaching the part's minimum emits
 * low_stock. Contractors cannot use the owner's parts.
 */
export async function useParts(ctx: Ctx, caller: Caller, id: string, body: In<typeof partUseBody>) {
  const t = await target(ctx, caller, id, 'owner', true);
  const wo = t.row;
  if (FINISHED.includes(wo.status)) throw conflict(`Cannot use parts on a ${wo.status} work order`);
  const [part] = await ctx.db.select().from(parts).where(and(eq(parts.id, body.partId), eq(parts.companyId, wo.companyId), isNull(parts.deletedAt))).limit(1);
  if (!part) throw badRequest('Invalid partId: no such part in this company', 'partId');
  if (part.stock < body.quantity) throw conflict(`Only ${part.stock} of ${part.name} in stock`);
  const token = crypto.randomUUID();
  const now = nowIso();
  const useId = crypto.randomUUID();
  const taken = sql`EXISTS (SELECT 1 FROM ${parts} WHERE ${parts.id} = ${part.id} AND ${parts.writeToken} = ${token})`;
  const [stock, used] = await commit(
    ctx,
    [
      ctx.db
        .update(parts)
        .set({ stock: sql`${parts.stock} - ${body.quantity}`, writeToken: token, updatedAt: now })
        .where(and(eq(parts.id, part.id), isNull(parts.deletedAt), sql`${parts.stock} >= ${body.quantity}`, stillActs(t, notInArray(workOrders.status, FINISHED))))
        .returning({ stock: parts.stock }),
      insertIf(
        ctx.db,
        partUses,
        {
          id: useId,
          companyId: wo.companyId,
          workOrderId: wo.id,
          partId: part.id,
          quantity: body.quantity,
          // The part's cost at the time of use, read in the same transaction.
          unitCost: sql`SELECT ${parts.unitCost} FROM ${parts} WHERE ${parts.id} = ${part.id}`,
          currency: sql`SELECT ${parts.currency} FROM ${parts} WHERE ${parts.id} = ${part.id}`,
          createdAt: now,
          createdBy: caller.id,
        },
        taken,
      ).returning(),
      ctx.db.update(workOrders).set(updatedBy(caller.id, now)).where(and(eq(workOrders.id, wo.id), taken)),
    ],
    [lowStockEvent(part, token, sql`${parts.stock} + ${body.quantity}`, caller.id)],
  );
  if (stock.length === 0) {
    const [fresh] = await ctx.db.select({ stock: parts.stock, deletedAt: parts.deletedAt }).from(parts).where(eq(parts.id, part.id));
    if (!fresh || fresh.deletedAt) throw badRequest('Invalid partId: no such part in this company', 'partId');
    if (fresh.stock < body.quantity) throw conflict(`Only ${fresh.stock} of ${part.name} in stock`);
    throw await refusal(ctx, caller, id, 'owner', 'parts');
  }
  return toPartUse(used[0]!, part.name, stock[0]!.stock);
}
