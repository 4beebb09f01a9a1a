import type { Ctx } from '../../core/context';
import { eventsOf } from '../../core/events/outbox';
import type { NotificationRule } from '../../core/module';
import { companyAdmins, companyNames } from '../../core/tenancy/tenancy.queries';

const description = 'Both companies hear it (data: partnershipId, status, requesterCompanyId, targetCompanyId, actorId).';

export const partnershipEvents = eventsOf({
  'partnerships.invite.sent': { audience: 'admins', description: `A company invited another to partner. ${description}` },
  'partnerships.partnership.accepted': { audience: 'admins', description: `An invite was accepted. ${description}` },
  'partnerships.partnership.declined': { audience: 'admins', description: `An invite was declined. ${description}` },
  'partnerships.partnership.ended': { audience: 'admins', description: `A partnership (or pending invite) ended. ${description}` },
});

type Data = Record<string, unknown>;
const s = (v: unknown) => (typeof v === 'string' ? v : '');
const ids = (d: Data) => [s(d.requesterCompanyId), s(d.targetCompanyId)];

/** Both companies' admins hear about every partnership change, worded with both names. */
const rule = (title: (d: Data) => string): NotificationRule => ({
  to: (event, ctx: Ctx) => companyAdmins(ctx.db, ids(event.data)),
  title: (d) => title(d),
  body: () => 'See Partners for details.',
  groupKey: (e) => `${e.type}:${s(e.data.partnershipId)}`,
  enrich: async (event, ctx) => {
    const [a, b] = ids(event.data);
    const names = await companyNames(ctx.db, [a!, b!]);
    return { requesterName: names[a!], targetName: names[b!] };
  },
});

export const partnershipNotifications: Record<keyof typeof partnershipEvents.specs, NotificationRule> = {
  'partnerships.invite.sent': rule((d) => `${s(d.requesterName)} invited ${s(d.targetName)} to partner`),
  'partnerships.partnership.accepted': rule((d) => `${s(d.requesterName)} and ${s(d.targetName)} are now partners`),
  'partnerships.partnership.declined': rule((d) => `${s(d.targetName)} declined the partnership with ${s(d.requesterName)}`),
  'partnerships.partnership.ended': rule((d) => `The partnership of ${s(d.requesterName)} and ${s(d.targetName)} ended`),
};
