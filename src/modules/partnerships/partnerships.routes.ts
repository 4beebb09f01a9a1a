import { and, eq, inArray } from 'drizzle-orm';
import type { Context } from 'hono';
import { authenticate, requirePermission } from '../../core/auth/middleware';
import { isStaff } from '../../core/auth/roles';
import { createdBy, nowIso } from '../../core/db/columns';
import { created, list, ok } from '../../core/envelope';
import { badRequest, conflict, forbidden, notFound } from '../../core/errors';
import type { HonoEnv } from '../../core/env';
import { publish, newEvent, outboxInsert, outboxInsertIf } from '../../core/events/publish';
import type { EventType } from '../../core/events/types';
import { pageMeta } from '../../core/list';
import { createRouter } from '../../core/router';
import { jsonBody, idParam, validate } from '../../core/validation';
import { getLiveCompany } from '../companies/companies.queries';
import { partnerships, type PartnershipStatus } from './partnerships.table';
import { inviteBody, partnershipListQuery } from './partnerships.schemas';
import { findOpenPartnership, getVisiblePartnership, listPartnerships, pairKey, toPartnership } from './partnerships.queries';

interface Transition {
  from: readonly PartnershipStatus[];
  to: PartnershipStatus;
  /** `invited`: only the invited company (or staff) may do it; the inviting side gets 403. */
  by: 'invited' | 'either';
  event: EventType;
}

const TRANSITIONS = {
  accept: { from: ['pending'], to: 'active', by: 'invited', event: 'partnerships.partnership.accepted' },
  decline: { from: ['pending'], to: 'declined', by: 'invited', event: 'partnerships.partnership.declined' },
  end: { from: ['pending', 'active'], to: 'ended', by: 'either', event: 'partnerships.partnership.ended' },
} as const satisfies Record<string, Transition>;

/** The partnership state machine: one function applies every transition, with 403/404/409 decided the same way. */
async function applyTransition(c: Context<HonoEnv>, id: string, t: Transition) {
  const { db, user } = c.var;
  const found = await getVisiblePartnership(db, user, id);
  if (!found) throw notFound('Partnership');
  const p = found.p;
  if (t.by === 'invited' && !isStaff(user.role) && p.targetCompanyId !== user.companyId) {
    throw forbidden('Only the invited company can answer this invite');
  }
  if (!t.from.includes(p.status)) throw conflict(`A ${p.status} partnership cannot be changed to ${t.to}`);
  const now = nowIso();
  // The acting company is the event's source; the other side hears it too.
  const actor = isStaff(user.role) ? (t.by === 'invited' ? p.targetCompanyId : p.requesterCompanyId) : user.companyId;
  const other = actor === p.requesterCompanyId ? p.targetCompanyId : p.requesterCompanyId;
  const ev = newEvent(t.event, actor, { partnershipId: p.id, status: t.to, requesterCompanyId: p.requesterCompanyId, targetCompanyId: p.targetCompanyId }, [other]);
  const [changed] = await db.batch([
    db
      .update(partnerships)
      .set({
        status: t.to,
        updatedAt: now,
        updatedBy: user.id,
        ...(t.to === 'ended' ? { endedAt: now } : { respondedAt: now }),
      })
      // Guarded by the expected status so that two concurrent answers cannot both win.
      .where(and(eq(partnerships.id, p.id), inArray(partnerships.status, [...t.from])))
      .returning(),
    // Recorded only if the guarded update above applied in this very batch.
    outboxInsertIf(db, ev, partnerships, and(eq(partnerships.id, p.id), eq(partnerships.status, t.to), eq(partnerships.updatedAt, now), eq(partnerships.updatedBy, user.id))!),
  ]);
  if (changed.length === 0) throw conflict('The partnership changed meanwhile; reload and try again');
  publish(c, [ev]);
  return ok(c, toPartnership({ ...found, p: changed[0]! }, user.companyId));
}

export const partnershipsRoutes = createRouter()
  .use(authenticate)
  .get('/', requirePermission('partnerships:view'), validate('query', partnershipListQuery), async (c) => {
    const q = c.req.valid('query');
    const { rows, total } = await listPartnerships(c.var.db, c.var.user, q);
    return list(c, rows, pageMeta(total, q.page, q.limit));
  })
  .post('/', requirePermission('partnerships:manage'), ...jsonBody(inviteBody), async (c) => {
    const { db, user } = c.var;
    const targetId = c.req.valid('json').companyId;
    if (targetId === user.companyId) throw badRequest('You cannot invite your own company', 'companyId');
    const [target, self] = await Promise.all([getLiveCompany(db, targetId), getLiveCompany(db, user.companyId)]);
    if (!target || target.isPlatform === 'yes') throw notFound('Company');
    if (!self) throw notFound('Company');
    const open = await findOpenPartnership(db, user.companyId, targetId);
    if (open) throw conflict(`These companies already have a ${open.status} partnership`);
    const now = nowIso();
    const id = crypto.randomUUID();
    const ev = newEvent('partnerships.invite.sent', user.companyId, { partnershipId: id, status: 'pending', requesterCompanyId: user.companyId, targetCompanyId: targetId }, [targetId]);
    const [[row]] = await db.batch([
      db
        .insert(partnerships)
        .values({
          id,
          requesterCompanyId: user.companyId,
          targetCompanyId: targetId,
          pairKey: pairKey(user.companyId, targetId),
          status: 'pending',
          ...createdBy(user.id, now),
        })
        .returning(),
      outboxInsert(db, ev),
    ]);
    publish(c, [ev]);
    return created(c, toPartnership({ p: row!, requesterName: self.name, targetName: target.name }, user.companyId));
  })
  .get('/:id', requirePermission('partnerships:view'), idParam, async (c) => {
    const found = await getVisiblePartnership(c.var.db, c.var.user, c.req.valid('param').id);
    if (!found) throw notFound('Partnership');
    return ok(c, toPartnership(found, c.var.user.companyId));
  })
  .post('/:id/accept', requirePermission('partnerships:manage'), idParam, (c) =>
    applyTransition(c, c.req.valid('param').id, TRANSITIONS.accept),
  )
  .post('/:id/decline', requirePermission('partnerships:manage'), idParam, (c) =>
    applyTransition(c, c.req.valid('param').id, TRANSITIONS.decline),
  )
  .delete('/:id', requirePermission('partnerships:manage'), idParam, (c) =>
    applyTransition(c, c.req.valid('param').id, TRANSITIONS.end),
  );
