import type { Ctx } from '../../core/context';
import { eventsOf } from '../../core/events/outbox';
import type { NotificationRule } from '../../core/module';
import { activePartnerIds, usersById } from '../../core/tenancy/tenancy.queries';
import type { Visibility } from './zettels.table';

const AUDIENCE = 'Those who can see the zettel: a personal one only its author; a company one its company; a partners one also its active partner companies.';

export const zettelEvents = eventsOf({
  'zettels.zettel.created': { audience: 'company', description: `A zettel was created, or restored from the trash (data.restored). ${AUDIENCE}` },
  'zettels.zettel.updated': {
    audience: 'company',
    description: `A new version of a zettel was saved (data.version, data.changes, data.actorId): an editor of the same zettel learns that a newer version exists. ${AUDIENCE} A personal zettel's events carry no title.`,
  },
  'zettels.zettel.deleted': { audience: 'company', description: `A zettel was moved to the trash. ${AUDIENCE}` },
});

type ZettelEvent = keyof typeof zettelEvents.specs;

interface EventSubject {
  id: string;
  companyId: string;
  authorId: string;
  title: string;
  visibility: Visibility;
  version: number;
}

/**
 * An event about a zettel, addressed to whoever could see it before or after the change: only its author while it
 * is (and was) personal; otherwise its company, and the active partner companies (read now, from D1) when it is or
 * was shared with partners, so they learn it changed or disappeared. Webhooks receive every event of their company,
 * so a personal zettel's events carry ids and the version, never its title.
 */
export async function zettelEvent(ctx: Ctx, type: ZettelEvent, z: EventSubject, actorId: string, extra: Record<string, unknown> = {}, before?: Visibility) {
  const seenAs = [z.visibility, before ?? z.visibility];
  const data = {
    zettelId: z.id,
    version: z.version,
    visibility: z.visibility,
    authorId: z.authorId,
    actorId,
    ...(z.visibility === 'personal' ? {} : { title: z.title }),
    ...extra,
  };
  if (seenAs.every((v) => v === 'personal')) {
    return zettelEvents.event(type, z.companyId, data, { users: [{ id: z.authorId, companyId: z.companyId }] });
  }
  const partners = seenAs.includes('partners') ? await activePartnerIds(ctx.db, z.companyId) : [];
  return zettelEvents.event(type, z.companyId, data, { partners });
}

const s = (v: unknown) => (typeof v === 'string' ? v : '');

/** The author hears when someone else (an admin of the company) changed or trashed their zettel. */
const toAuthorIfSomeoneElse: NotificationRule['to'] = (event, ctx) =>
  event.data.actorId === event.data.authorId ? Promise.resolve([]) : usersById(ctx.db, [s(event.data.authorId)]);

export const zettelNotifications: Partial<Record<ZettelEvent, NotificationRule>> = {
  'zettels.zettel.updated': {
    to: toAuthorIfSomeoneElse,
    title: (d, n) => (n > 1 ? `Your note “${s(d.title)}” was changed ${n} times` : `Your note “${s(d.title)}” was changed`),
    body: () => 'Someone else saved a newer version; its history keeps yours.',
    groupKey: (e) => `${e.type}:${s(e.data.zettelId)}`,
  },
  'zettels.zettel.deleted': {
    to: toAuthorIfSomeoneElse,
    title: (d) => `Your note “${s(d.title)}” was moved to the trash`,
    body: () => 'You can restore it from the trash.',
    groupKey: (e) => `${e.type}:${s(e.data.zettelId)}`,
  },
};
