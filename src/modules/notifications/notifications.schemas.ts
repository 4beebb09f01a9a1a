import { z } from 'zod';
import { boolParam, listQuery } from '../../core/list';
import { instant, isoTime } from '../../core/openapi/fields';

export const notificationListQuery = listQuery(['updatedAt'], {
  unread: boolParam.optional(),
  /** Only rows created or updated after this instant: how a reconnecting client catches up. */
  since: instant().optional(),
});

export const notificationSchema = z
  .strictObject({
    id: z.uuid(),
    type: z.string().describe('The event type it is about'),
    title: z.string(),
    body: z.string(),
    data: z.record(z.string(), z.unknown()),
    count: z.number().int().describe('More than 1 when repeated events about one item were grouped'),
    readAt: isoTime().nullable(),
    createdAt: isoTime(),
    updatedAt: isoTime(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof notificationSchema>;

export const unreadMeta = z.object({ unread: z.number().int() });
export const readAllSchema = z.strictObject({ marked: z.number().int(), unread: z.literal(0) });
