import { and, asc, count, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../core/env';
import { nowIso } from '../../core/db/columns';
import { offsetOf } from '../../core/list';
import { notifications, type NotificationRow } from './notifications.table';

type Data = Record<string, unknown>;
const s = (v: unknown) => (typeof v === 'string' ? v : '');

/** Titles per event type; `grouped` is used once several events about one item were folded into one row. */
const TEMPLATES: Record<string, { single: (d: Data) => string; grouped?: (d: Data, n: number) => string }> = {
  'jobs.application.submitted': {
    single: (d) => `New application to ${s(d.jobTitle)}`,
    grouped: (d, n) => `${n} new applications to ${s(d.jobTitle)}`,
  },
  'jobs.application.reviewed': { single: (d) => `Your application to ${s(d.jobTitle)} was ${s(d.status)}` },
  'jobs.job.created': {
    single: (d) => `New job matching your skills: ${s(d.title)}`,
    grouped: (d, n) => `${n} new jobs match your skills at ${s(d.companyName) || 'a company'}`,
  },
  'partnerships.invite.sent': { single: (d) => `${s(d.requesterName)} invited ${s(d.targetName)} to partner` },
  'partnerships.partnership.accepted': { single: (d) => `${s(d.requesterName)} and ${s(d.targetName)} are now partners` },
  'partnerships.partnership.declined': { single: (d) => `${s(d.targetName)} declined the partnership with ${s(d.requesterName)}` },
  'partnerships.partnership.ended': { single: (d) => `The partnership of ${s(d.requesterName)} and ${s(d.targetName)} ended` },
  'webhooks.endpoint.disabled': { single: (d) => `Webhook endpoint disabled: ${s(d.url)}` },
};

export const renderTitle = (type: string, data: Data, n: number) => {
  const t = TEMPLATES[type];
  if (!t) return type;
  return n > 1 && t.grouped ? t.grouped(data, n) : t.single(data);
};

export const hasTemplate = (type: string) => type in TEMPLATES;

export const toNotification = (row: NotificationRow) => ({
  id: row.id,
  type: row.type,
  title: renderTitle(row.type, row.data, row.count),
  body: row.body,
  data: row.data,
  count: row.count,
  readAt: row.readAt,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
export type Notification = ReturnType<typeof toNotification>;

export interface NotificationInput {
  userId: string;
  companyId: string;
  type: string;
  body: string;
  data: Data;
  groupKey: string;
  eventId: string;
}

/** Inserts a notification, or folds it into the user's unread one about the same item (count + 1). */
export const upsertNotification = (db: Db, n: NotificationInput) => {
  const now = nowIso();
  return db
    .insert(notifications)
    .values({
      userId: n.userId,
      companyId: n.companyId,
      type: n.type,
      title: renderTitle(n.type, n.data, 1),
      body: n.body,
      data: n.data,
      groupKey: n.groupKey,
      lastEventId: n.eventId,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: [notifications.userId, notifications.groupKey],
      targetWhere: sql`read_at IS NULL`,
      set: { count: sql`${notifications.count} + 1`, body: n.body, data: n.data, lastEventId: n.eventId, updatedAt: now },
    })
    .returning();
};

const mine = (userId: string) => eq(notifications.userId, userId);

export async function listNotifications(
  db: Db,
  userId: string,
  q: { page: number; limit: number; sortOrder: 'asc' | 'desc'; unread?: boolean | undefined; since?: string | undefined },
) {
  const where = and(mine(userId), q.unread ? isNull(notifications.readAt) : undefined, q.since ? gt(notifications.updatedAt, q.since) : undefined);
  const order = q.sortOrder === 'asc' ? asc(notifications.updatedAt) : desc(notifications.updatedAt);
  const [rows, [total], [unread]] = await db.batch([
    db.select().from(notifications).where(where).orderBy(order, asc(notifications.id)).limit(q.limit).offset(offsetOf(q.page, q.limit)),
    db.select({ n: count() }).from(notifications).where(where),
    db.select({ n: count() }).from(notifications).where(and(mine(userId), isNull(notifications.readAt))),
  ]);
  return { rows: rows.map(toNotification), total: total?.n ?? 0, unread: unread?.n ?? 0 };
}

export async function markRead(db: Db, userId: string, id: string) {
  const [row] = await db.select().from(notifications).where(and(eq(notifications.id, id), mine(userId))).limit(1);
  if (!row || row.readAt) return row;
  const [updated] = await db.update(notifications).set({ readAt: nowIso() }).where(eq(notifications.id, id)).returning();
  return updated;
}

export async function markAllRead(db: Db, userId: string) {
  const rows = await db
    .update(notifications)
    .set({ readAt: nowIso() })
    .where(and(mine(userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}
