import { z } from 'zod';
import { boolParam, listQuery } from '../../core/list';

export const notificationListQuery = listQuery(['updatedAt'], {
  unread: boolParam.optional(),
  /** Only rows created or updated after this instant: how a reconnecting client catches up. */
  since: z.iso.datetime({ message: 'must be an ISO-8601 UTC timestamp' }).optional(),
});
