import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../core/env';
import { nowIso } from '../../core/db/columns';
import { countOf, orderOf, pageOf, windowOf } from '../../core/db/page';
import type { Registry } from '../../core/module';
import type { Notification, notificationListQuery } from './notifications.schemas';
import { notifications, type NotificationRow } from './notifications.table';

type Data = Record<string, unknown>;

/** Titles come from the emitting module's rule, rendered at read time (so grouping can say "5 new …"). */
export const renderTitle = (registry: Registry, type: string, data: Data, n: number) => registry.notifications.get(type)?.title(data, n) ?? type;

export const toNotification = (registry: Registry, row: NotificationRow): Notification => ({
  id: row.id,
  type: row.type,
  title: renderTitle(registry, row.type, row.data, row.count),
  body: row.body,
  data: row.data,
  count: row.count,
  readAt: row.readAt,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

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
export const upsertNotification = (db: Db, n: NotificationInput & { title: string }) => {
  const now = nowIso();
  return db
    .insert(notifications)
    .values({
      userId: n.userId,
      companyId: n.companyId,
      type: n.type,
      title: n.title,
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

export async function listNotifications(db: Db, userId: string, q: z.output<typeof notificationListQuery>) {
  const where = and(mine(userId), q.unread ? isNull(notifications.readAt) : undefined, q.since ? gt(notifications.updatedAt, q.since) : undefined);
  const order = orderOf(q, { updatedAt: notifications.updatedAt }, 'updatedAt', notifications.id);
  const page = await pageOf(
    db,
    windowOf(db.select().from(notifications).where(where).orderBy(...order), q),
    countOf(db, notifications, where),
    countOf(db, notifications, and(mine(userId), isNull(notifications.readAt))),
  );
  return { rows: page.rows, total: page.total, unread: page.more[0][0]?.n ?? 0 };
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
