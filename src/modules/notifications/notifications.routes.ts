import { auth } from '../../core/auth/middleware';
import { list, ok } from '../../core/envelope';
import { doc } from '../../core/openapi/meta';
import { createRouter } from '../../core/router';
import { idParam, validate } from '../../core/validation';
import { notificationListQuery, notificationSchema, readAllSchema, unreadMeta } from './notifications.schemas';
import * as service from './notifications.service';

const notificationsRoutes = createRouter()
  .get(
    '/',
    doc({ summary: "The caller's notifications", description: '`meta.unread` is the unread count; `since` returns what changed after an instant.', response: notificationSchema, list: true, extraMeta: unreadMeta }),
    auth('notifications:own'),
    validate('query', notificationListQuery),
    async (c) => {
      const q = c.req.valid('query');
      const { unread, ...page } = await service.list(c.var.ctx, c.var.caller, q);
      return list(c, page, q, { unread });
    },
  )
  .post('/read-all', doc({ summary: 'Mark every notification read', response: readAllSchema }), auth('notifications:own'), async (c) =>
    ok(c, await service.readAll(c.var.ctx, c.var.caller)),
  )
  .post('/:id/read', doc({ summary: 'Mark one notification read', response: notificationSchema }), auth('notifications:own'), idParam, async (c) =>
    ok(c, await service.read(c.var.ctx, c.var.caller, c.req.valid('param').id)),
  );

export const routes = createRouter().route('/notifications', notificationsRoutes);
