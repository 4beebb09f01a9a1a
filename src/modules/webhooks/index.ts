import { defineModule } from '../../core/module';
import { deliveryBacklog, wakeOverdue, webhookDelivery } from './webhooks.delivery';
import { webhookEvents, webhookNotifications, webhooksHandler } from './webhooks.events';
import { pruneDeliveries } from './webhooks.queries';
import { routes } from './webhooks.routes';
import { webhookDeliveries, webhookDue, webhookEndpoints } from './webhooks.table';

/** Signed, retried, replayable webhooks (Standard Webhooks 1.0) for every event of a company. */
export default defineModule({
  name: 'webhooks',
  routes,
  tables: [webhookEndpoints, webhookDeliveries, webhookDue],
  events: webhookEvents.specs,
  notifications: webhookNotifications,
  handlers: [webhooksHandler],
  messages: [webhookDelivery],
  cron: async (ctx) => {
    const woken = await wakeOverdue(ctx, ctx.config.OUTBOX_RESEND_AFTER_S * 1000);
    await pruneDeliveries(ctx.db);
    return { woken };
  },
  backlog: deliveryBacklog,
});
