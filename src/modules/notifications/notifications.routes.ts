import { authenticate, requirePermission } from '../../core/auth/middleware';
import { list, ok } from '../../core/envelope';
import { notFound } from '../../core/errors';
import { pageMeta } from '../../core/list';
import { createRouter } from '../../core/router';
import { idParam, validate } from '../../core/validation';
import { notificationListQuery } from './notifications.schemas';
import { listNotifications, markAllRead, markRead, toNotification } from './notifications.queries';

export const notificationsRoutes = createRouter()
  .use(authenticate)
  .get('/', requirePermission('notifications:own'), validate('query', notificationListQuery), async (c) => {
    const q = c.req.valid('query');
    const { rows, total, unread } = await listNotifications(c.var.db, c.var.user.id, q);
    return list(c, rows, { ...pageMeta(total, q.page, q.limit), unread });
  })
  .post('/read-all', requirePermission('notifications:own'), async (c) => {
    const marked = await markAllRead(c.var.db, c.var.user.id);
    return ok(c, { marked, unread: 0 });
  })
  .post('/:id/read', requirePermission('notifications:own'), idParam, async (c) => {
    const row = await markRead(c.var.db, c.var.user.id, c.req.valid('param').id);
    if (!row) throw notFound('Notification');
    return ok(c, toNotification(row));
  });
