import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../../core/env';
import { eventsOf } from '../../core/events/outbox';
import type { NotificationRule } from '../../core/module';
import { companyAdmins, companyNames, liveUser, usersById, type Recipient } from '../../core/tenancy/tenancy.queries';
import { users } from '../../core/tenancy/tenancy.table';

export const jobEvents = eventsOf({
  'jobs.job.created': { audience: 'company', description: 'A job was posted (partner companies hear it when it is shared with partners).' },
  'jobs.job.updated': { audience: 'company', description: 'A job changed, including becoming filled (data.changes lists the fields).' },
  'jobs.job.closed': { audience: 'company', description: 'A job was closed.' },
  'jobs.job.deleted': { audience: 'company', description: 'A job was deleted.' },
  'jobs.application.submitted': { audience: 'admins', description: "Someone applied to one of the company's jobs." },
  'jobs.application.reviewed': { audience: 'users', description: 'An application was accepted or rejected (addressed to the applicant).' },
});

type Data = Record<string, unknown>;
const s = (v: unknown) => (typeof v === 'string' ? v : '');

/** Active employees of `companyIds` with at least one of `skills` (case-insensitive), except `exceptUserId`. */
async function skilledEmployees(db: Db, companyIds: string[], skills: string[], exceptUserId: string | null): Promise<Recipient[]> {
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
          liveUser,
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

export const jobNotifications: Partial<Record<keyof typeof jobEvents.specs, NotificationRule>> = {
  'jobs.application.submitted': {
    to: (event, ctx) => companyAdmins(ctx.db, [event.companyId]),
    title: (d: Data, n) => (n > 1 ? `${n} new applications to ${s(d.jobTitle)}` : `New application to ${s(d.jobTitle)}`),
    body: () => 'Review it in the job’s applications.',
    groupKey: (e) => `${e.type}:${s(e.data.jobId)}`,
  },
  'jobs.application.reviewed': {
    to: (event, ctx) => usersById(ctx.db, [s(event.data.applicantId)]),
    title: (d: Data) => `Your application to ${s(d.jobTitle)} was ${s(d.status)}`,
    body: () => 'See it in My applications.',
    groupKey: (e) => `${e.type}:${s(e.data.applicationId)}`,
  },
  'jobs.job.created': {
    to: (event, ctx, partners) =>
      skilledEmployees(ctx.db, [event.companyId, ...partners], (event.data.requiredSkills as string[]) ?? [], (event.data.createdBy as string) ?? null),
    title: (d: Data, n) => (n > 1 ? `${n} new jobs match your skills at ${s(d.companyName) || 'a company'}` : `New job matching your skills: ${s(d.title)}`),
    body: () => 'A new job needs skills you have.',
    groupKey: (e) => `${e.type}:${e.companyId}`,
    enrich: async (event, ctx) => ({ companyName: (await companyNames(ctx.db, [event.companyId]))[event.companyId] }),
  },
};
