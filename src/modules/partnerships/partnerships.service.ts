import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Caller } from '../../core/auth/caller';
import { isStaff } from '../../core/auth/roles';
import type { Ctx } from '../../core/context';
import { createdBy, nowIso, updatedBy } from '../../core/db/columns';
import { badRequest, conflict, forbidden, notFound } from '../../core/errors';
import { commit, when } from '../../core/events/outbox';
import { scopeOf } from '../../core/tenancy/scope';
import { getLiveCompany } from '../../core/tenancy/tenancy.queries';
import { partnerships, type PartnershipStatus } from '../../core/tenancy/tenancy.table';
import { partnershipEvents } from './partnerships.events';
import { findOpenPartnership, getVisiblePartnership, listPartnerships, pairKey, toPartnership } from './partnerships.queries';
import type { inviteBody, partnershipListQuery } from './partnerships.schemas';

type PartnershipEvent = keyof typeof partnershipEvents.specs;

interface Transition {
  from: readonly PartnershipStatus[];
  to: PartnershipStatus;
  /** `invited`: only the invited company (or staff) may do it; the inviting side gets 403. */
  by: 'invited' | 'either';
  event: PartnershipEvent;
}

/** The partnership state machine: every transition, applied by one function with 403/404/409 decided the same way. */
export const TRANSITIONS = {
  accept: { from: ['pending'], to: 'active', by: 'invited', event: 'partnerships.partnership.accepted' },
  decline: { from: ['pending'], to: 'declined', by: 'invited', event: 'partnerships.partnership.declined' },
  end: { from: ['pending', 'active'], to: 'ended', by: 'either', event: 'partnerships.partnership.ended' },
} as const satisfies Record<string, Transition>;

export async function transition(ctx: Ctx, caller: Caller, id: string, name: keyof typeof TRANSITIONS) {
  const t: Transition = TRANSITIONS[name];
  const found = await getVisiblePartnership(ctx.db, scopeOf(caller), id);
  if (!found) throw notFound('Partnership');
  const p = found.p;
  if (t.by === 'invited' && !isStaff(caller.role) && p.targetCompanyId !== caller.companyId) {
    throw forbidden('Only the invited company can answer this invite');
  }
  if (!t.from.includes(p.status)) throw conflict(`A ${p.status} partnership cannot be changed to ${t.to}`);
  const now = nowIso();
  // The acting company is the event's source; the other side hears it too.
  const actor = isStaff(caller.role) ? (t.by === 'invited' ? p.targetCompanyId : p.requesterCompanyId) : caller.companyId;
  const other = actor === p.requesterCompanyId ? p.targetCompanyId : p.requesterCompanyId;
  const ev = partnershipEvents.event(
    t.event,
    actor,
    { partnershipId: p.id, status: t.to, requesterCompanyId: p.requesterCompanyId, targetCompanyId: p.targetCompanyId, actorId: caller.id },
    { partners: [other] },
  );
  const [changed] = await commit(
    ctx,
    [
      ctx.db
        .update(partnerships)
        .set({ status: t.to, ...updatedBy(caller.id, now), ...(t.to === 'ended' ? { endedAt: now } : { respondedAt: now }) })
        // Guarded by the expected status so that two concurrent answers cannot both win.
        .where(and(eq(partnerships.id, p.id), inArray(partnerships.status, [...t.from])))
        .returning(),
    ],
    // Recorded only if the guarded update above applied in this very batch.
    [when(ev, partnerships, and(eq(partnerships.id, p.id), eq(partnerships.status, t.to), eq(partnerships.updatedAt, now), eq(partnerships.updatedBy, caller.id))!)],
  );
  if (changed.length === 0) throw conflict('The partnership changed meanwhile; reload and try again');
  return toPartnership({ ...found, p: changed[0]! }, caller.companyId);
}

export async function invite(ctx: Ctx, caller: Caller, { companyId: targetId }: z.output<typeof inviteBody>) {
  if (targetId === caller.companyId) throw badRequest('You cannot invite your own company', 'companyId');
  const [target, self] = await Promise.all([getLiveCompany(ctx.db, targetId), getLiveCompany(ctx.db, caller.companyId)]);
  if (!target || target.isPlatform === 'yes' || !self) throw notFound('Company');
  const open = await findOpenPartnership(ctx.db, caller.companyId, targetId);
  if (open) throw conflict(`These companies already have a ${open.status} partnership`);
  const id = crypto.randomUUID();
  const ev = partnershipEvents.event(
    'partnerships.invite.sent',
    caller.companyId,
    { partnershipId: id, status: 'pending', requesterCompanyId: caller.companyId, targetCompanyId: targetId, actorId: caller.id },
    { partners: [targetId] },
  );
  const [[row]] = await commit(
    ctx,
    [
      ctx.db
        .insert(partnerships)
        .values({ id, requesterCompanyId: caller.companyId, targetCompanyId: targetId, pairKey: pairKey(caller.companyId, targetId), status: 'pending', ...createdBy(caller.id) })
        .returning(),
    ],
    [ev],
  );
  return toPartnership({ p: row!, requesterName: self.name, targetName: target.name }, caller.companyId);
}

export async function list(ctx: Ctx, caller: Caller, q: z.output<typeof partnershipListQuery>) {
  const page = await listPartnerships(ctx.db, scopeOf(caller), q);
  return { rows: page.rows.map((r) => toPartnership(r, caller.companyId)), total: page.total };
}

export async function get(ctx: Ctx, caller: Caller, id: string) {
  const found = await getVisiblePartnership(ctx.db, scopeOf(caller), id);
  if (!found) throw notFound('Partnership');
  return toPartnership(found, caller.companyId);
}
