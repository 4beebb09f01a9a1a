import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../core/env';
import type { EventEnvelope, EventMessage } from '../../core/events/types';
import type { EventHandler } from '../../queue/handlers';
import { alreadyProcessed, markProcessed } from '../../queue/idempotency';
import { hubOf } from '../../realtime/hub';
import { companies, users } from '../companies/companies.table';
import { companyAdmins } from '../employees/employees.queries';
import { hasTemplate, toNotification, upsertNotification, type NotificationInput } from './notifications.queries';

const HANDLER = 'notifications';
type Recipient = { id: string; companyId: string };

async function companyNames(db: Db, ids: string[]) {
  if (ids.length === 0) return {};
  const rows = await db.select({ id: companies.id, name: companies.name }).from(companies).where(inArray(companies.id, ids));
  return Object.fromEntries(rows.map((r) => [r.id, r.name])) as Record<string, string>;
}

/** Active employees of `companyIds` with at least one of `skills` (case-insensitive), except `exceptUserId`. */
async function skilledEmployees(db: Db, companyIds: string[], skills: string[], exceptUserId: string | null) {
  if (skills.length === 0 || companyIds.length === 0) return [];
  const wanted = [...new Set(skills.map((k) => k.toLowerCase()))].slice(0, 50);
  const out: Recipient[] = [];
  // Chunked so that one statement never binds more than 100 parameters.
  for (let i = 0; i < companyIds.length; i += 40) {
    const rows = await db
      .select({ id: users.id, companyId: users.companyId })
      .from(users)
      .where(
        and(
          inArray(users.companyId, companyIds.slice(i, i + 40)),
          isNull(users.deletedAt),
          eq(users.status, 'active'),
          exceptUserId ? ne(users.id, exceptUserId) : undefined,
          sql`EXISTS (SELECT 1 FROM json_each(${users.skills}) WHERE lower(json_each.value) IN (${sql.join(
            wanted.map((w) => sql`${w}`),
            sql`, `,
          )}))`,
        ),
      );
    out.push(...rows);
  }
  return out;
}

/** Who hears about an event, what they read, and which item repeated events fold into. */
async function plan(db: Db, event: EventEnvelope, partners: string[]): Promise<{ to: Recipient[]; body: string; data: Record<string, unknown>; groupKey: string }> {
  const d = event.data;
  switch (event.type) {
    case 'jobs.application.submitted':
      return {
        to: await companyAdmins(db, [event.companyId]),
        body: 'Review it in the job’s applications.',
        data: d,
        groupKey: `${event.type}:${String(d.jobId)}`,
      };
    case 'jobs.application.reviewed': {
      const [applicant] = await db.select({ id: users.id, companyId: users.companyId }).from(users).where(eq(users.id, String(d.applicantId)));
      return { to: applicant ? [applicant] : [], body: 'See it in My applications.', data: d, groupKey: `${event.type}:${String(d.applicationId)}` };
    }
    case 'jobs.job.created': {
      const audience = [event.companyId, ...partners];
      const to = await skilledEmployees(db, audience, (d.requiredSkills as string[]) ?? [], (d.createdBy as string) ?? null);
      const names = await companyNames(db, [event.companyId]);
      return {
        to,
        body: 'A new job needs skills you have.',
        data: { ...d, companyName: names[event.companyId] },
        groupKey: `${event.type}:${event.companyId}`,
      };
    }
    case 'partnerships.invite.sent':
    case 'partnerships.partnership.accepted':
    case 'partnerships.partnership.declined':
    case 'partnerships.partnership.ended': {
      const ids = [String(d.requesterCompanyId), String(d.targetCompanyId)];
      const names = await companyNames(db, ids);
      return {
        to: await companyAdmins(db, ids),
        body: 'See Partners for details.',
        data: { ...d, requesterName: names[ids[0]!], targetName: names[ids[1]!] },
        groupKey: `${event.type}:${String(d.partnershipId)}`,
      };
    }
    case 'webhooks.endpoint.disabled':
      return {
        to: await companyAdmins(db, [event.companyId]),
        body:
          d.reason === 'gone'
            ? 'The receiver answered 410 Gone. Fix it, then re-enable the endpoint under Webhooks.'
            : 'Deliveries failed for 5 days. Fix the receiver, then re-enable the endpoint and replay failed deliveries.',
        data: d,
        groupKey: `${event.type}:${String(d.endpointId)}`,
      };
    default:
      return { to: await companyAdmins(db, [event.companyId]), body: '', data: d, groupKey: `${event.type}:${event.id}` };
  }
}

/**
 * Fills each recipient's inbox (grouped) and pushes the notification live through their company hub. Idempotent:
 * the processed marker is written in the same batch as the notifications.
 */
export const notificationsHandler: EventHandler = {
  name: HANDLER,
  matches: hasTemplate,
  async handle({ event, partnerCompanyIds }: EventMessage, { env, db }) {
    if (await alreadyProcessed(db, HANDLER, event.id)) return;
    const p = await plan(db, event, partnerCompanyIds);
    const recipients = [...new Map(p.to.map((r) => [r.id, r])).values()];
    const inputs: NotificationInput[] = recipients.map((r) => ({
      userId: r.id,
      companyId: r.companyId,
      type: event.type,
      body: p.body,
      data: p.data,
      groupKey: p.groupKey,
      eventId: event.id,
    }));
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
        if (row) written.push({ userId: chunk[k]!.userId, companyId: chunk[k]!.companyId, notification: toNotification(row) });
      });
    }
    await markProcessed(db, HANDLER, event.id);
    const byCompany = new Map<string, typeof written>();
    for (const w of written) byCompany.set(w.companyId, [...(byCompany.get(w.companyId) ?? []), w]);
    await Promise.all(
      [...byCompany].map(([companyId, items]) =>
        hubOf(env, companyId).deliverToUsers(
          items.map((w) => ({
            userId: w.userId,
            event: { id: event.id, type: 'realtime.notification', time: w.notification.updatedAt, companyId: event.companyId, data: w.notification },
          })),
        ),
      ),
    );
  },
};
