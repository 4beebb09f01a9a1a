import { and, eq, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Caller } from '../../core/auth/caller';
import type { Ctx } from '../../core/context';
import { createdBy, nowIso, updatedBy } from '../../core/db/columns';
import { conflict, notFound } from '../../core/errors';
import { commit } from '../../core/events/outbox';
import { scopeOf } from '../../core/tenancy/scope';
import { getLiveUser } from '../../core/tenancy/tenancy.queries';
import { cmmsEvents } from './cmms.events';
import { assetForPortal, getRequest, listRequests, toRequest, toWorkOrder } from './cmms.queries';
import type { convertBody, declineBody, publicRequestCreate, requestCreate, requestListQuery, requestPatch } from './cmms.schemas';
import { checkAsset, checkAssignees, isUniqueViolation, managesCmms } from './cmms.service';
import { checkContractor, insertWorkOrder } from './cmms.workorders';
import { requests, workOrders, type RequestRow } from './cmms.table';

type In<T extends z.ZodType> = z.output<T>;

const requestEvent = (r: { id: string; companyId: string; title: string; assetId: string | null; requesterName: string }, actorId: string | null) =>
  cmmsEvents.event('cmms.request.created', r.companyId, { requestId: r.id, title: r.title, assetId: r.assetId, requesterName: r.requesterName, actorId });

async function insertRequest(ctx: Ctx, values: typeof requests.$inferInsert & { id: string; companyId: string; title: string; requesterName: string }, actorId: string | null) {
  const [[row]] = await commit(ctx, [ctx.db.insert(requests).values(values).returning()], [requestEvent({ ...values, assetId: values.assetId ?? null }, actorId)]);
  return row!;
}

// ── The public portal (no login) ─────────────────────────────────────────────────────────────────────────────────

export async function publicAsset(ctx: Ctx, token: string) {
  const found = await assetForPortal(ctx.db, token);
  if (!found) throw notFound('Asset');
  return { assetName: found.asset.name, companyName: found.companyName };
}

export async function publicRequest(ctx: Ctx, token: string, body: In<typeof publicRequestCreate>) {
  const found = await assetForPortal(ctx.db, token);
  if (!found) throw notFound('Asset');
  const now = nowIso();
  const row = await insertRequest(
    ctx,
    {
      id: crypto.randomUUID(),
      companyId: found.asset.companyId,
      assetId: found.asset.id,
      title: body.title,
      description: body.description,
      requesterName: body.requesterName,
      requesterEmail: body.requesterEmail ?? null,
      requesterId: null,
      status: 'new',
      createdAt: now,
      updatedAt: now,
    },
    null,
  );
  return { id: row.id, title: row.title, description: row.description, requesterName: row.requesterName, requesterEmail: row.requesterEmail, status: row.status, createdAt: row.createdAt };
}

// ── Members and admins ───────────────────────────────────────────────────────────────────────────────────────────

async function visibleRequest(ctx: Ctx, caller: Caller, id: string) {
  const found = await getRequest(ctx.db, scopeOf(caller), id, managesCmms(caller));
  if (!found) throw notFound('Request');
  return found;
}

export const list = (ctx: Ctx, caller: Caller, q: In<typeof requestListQuery>) => listRequests(ctx.db, scopeOf(caller), managesCmms(caller), q);

export async function get(ctx: Ctx, caller: Caller, id: string) {
  const found = await visibleRequest(ctx, caller, id);
  return toRequest(found.r, found.assetName);
}

/** A member files a request in their own name (an API key in the integration's name). */
export async function create(ctx: Ctx, caller: Caller, body: In<typeof requestCreate>) {
  const asset = await checkAsset(ctx.db, caller.companyId, body.assetId, 'assetId');
  const user = caller.kind === 'user' ? await getLiveUser(ctx.db, caller.id) : undefined;
  const row = await insertRequest(
    ctx,
    {
      id: crypto.randomUUID(),
      companyId: caller.companyId,
      assetId: body.assetId ?? null,
      title: body.title,
      description: body.description,
      requesterName: user?.name ?? 'API integration',
      requesterEmail: user?.email ?? null,
      requesterId: user?.id ?? null,
      status: 'new',
      ...createdBy(caller.id),
    },
    caller.id,
  );
  return toRequest(row, asset?.name ?? null);
}

const stillNew = (r: RequestRow) => conflict(`This request was already ${r.status}`);

export async function update(ctx: Ctx, caller: Caller, id: string, patch: In<typeof requestPatch>) {
  const { r } = await visibleRequest(ctx, caller, id);
  if (r.status !== 'new') throw stillNew(r);
  const asset = patch.assetId ? await checkAsset(ctx.db, r.companyId, patch.assetId, 'assetId') : undefined;
  const [[row]] = await commit(ctx, [
    ctx.db
      .update(requests)
      .set({ ...patch, ...updatedBy(caller.id) })
      .where(and(eq(requests.id, r.id), eq(requests.status, 'new'), isNull(requests.deletedAt)))
      .returning(),
  ]);
  if (!row) throw conflict('The request changed meanwhile; reload and try again');
  return get(ctx, caller, row.id).then((fresh) => ({ ...fresh, assetName: asset?.name ?? fresh.assetName }));
}

export async function remove(ctx: Ctx, caller: Caller, id: string) {
  const found = await visibleRequest(ctx, caller, id);
  const now = nowIso();
  const [[row]] = await commit(ctx, [ctx.db.update(requests).set({ deletedAt: now, ...updatedBy(caller.id, now) }).where(eq(requests.id, found.r.id)).returning()]);
  return toRequest(row!, found.assetName);
}

/**
 * Turns a new request into a work order (type "request") in one transaction: the work order is inserted only while
 * the request is still new, and the request becomes converted with its id. Converting twice, or after a decline, is
 * 409 and writes nothing.
 */
export async function convert(ctx: Ctx, caller: Caller, id: string, body: In<typeof convertBody>) {
  const { r } = await visibleRequest(ctx, caller, id);
  if (r.status !== 'new') throw stillNew(r);
  const asset = r.assetId ? await checkAsset(ctx.db, r.companyId, r.assetId, 'assetId').catch(() => undefined) : undefined;
  await checkAssignees(ctx.db, r.companyId, body.assigneeIds);
  await checkContractor(ctx, r.companyId, body.contractorCompanyId);
  const workOrderId = crypto.randomUUID();
  const now = nowIso();
  const isNew = sql`EXISTS (SELECT 1 FROM ${requests} WHERE ${requests.id} = ${r.id} AND ${requests.status} = 'new' AND ${requests.deletedAt} IS NULL)`;
  const { row } = await insertWorkOrder(
    ctx,
    caller.id,
    {
      id: workOrderId,
      companyId: r.companyId,
      title: r.title,
      description: r.description,
      assetId: asset?.id ?? null,
      locationId: asset?.locationId ?? null,
      priority: body.priority ?? 'medium',
      type: 'request',
      status: 'open',
      assigneeIds: body.assigneeIds ?? [],
      contractorCompanyId: body.contractorCompanyId ?? null,
      dueAt: body.dueAt ?? null,
      checklist: [],
      requestId: r.id,
      ...createdBy(caller.id, now),
    },
    {
      onlyIf: isNew,
      writes: [
        ctx.db
          .update(requests)
          .set({ status: 'converted', workOrderId, ...updatedBy(caller.id, now) })
          .where(and(eq(requests.id, r.id), eq(requests.status, 'new'), sql`EXISTS (SELECT 1 FROM ${workOrders} WHERE ${workOrders.id} = ${workOrderId})`)),
      ],
    },
  ).catch((err: unknown) => {
    // The unique index on request_id: another conversion of this request won.
    if (isUniqueViolation(err, 'cmms_workorders.request_id')) throw conflict('This request was already converted');
    throw err;
  });
  if (!row) {
    const fresh = await visibleRequest(ctx, caller, id);
    throw stillNew(fresh.r);
  }
  return toWorkOrder(row, { assetName: asset?.name ?? null });
}

export async function decline(ctx: Ctx, caller: Caller, id: string, body: In<typeof declineBody>) {
  const found = await visibleRequest(ctx, caller, id);
  if (found.r.status !== 'new') throw stillNew(found.r);
  const [[row]] = await commit(ctx, [
    ctx.db
      .update(requests)
      .set({ status: 'declined', declineReason: body.reason, ...updatedBy(caller.id) })
      .where(and(eq(requests.id, found.r.id), eq(requests.status, 'new'), isNull(requests.deletedAt)))
      .returning(),
  ]);
  if (!row) throw stillNew((await visibleRequest(ctx, caller, id)).r);
  return toRequest(row, found.assetName);
}
