import { effect, signal } from '@preact/signals';
import type { Notification } from '../../../src/modules/notifications/notifications.schemas';
import { api, call } from './api';
import { connectRealtime, isNotificationMessage, type RealtimeMessage, type RealtimeStatus } from './realtime';
import { notificationText } from './notification-text';
import { accessToken } from './session';
import { toast } from './toasts';

export const notifications = signal<Notification[]>([]);
export const unreadCount = signal(0);
export const liveStatus = signal<RealtimeStatus>('closed');
/** Bumped on every live event, so pages can refresh what they show. */
export const lastEvent = signal<RealtimeMessage | null>(null);

let lastSeen: string | null = null;

function merge(items: Notification[]) {
  const byId = new Map(notifications.value.map((n) => [n.id, n]));
  for (const n of items) byId.set(n.id, n);
  notifications.value = [...byId.values()].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, 50);
  for (const n of items) if (!lastSeen || n.updatedAt > lastSeen) lastSeen = n.updatedAt;
}

/** Loads the inbox; with `since`, only what changed after the last seen notification (after a reconnect). */
export async function loadNotifications(since: string | null = null) {
  const body = await call(api.notifications.$get({ query: { limit: '20', ...(since ? { since } : {}) } }));
  merge(body.data);
  unreadCount.value = body.meta.unread ?? 0;
}

export async function markRead(id: string) {
  const before = notifications.value;
  notifications.value = before.map((n) => (n.id === id ? { ...n, readAt: new Date().toISOString() } : n));
  unreadCount.value = Math.max(0, unreadCount.value - 1);
  try {
    await call(api.notifications[':id'].read.$post({ param: { id } }));
  } catch (err) {
    notifications.value = before; // roll back visibly
    unreadCount.value += 1;
    throw err;
  }
}

export async function markAllRead() {
  const before = notifications.value;
  const count = unreadCount.value;
  notifications.value = before.map((n) => ({ ...n, readAt: n.readAt ?? new Date().toISOString() }));
  unreadCount.value = 0;
  try {
    await call(api.notifications['read-all'].$post());
  } catch (err) {
    notifications.value = before;
    unreadCount.value = count;
    throw err;
  }
}

let connection: ReturnType<typeof connectRealtime> | null = null;

/** Starts the live connection for the signed-in user (idempotent); stops it on logout. */
export function startLive(refresh: () => Promise<boolean>) {
  if (connection) return;
  lastSeen = null;
  void loadNotifications().catch(() => undefined);
  connection = connectRealtime({
    token: () => accessToken.value,
    refresh,
    onStatus: (s) => (liveStatus.value = s),
    resume: () => loadNotifications(lastSeen).catch(() => undefined),
    onMessage: (msg) => {
      if (isNotificationMessage(msg)) {
        const n = msg.data;
        const known = notifications.value.find((x) => x.id === n.id);
        if (!known || known.readAt) unreadCount.value += 1;
        merge([n]);
        const text = notificationText(n);
        toast(text.title, { body: text.body });
      }
      if (!msg.type.startsWith('realtime.')) lastEvent.value = msg;
    },
  });
}

export function stopLive() {
  connection?.close();
  connection = null;
  notifications.value = [];
  unreadCount.value = 0;
}

export const reauthenticateLive = (token: string) => connection?.reauthenticate(token);

// When the access token is refreshed, hand the new one to the open socket so it is not closed at the old expiry.
effect(() => {
  const token = accessToken.value;
  if (token) reauthenticateLive(token);
});
