import type { Ctx } from '../../core/context';
import type { EventMessage, HubRoute } from '../../core/events/types';
import { hubRoutes } from '../../core/events/types';
import type { EventHandler } from '../../core/module';
import type { Recipient } from '../../core/tenancy/tenancy.queries';
import { alreadyProcessed, markProcessed } from '../../queue/idempotency';
import { toNotification, upsertNotification, type NotificationInput } from './notifications.queries';

const HANDLER = 'notifications';

/** Recipients inside the event's audience only: its companies (and partners) for company/admins events, named users otherwise. */
function withinAudience(message: EventMessage, recipients: Recipient[]): Recipient[] {
  const routes: HubRoute[] = hubRoutes({ envelope: message.event, partnerCompanyIds: message.partnerCompanyIds, audience: message.audience });
  const allowed = (r: Recipient) =>
    routes.some((route) => route.companyId === r.companyId && (route.audience.kind !== 'users' || route.audience.userIds.includes(r.id)));
  return [...new Map(recipients.filter(allowed).map((r) => [r.id, r])).values()];
}

/**
 * Fills each recipient's inbox (grouped) following the emitting module's rule, and pushes the notification live to
 * the recipient's sockets. Idempotent: each chunk's processed marker is written in the same batch as its rows.
 */
export const notificationsHandler: EventHandler = {
  name: HANDLER,
  matches: () => true,
  async handle(message: EventMessage, ctx: Ctx) {
    const { event } = message;
    const rule = ctx.registry.notifications.get(event.type);
    if (!rule) return;
    const { db } = ctx;
    if (await alreadyProcessed(db, HANDLER, event.id)) return;
    // Nobody is notified of their own action (events name it in data.actorId).
    const actor = event.data.actorId;
    const recipients = withinAudience(message, await rule.to(event, ctx, message.partnerCompanyIds)).filter((r) => r.id !== actor);
    const data = rule.enrich ? { ...event.data, ...(await rule.enrich(event, ctx)) } : event.data;
    const common = { type: event.type, body: rule.body(data), data, groupKey: rule.groupKey(event), eventId: event.id, title: rule.title(data, 1) };
    const inputs: (NotificationInput & { title: string })[] = recipients.map((r) => ({ ...common, userId: r.id, companyId: r.companyId }));
    const written: { userId: string; companyId: string; notification: ReturnType<typeof toNotification> }[] = [];
    // Chunks of 50 recipients, each with its own marker in the same batch: a retry after a crash skips the chunks
    // already written instead of counting them twice.
    for (let i = 0; i < inputs.length; i += 50) {
      const marker = `${HANDLER}#${i / 50}`;
      if (await alreadyProcessed(db, marker, event.id)) continue;
      const chunk = inputs.slice(i, i + 50);
      const [, ...results] = await db.batch([markProcessed(db, marker, event.id), ...chunk.map((n) => upsertNotification(db, n))]);
      results.forEach((rows, k) => {
        const row = rows[0];
        if (row) written.push({ userId: chunk[k]!.userId, companyId: chunk[k]!.companyId, notification: toNotification(ctx.registry, row) });
      });
    }
    await markProcessed(db, HANDLER, event.id);
    const live = ctx.registry.live;
    if (live && written.length > 0) {
      await live.deliverToUsers(
        ctx.env,
        written.map((w) => ({
          userId: w.userId,
          companyId: w.companyId,
          event: { id: event.id, type: 'realtime.notification', time: w.notification.updatedAt, companyId: event.companyId, data: w.notification },
        })),
      );
    }
  },
};
