import type { Ctx } from '../../core/context';
import { hubRoutes, type EventMessage, type LiveDelivery } from '../../core/events/types';
import type { EventHandler } from '../../core/module';
import { hubOf } from '../../realtime/hub';

const revoked = (data: Record<string, unknown>): string[] => (Array.isArray(data.revokedUserIds) ? data.revokedUserIds.filter((v): v is string => typeof v === 'string') : []);

/**
 * The live delivery port: each event to the hubs its audience lives in (its company and the partner companies chosen
 * at publish time, or the named users' companies). Hubs dedupe by event id, so the request's fast path and the
 * queue's reliable path never reach a socket twice.
 */
export const liveDelivery: LiveDelivery = {
  async deliver(env, events) {
    await Promise.all(
      events.flatMap((ev) => [
        ...hubRoutes(ev).map((r) => hubOf(env, r.companyId).deliver(ev.envelope, r.audience)),
        // An event that ends people's sessions (data.revokedUserIds) also closes their sockets in its company.
        ...(revoked(ev.envelope.data).length ? [hubOf(env, ev.envelope.companyId).disconnect(revoked(ev.envelope.data))] : []),
      ]),
    );
  },
  async deliverToUsers(env, items) {
    const byCompany = new Map<string, typeof items>();
    for (const item of items) byCompany.set(item.companyId, [...(byCompany.get(item.companyId) ?? []), item]);
    await Promise.all([...byCompany].map(([companyId, list]) => hubOf(env, companyId).deliverToUsers(list)));
  },
};

/** The queue's path to the hubs (the reliable one; see liveDelivery). */
export const hubFanoutHandler: EventHandler = {
  name: 'hub-fanout',
  matches: () => true,
  async handle(message: EventMessage, ctx: Ctx) {
    await liveDelivery.deliver(ctx.env, [{ envelope: message.event, partnerCompanyIds: message.partnerCompanyIds, audience: message.audience }]);
  },
};
