import type { z } from 'zod';
import type { Caller } from '../../core/auth/caller';
import type { Ctx } from '../../core/context';
import { notFound } from '../../core/errors';
import { listNotifications, markAllRead, markRead, toNotification } from './notifications.queries';
import type { notificationListQuery } from './notifications.schemas';

/** The caller's own inbox (every query is by the caller's user id: another user's notification is 404). */
export async function list(ctx: Ctx, caller: Caller, q: z.output<typeof notificationListQuery>) {
  const { rows, total, unread } = await listNotifications(ctx.db, caller.id, q);
  return { rows: rows.map((r) => toNotification(ctx.registry, r)), total, unread };
}

export async function read(ctx: Ctx, caller: Caller, id: string) {
  const row = await markRead(ctx.db, caller.id, id);
  if (!row) throw notFound('Notification');
  return toNotification(ctx.registry, row);
}

export const readAll = async (ctx: Ctx, caller: Caller) => ({ marked: await markAllRead(ctx.db, caller.id), unread: 0 as const });
