import { defineTool } from '../../core/module';
import { notificationListQuery } from './notifications.schemas';
import * as service from './notifications.service';

export const notificationTools = [
  defineTool({
    name: 'list_notifications',
    title: 'List my notifications',
    description: "The signed-in user's notifications (GET /api/v1/notifications): unread=true, since=<ISO>. Users only: an API key has no inbox.",
    input: notificationListQuery,
    rule: { permission: 'notifications:own', access: 'read' },
    run: async (ctx, caller, q) => {
      const { rows, total, unread } = await service.list(ctx, caller, q);
      return { notifications: rows, total, unread, page: q.page, limit: q.limit };
    },
  }),
];
