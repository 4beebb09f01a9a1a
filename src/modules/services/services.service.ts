import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Caller } from '../../core/auth/caller';
import { isStaff } from '../../core/auth/roles';
import type { Ctx } from '../../core/context';
import { createdBy, nowIso, updatedBy } from '../../core/db/columns';
import { badRequest, conflict, forbidden, notFound } from '../../core/errors';
import { commit, when } from '../../core/events/outbox';
import type { PendingEvent } from '../../core/events/types';
import { scopeOf } from '../../core/tenancy/scope';
import { activePartnerIds } from '../../core/tenancy/tenancy.queries';
import { companies } from '../../core/tenancy/tenancy.table';
import { getSettings } from '../settings/settings.queries';
import { serviceEvents } from './services.events';
import {
  findLiveProposal,
  getLiveService,
  getProposal,
  getVisibleEngagement,
  getVisibleOffering,
  getVisibleService,
  listCompanyProposals,
  listEngagements as listEngagementRows,
  listOfferings as listOfferingRows,
  listServiceProposals,
  listServices,
  liveProposalCount,
  proposalOf,
  submittedCount,
  submittedProposals,
  toEngagement,
  toOffering,
  toProposal,
  toReview,
  toService,
  typeFlags,
} from './services.queries';
import type {
  engagementListQuery,
  myProposalsQuery,
  offeringCreate,
  offeringListQuery,
  offeringPatch,
  proposalCreate,
  proposalListQuery,
  proposalPatch,
  reviewBody,
  serviceCreate,
  ServiceListQuery,
  servicePatch,
} from './services.schemas';
import { companyRatings, engagements, offerings, proposals, serviceRequests, serviceReviews, type ServiceRow } from './services.table';

type ServiceEvent = keyof typeof serviceEvents.specs;

// ——— fee ———

/** The platform fee on a price (the provider pays it): `round(price × percent / 100)`, and what the provider nets. */
export const feeOf = (price: number, feePercent: number) => {
  const feeAmount = Math.round((price * feePercent) / 100);
  return { feePercent, feeAmount, netAmount: price - feeAmount };
};

export async function feePreview(ctx: Ctx, price: number) {
  const { serviceFeePercent } = await getSettings(ctx.db);
  return { price, ...feeOf(price, serviceFeePercent) };
}

/** D1 reports a unique index violation as an error whose message names the constraint. */
const isUniqueViolation = (err: unknown) => {
  const text = (e: unknown): string => (e instanceof Error ? `${e.message} ${text(e.cause)}` : '');
  return /UNIQUE constraint failed/i.test(text(err));
};

// ——— service requests ———

/** A request event; partner companies hear it only while the request is shared with partners (decided now, from D1). */
async function serviceEvent(ctx: Ctx, type: ServiceEvent, service: ServiceRow, data: Record<string, unknown>) {
  const partners = service.isPartners === 1 ? await activePartnerIds(ctx.db, service.companyId) : [];
  return serviceEvents.event(type, service.companyId, { serviceId: service.id, title: service.title, ...data }, { partners });
}

/** The request exists for the caller (else 404) and the caller may manage it (else 403: visible but not theirs). */
async function managedService(ctx: Ctx, caller: Caller, id: string) {
  const service = await getVisibleService(ctx.db, scopeOf(caller), id);
  if (!service) throw notFound('Service request');
  if (!isStaff(caller.role) && service.companyId !== caller.companyId) throw forbidden("You can only manage your own company's service requests");
  return service;
}

const inFuture = (deadline: string | null | undefined) => {
  if (deadline && Date.parse(deadline) <= Date.now()) throw badRequest('Invalid deadline: must be in the future', 'deadline');
};

export const list = (ctx: Ctx, caller: Caller, q: ServiceListQuery) => listServices(ctx.db, scopeOf(caller), q);

export async function get(ctx: Ctx, caller: Caller, id: string) {
  const service = await getVisibleService(ctx.db, scopeOf(caller), id);
  if (!service) throw notFound('Service request');
  return toService(service);
}

export async function create(ctx: Ctx, caller: Caller, body: z.output<typeof serviceCreate>) {
  inFuture(body.deadline);
  const settings = await getSettings(ctx.db);
  const row = {
    id: crypto.randomUUID(),
    companyId: caller.companyId,
    companyName: sql<string>`(SELECT ${companies.name} FROM ${companies} WHERE ${companies.id} = ${caller.companyId})`,
    title: body.title,
    description: body.description,
    category: body.category,
    budgetMin: body.budgetMin ?? null,
    budgetMax: body.budgetMax ?? null,
    currency: body.currency ?? settings.defaultCurrency,
    deadline: body.deadline ?? null,
    ...typeFlags(body.types),
    status: 'open' as const,
    proposalCount: 0,
    awardedProposalId: null,
    ...createdBy(caller.id),
  };
  const preview = { ...row, companyName: '', seq: 0, deletedAt: null } as ServiceRow;
  const ev = await serviceEvent(ctx, 'services.service.created', preview, { types: body.types, category: body.category, actorId: caller.id });
  const [[service]] = await commit(ctx, [ctx.db.insert(serviceRequests).values(row).returning()], [ev]);
  return toService(service!);
}

/**
 * Rejects every submitted proposal of a request that is ending (closed, cancelled, deleted or awarded to another),
 * inside the caller's batch and only if `applied` holds there; one conditional event per proposal read beforehand.
 */
function rejectSubmitted(ctx: Ctx, service: ServiceRow, known: { id: string; companyId: string }[], except: string | undefined, applied: ReturnType<typeof sql>, reason: 'awarded' | 'ended', actorId: string, now: string) {
  const write = ctx.db
    .update(proposals)
    .set({ status: 'rejected', updatedAt: now, updatedBy: actorId })
    .where(and(eq(proposals.serviceId, service.id), eq(proposals.status, 'submitted'), except ? ne(proposals.id, except) : undefined, applied));
  const events = known
    .filter((p) => p.id !== except)
    .map((p) =>
      when(
        serviceEvents.event('services.proposal.rejected', p.companyId, { proposalId: p.id, serviceId: service.id, serviceTitle: service.title, reason, actorId }),
        proposals,
        and(eq(proposals.id, p.id), eq(proposals.status, 'rejected'), eq(proposals.updatedAt, now))!,
      ),
    );
  return { write, events };
}

/** PATCH: changes the request's fields while it is open; `status` closed/cancelled ends it without an award. */
export async function update(ctx: Ctx, caller: Caller, id: string, patch: z.output<typeof servicePatch>) {
  const service = await managedService(ctx, caller, id);
  if (service.status !== 'open') throw conflict(`This service request is ${service.status} and can no longer change`);
  inFuture(patch.deadline);
  const budgetMin = patch.budgetMin !== undefined ? patch.budgetMin : service.budgetMin;
  const budgetMax = patch.budgetMax !== undefined ? patch.budgetMax : service.budgetMax;
  if (budgetMin !== null && budgetMax !== null && budgetMin > budgetMax) throw badRequest('Invalid budgetMin: must not be above budgetMax', 'budgetMin');
  const now = nowIso();
  const { types, ...fields } = patch;
  const set = { ...fields, ...(types ? typeFlags(types) : {}), ...updatedBy(caller.id, now) };
  const ending = patch.status !== undefined;
  const known = ending ? await submittedProposals(ctx.db, service.id) : [];
  const after = { ...service, ...set } as ServiceRow;
  const changes = Object.keys(patch);
  const ev = await serviceEvent(ctx, ending ? 'services.service.closed' : 'services.service.updated', after, { status: after.status, types: toService(after).types, changes, actorId: caller.id });
  const applied = and(eq(serviceRequests.id, service.id), eq(serviceRequests.updatedAt, now), eq(serviceRequests.status, after.status))!;
  const rejected = rejectSubmitted(ctx, service, known, undefined, sql`EXISTS (SELECT 1 FROM ${serviceRequests} WHERE ${applied})`, 'ended', caller.id, now);
  const [updated] = await commit(
    ctx,
    [
      ctx.db
        .update(serviceRequests)
        .set(set)
        .where(
          and(
            eq(serviceRequests.id, service.id),
            eq(serviceRequests.status, 'open'),
            isNull(serviceRequests.deletedAt),
            // Ending it rejects the submitted proposals read above: none may have arrived since.
            ending ? sql`${submittedCount(service.id)} = ${known.length}` : undefined,
          ),
        )
        .returning(),
      rejected.write,
    ],
    [when(ev, serviceRequests, applied), ...(ending ? rejected.events : [])],
  );
  if (updated.length === 0) throw conflict('The service request changed meanwhile; reload and try again');
  return toService(updated[0]!);
}

/** Soft-deletes the request (404 for everyone afterwards); its submitted proposals are rejected. */
export async function remove(ctx: Ctx, caller: Caller, id: string) {
  const service = await managedService(ctx, caller, id);
  const now = nowIso();
  const known = await submittedProposals(ctx.db, service.id);
  const ev = await serviceEvent(ctx, 'services.service.closed', service, { status: service.status, deleted: true, actorId: caller.id });
  const applied = and(eq(serviceRequests.id, service.id), eq(serviceRequests.deletedAt, now))!;
  const rejected = rejectSubmitted(ctx, service, known, undefined, sql`EXISTS (SELECT 1 FROM ${serviceRequests} WHERE ${applied})`, 'ended', caller.id, now);
  const [deleted] = await commit(
    ctx,
    [
      ctx.db
        .update(serviceRequests)
        .set({ deletedAt: now, ...updatedBy(caller.id, now) })
        .where(and(eq(serviceRequests.id, service.id), isNull(serviceRequests.deletedAt), sql`${submittedCount(service.id)} = ${known.length}`))
        .returning(),
      rejected.write,
    ],
    [when(ev, serviceRequests, applied), ...rejected.events],
  );
  if (deleted.length === 0) throw conflict('The service request changed meanwhile; reload and try again');
  return toService(deleted[0]!);
}

// ——— proposals ———

export async function propose(ctx: Ctx, caller: Caller, serviceId: string, body: z.output<typeof proposalCreate>) {
  const service = await getVisibleService(ctx.db, scopeOf(caller), serviceId);
  if (!service) throw notFound('Service request');
  if (service.companyId === caller.companyId) throw forbidden('You cannot send a proposal to your own company’s request');
  if (service.status !== 'open') throw conflict(`This service request is ${service.status} and no longer takes proposals`);
  if (body.currency && body.currency !== service.currency) throw badRequest(`Invalid currency: must be the request's currency (${service.currency})`, 'currency');
  if (await findLiveProposal(ctx.db, service.id, caller.companyId)) throw conflict('Your company already has a proposal for this request (withdraw it to send another)');
  const { serviceFeePercent } = await getSettings(ctx.db);
  const fee = feeOf(body.price, serviceFeePercent);
  const id = crypto.randomUUID();
  const now = nowIso();
  const v = (value: unknown, name: string) => sql`${value}`.as(name);
  // Inserted only while the request is still open and live (read inside the transaction: a proposal can never land
  // on a request that was awarded or ended a moment ago).
  const insert = ctx.db
    .insert(proposals)
    .select(
      ctx.db
        .select({
          id: v(id, 'id'),
          serviceId: v(service.id, 'service_id'),
          companyId: v(caller.companyId, 'company_id'),
          serviceCompanyId: v(service.companyId, 'service_company_id'),
          price: v(body.price, 'price'),
          currency: v(service.currency, 'currency'),
          timelineDays: v(body.timelineDays, 'timeline_days'),
          message: v(body.message, 'message'),
          feePercent: v(fee.feePercent, 'fee_percent'),
          feeAmount: v(fee.feeAmount, 'fee_amount'),
          netAmount: v(fee.netAmount, 'net_amount'),
          status: v('submitted', 'status'),
          createdAt: v(now, 'created_at'),
          updatedAt: v(now, 'updated_at'),
          createdBy: v(caller.id, 'created_by'),
          updatedBy: v(caller.id, 'updated_by'),
        })
        .from(serviceRequests)
        .where(and(eq(serviceRequests.id, service.id), eq(serviceRequests.status, 'open'), isNull(serviceRequests.deletedAt)))
        .limit(1),
    )
    .returning();
  const ev = serviceEvents.event('services.proposal.submitted', service.companyId, {
    proposalId: id,
    serviceId: service.id,
    serviceTitle: service.title,
    proposerCompanyId: caller.companyId,
    price: body.price,
    currency: service.currency,
    timelineDays: body.timelineDays,
    actorId: caller.id,
  });
  try {
    const [[row]] = await commit(
      ctx,
      [insert, ctx.db.update(serviceRequests).set({ proposalCount: liveProposalCount(service.id) }).where(eq(serviceRequests.id, service.id))],
      [when(ev, proposals, eq(proposals.id, id))],
    );
    if (!row) throw conflict('This service request no longer takes proposals');
    const [name] = await ctx.db.select({ name: companies.name }).from(companies).where(eq(companies.id, caller.companyId));
    return toProposal(row, { companyName: name?.name ?? '', serviceTitle: service.title });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('Your company already has a proposal for this request (withdraw it to send another)');
    throw err;
  }
}

/** The requester's company sees every proposal; a proposing company only its own; anyone else 403. */
export async function serviceProposals(ctx: Ctx, caller: Caller, serviceId: string, q: z.output<typeof proposalListQuery>) {
  const service = await getVisibleService(ctx.db, scopeOf(caller), serviceId);
  if (!service) throw notFound('Service request');
  if (isStaff(caller.role) || service.companyId === caller.companyId) return listServiceProposals(ctx.db, service.id, q);
  const [own] = await ctx.db
    .select({ id: proposals.id })
    .from(proposals)
    .where(and(eq(proposals.serviceId, service.id), eq(proposals.companyId, caller.companyId)))
    .limit(1);
  if (!own) throw forbidden('Only the requesting company and companies that sent a proposal can see its proposals');
  return listServiceProposals(ctx.db, service.id, q, caller.companyId);
}

export const mine = (ctx: Ctx, caller: Caller, q: z.output<typeof myProposalsQuery>) => listCompanyProposals(ctx.db, caller.companyId, q);

/** A proposal the caller's company is a party to (proposer or requester; staff: any), else 404. */
async function partyProposal(ctx: Ctx, caller: Caller, id: string) {
  const joined = await getProposal(ctx.db, id);
  const p = joined?.p;
  if (!joined || !p || (!isStaff(caller.role) && p.companyId !== caller.companyId && p.serviceCompanyId !== caller.companyId)) throw notFound('Proposal');
  return joined;
}

/** The proposer's own submitted proposal; the requester (or staff) gets 403. */
async function ownProposal(ctx: Ctx, caller: Caller, id: string) {
  const joined = await partyProposal(ctx, caller, id);
  if (joined.p.companyId !== caller.companyId) throw forbidden('Only the proposing company can change its proposal');
  if (joined.p.status !== 'submitted') throw conflict(`This proposal is ${joined.p.status} and can no longer change`);
  return joined;
}

export async function updateProposal(ctx: Ctx, caller: Caller, id: string, patch: z.output<typeof proposalPatch>) {
  const joined = await ownProposal(ctx, caller, id);
  const p = joined.p;
  const now = nowIso();
  const fee = patch.price !== undefined ? feeOf(patch.price, (await getSettings(ctx.db)).serviceFeePercent) : {};
  const ev = serviceEvents.event('services.proposal.updated', p.serviceCompanyId, {
    proposalId: p.id,
    serviceId: p.serviceId,
    serviceTitle: joined.serviceTitle,
    proposerCompanyId: p.companyId,
    changes: Object.keys(patch),
    actorId: caller.id,
  });
  const [updated] = await commit(
    ctx,
    [
      ctx.db
        .update(proposals)
        .set({ ...patch, ...fee, ...updatedBy(caller.id, now) })
        .where(and(eq(proposals.id, p.id), eq(proposals.status, 'submitted')))
        .returning(),
    ],
    [when(ev, proposals, and(eq(proposals.id, p.id), eq(proposals.updatedAt, now), eq(proposals.status, 'submitted'))!)],
  );
  if (updated.length === 0) throw conflict('The proposal changed meanwhile (it may have been accepted or rejected); reload');
  return proposalOf({ ...joined, p: updated[0]! });
}

export async function withdraw(ctx: Ctx, caller: Caller, id: string) {
  const joined = await ownProposal(ctx, caller, id);
  const p = joined.p;
  const now = nowIso();
  const ev = serviceEvents.event('services.proposal.withdrawn', p.serviceCompanyId, {
    proposalId: p.id,
    serviceId: p.serviceId,
    serviceTitle: joined.serviceTitle,
    proposerCompanyId: p.companyId,
    actorId: caller.id,
  });
  const [updated] = await commit(
    ctx,
    [
      ctx.db
        .update(proposals)
        .set({ status: 'withdrawn', ...updatedBy(caller.id, now) })
        .where(and(eq(proposals.id, p.id), eq(proposals.status, 'submitted')))
        .returning(),
      ctx.db.update(serviceRequests).set({ proposalCount: liveProposalCount(p.serviceId) }).where(eq(serviceRequests.id, p.serviceId)),
    ],
    [when(ev, proposals, and(eq(proposals.id, p.id), eq(proposals.status, 'withdrawn'), eq(proposals.updatedAt, now))!)],
  );
  if (updated.length === 0) throw conflict('The proposal changed meanwhile (it may have been accepted or rejected); reload');
  return proposalOf({ ...joined, p: updated[0]! });
}

/**
 * Accepts a proposal in ONE batch (one transaction): the engagement is inserted — only if, inside the transaction,
 * the proposal is still submitted and unchanged, the request still open, and no proposal arrived since they were
 * read — with the fee computed from the settings now; then, only if that engagement exists, the proposal becomes
 * accepted (with the frozen fee), the request awarded and every other submitted proposal rejected. Of two concurrent
 * accepts on one request (the same proposal or two different ones), the second finds the request awarded: it inserts
 * nothing and answers 409 (the engagement's unique service id is the last line of defence).
 */
export async function accept(ctx: Ctx, caller: Caller, id: string) {
  const joined = await partyProposal(ctx, caller, id);
  const p = joined.p;
  // The requesting company's admins accept; platform staff may too (the permission matrix's DEV/admin row).
  if (p.serviceCompanyId !== caller.companyId && !isStaff(caller.role)) throw forbidden('Only the requesting company can accept a proposal');
  const service = await getLiveService(ctx.db, p.serviceId);
  if (!service) throw notFound('Service request');
  if (service.status !== 'open') throw conflict(`This service request is already ${service.status}`);
  if (p.status !== 'submitted') throw conflict(`This proposal is ${p.status}`);
  const known = await submittedProposals(ctx.db, service.id);
  const { serviceFeePercent } = await getSettings(ctx.db);
  const fee = feeOf(p.price, serviceFeePercent);
  const engagementId = crypto.randomUUID();
  const now = nowIso();
  const v = (value: unknown, name: string) => sql`${value}`.as(name);
  const insert = ctx.db
    .insert(engagements)
    .select(
      ctx.db
        .select({
          id: v(engagementId, 'id'),
          serviceId: v(service.id, 'service_id'),
          proposalId: v(p.id, 'proposal_id'),
          clientCompanyId: v(service.companyId, 'client_company_id'),
          providerCompanyId: v(p.companyId, 'provider_company_id'),
          title: v(service.title, 'title'),
          price: v(p.price, 'price'),
          currency: v(p.currency, 'currency'),
          feePercent: v(fee.feePercent, 'fee_percent'),
          feeAmount: v(fee.feeAmount, 'fee_amount'),
          netAmount: v(fee.netAmount, 'net_amount'),
          status: v('active', 'status'),
          cancelReason: v(null, 'cancel_reason'),
          completedAt: v(null, 'completed_at'),
          cancelledAt: v(null, 'cancelled_at'),
          createdAt: v(now, 'created_at'),
          updatedAt: v(now, 'updated_at'),
          createdBy: v(caller.id, 'created_by'),
          updatedBy: v(caller.id, 'updated_by'),
        })
        .from(proposals)
        .innerJoin(serviceRequests, eq(serviceRequests.id, proposals.serviceId))
        .where(
          and(
            eq(proposals.id, p.id),
            eq(proposals.status, 'submitted'),
            // The price the fee was computed on is the one accepted: an edit in between refuses the accept.
            eq(proposals.updatedAt, p.updatedAt),
            eq(serviceRequests.status, 'open'),
            isNull(serviceRequests.deletedAt),
            sql`${submittedCount(service.id)} = ${known.length}`,
          ),
        )
        .limit(1),
    )
    .returning();
  const inserted = sql`EXISTS (SELECT 1 FROM ${engagements} WHERE ${engagements.id} = ${engagementId})`;
  const rejected = rejectSubmitted(ctx, service, known, p.id, inserted, 'awarded', caller.id, now);
  const ifInserted = (ev: PendingEvent) => when(ev, engagements, eq(engagements.id, engagementId));
  const acceptedEv = serviceEvents.event('services.proposal.accepted', p.companyId, {
    proposalId: p.id,
    serviceId: service.id,
    serviceTitle: service.title,
    engagementId,
    price: p.price,
    currency: p.currency,
    ...fee,
    actorId: caller.id,
  });
  const awarded = { ...service, status: 'awarded', awardedProposalId: p.id, updatedAt: now } as ServiceRow;
  const awardedEv = await serviceEvent(ctx, 'services.service.updated', awarded, { status: 'awarded', changes: ['status', 'awardedProposalId'], engagementId, actorId: caller.id });
  let result;
  try {
    result = await commit(
      ctx,
      [
        insert,
        ctx.db
          .update(proposals)
          .set({ status: 'accepted', ...fee, ...updatedBy(caller.id, now) })
          .where(and(eq(proposals.id, p.id), inserted))
          .returning(),
        rejected.write,
        ctx.db
          .update(serviceRequests)
          .set({ status: 'awarded', awardedProposalId: p.id, ...updatedBy(caller.id, now) })
          .where(and(eq(serviceRequests.id, service.id), inserted)),
      ],
      [ifInserted(acceptedEv), ...rejected.events, ifInserted(awardedEv)],
    );
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('This service request was already awarded');
    throw err;
  }
  const [[engagement], [accepted]] = result;
  if (!engagement || !accepted) {
    const latest = await getLiveService(ctx.db, service.id);
    if (!latest) throw notFound('Service request');
    throw conflict(latest.status !== 'open' ? `This service request is already ${latest.status}` : 'The proposals changed meanwhile; reload and try again');
  }
  return {
    ...proposalOf({ ...joined, p: accepted }),
    engagement: toEngagement({ e: engagement, clientCompanyName: service.companyName, providerCompanyName: joined.companyName, reviewedByClient: 0, reviewedByProvider: 0 }),
  };
}

// ——— engagements ———

export const engagementList = (ctx: Ctx, caller: Caller, q: z.output<typeof engagementListQuery>) => listEngagementRows(ctx.db, scopeOf(caller), q);

async function visibleEngagement(ctx: Ctx, caller: Caller, id: string) {
  const row = await getVisibleEngagement(ctx.db, scopeOf(caller), id);
  if (!row) throw notFound('Engagement');
  return row;
}

export const engagement = async (ctx: Ctx, caller: Caller, id: string) => toEngagement(await visibleEngagement(ctx, caller, id));

/** One event per side of the engagement, each in that company's stream; recorded only if `applied` held. */
const bothSides = (type: ServiceEvent, e: { id: string; clientCompanyId: string; providerCompanyId: string; title: string }, data: Record<string, unknown>) =>
  (['client', 'provider'] as const).map((side) =>
    serviceEvents.event(type, side === 'client' ? e.clientCompanyId : e.providerCompanyId, {
      engagementId: e.id,
      title: e.title,
      side,
      clientCompanyId: e.clientCompanyId,
      providerCompanyId: e.providerCompanyId,
      ...data,
    }),
  );

async function transition(ctx: Ctx, caller: Caller, id: string, to: 'completed' | 'cancelled', reason?: string) {
  const row = await visibleEngagement(ctx, caller, id);
  const e = row.e;
  const parties = to === 'completed' ? [e.clientCompanyId] : [e.clientCompanyId, e.providerCompanyId];
  if (!parties.includes(caller.companyId)) {
    throw forbidden(to === 'completed' ? 'Only the client company can complete an engagement' : 'Only the two companies of an engagement can cancel it');
  }
  if (e.status !== 'active') throw conflict(`This engagement is already ${e.status}`);
  const now = nowIso();
  const set = to === 'completed' ? { status: to, completedAt: now } : { status: to, cancelledAt: now, cancelReason: reason ?? null };
  const applied = and(eq(engagements.id, e.id), eq(engagements.status, to), eq(engagements.updatedAt, now))!;
  const events = bothSides(`services.engagement.${to}`, e, { status: to, ...(reason ? { reason } : {}), actorId: caller.id }).map((ev) => when(ev, engagements, applied));
  const [updated] = await commit(
    ctx,
    [ctx.db.update(engagements).set({ ...set, ...updatedBy(caller.id, now) }).where(and(eq(engagements.id, e.id), eq(engagements.status, 'active'))).returning()],
    events,
  );
  if (updated.length === 0) throw conflict('The engagement changed meanwhile; reload');
  return toEngagement({ ...row, e: updated[0]! });
}

export const complete = (ctx: Ctx, caller: Caller, id: string) => transition(ctx, caller, id, 'completed');
export const cancel = (ctx: Ctx, caller: Caller, id: string, reason: string) => transition(ctx, caller, id, 'cancelled', reason);

/**
 * Each side reviews the other once, after completion. The review and the reviewee's rating totals are written in
 * one batch; the totals move only if this batch inserted the review (a duplicate inserts nothing and is 409).
 */
export async function review(ctx: Ctx, caller: Caller, id: string, body: z.output<typeof reviewBody>) {
  const row = await visibleEngagement(ctx, caller, id);
  const e = row.e;
  if (caller.companyId !== e.clientCompanyId && caller.companyId !== e.providerCompanyId) throw forbidden('Only the two companies of an engagement can review it');
  if (e.status !== 'completed') throw conflict('An engagement can be reviewed once it is completed');
  const reviewee = caller.companyId === e.clientCompanyId ? e.providerCompanyId : e.clientCompanyId;
  const reviewId = crypto.randomUUID();
  const now = nowIso();
  const inserted = eq(serviceReviews.id, reviewId);
  const events = bothSides('services.engagement.reviewed', e, {
    reviewId,
    reviewerCompanyId: caller.companyId,
    revieweeCompanyId: reviewee,
    rating: body.rating,
    comment: body.comment ?? null,
    actorId: caller.id,
  }).map((ev) => when(ev, serviceReviews, inserted));
  const [[created]] = await commit(
    ctx,
    [
      ctx.db
        .insert(serviceReviews)
        .values({ id: reviewId, engagementId: e.id, reviewerCompanyId: caller.companyId, revieweeCompanyId: reviewee, rating: body.rating, comment: body.comment ?? null, createdAt: now, createdBy: caller.id })
        .onConflictDoNothing()
        .returning(),
      ctx.db
        .insert(companyRatings)
        .select(
          ctx.db
            .select({
              companyId: sql<string>`${reviewee}`.as('company_id'),
              ratingSum: sql<number>`${body.rating}`.as('rating_sum'),
              ratingCount: sql<number>`1`.as('rating_count'),
            })
            .from(serviceReviews)
            .where(inserted)
            .limit(1),
        )
        .onConflictDoUpdate({
          target: companyRatings.companyId,
          set: { ratingSum: sql`${companyRatings.ratingSum} + excluded.rating_sum`, ratingCount: sql`${companyRatings.ratingCount} + 1` },
        }),
    ],
    events,
  );
  if (!created) throw conflict('Your company already reviewed this engagement');
  return toReview(created);
}

// ——— offerings ———

export const offeringList = (ctx: Ctx, caller: Caller, q: z.output<typeof offeringListQuery>) => listOfferingRows(ctx.db, scopeOf(caller), q);

async function visibleOffering(ctx: Ctx, caller: Caller, id: string) {
  const row = await getVisibleOffering(ctx.db, scopeOf(caller), id);
  if (!row) throw notFound('Offering');
  return row;
}

export const offering = async (ctx: Ctx, caller: Caller, id: string) => {
  const row = await visibleOffering(ctx, caller, id);
  return toOffering(row.o, row);
};

async function managedOffering(ctx: Ctx, caller: Caller, id: string) {
  const row = await visibleOffering(ctx, caller, id);
  if (!isStaff(caller.role) && row.o.companyId !== caller.companyId) throw forbidden("You can only manage your own company's offerings");
  return row;
}

export async function createOffering(ctx: Ctx, caller: Caller, body: z.output<typeof offeringCreate>) {
  const currency = body.currency ?? (await getSettings(ctx.db)).defaultCurrency;
  const id = crypto.randomUUID();
  const values = { id, companyId: caller.companyId, title: body.title, description: body.description, category: body.category, priceFrom: body.priceFrom ?? null, currency, active: body.active, ...createdBy(caller.id) };
  await commit(ctx, [ctx.db.insert(offerings).values(values)]);
  return offering(ctx, caller, id);
}

export async function updateOffering(ctx: Ctx, caller: Caller, id: string, patch: z.output<typeof offeringPatch>) {
  const row = await managedOffering(ctx, caller, id);
  const [[updated]] = await commit(ctx, [ctx.db.update(offerings).set({ ...patch, ...updatedBy(caller.id) }).where(and(eq(offerings.id, row.o.id), isNull(offerings.deletedAt))).returning()]);
  if (!updated) throw notFound('Offering');
  return toOffering(updated, row);
}

export async function removeOffering(ctx: Ctx, caller: Caller, id: string) {
  const row = await managedOffering(ctx, caller, id);
  const [[deleted]] = await commit(ctx, [ctx.db.update(offerings).set({ deletedAt: nowIso(), ...updatedBy(caller.id) }).where(and(eq(offerings.id, row.o.id), isNull(offerings.deletedAt))).returning()]);
  if (!deleted) throw notFound('Offering');
  return toOffering(deleted, row);
}
