import { defineModule } from '../../core/module';
import { webhookDelivery } from './webhooks.delivery';
import { webhookEvents, webhookNotifications, webhooksHandler } from './webhooks.events';
import { pruneDeliveries } from './webhooks.queries';
import { routes } from './webhooks.routes';
import { webhookDeliveries, webhookEndpoints } from './webhooks.table';

/** Signed, retried, replayable webhooks (Standard Webhooks 1.0) for every event of a company. */
export default defineModule({
  name: 'webhooks',
  routes,
  tables: [webhookEndpoints, webhookDeliveries],
  events: webhookEvents.specs,
  notifications: webhookNotifications,
  handlers: [webhooksHandler],
  messages: [webhookDelivery],
  cron: async (ctx) => {
    await pruneDeliveries(ctx.db);
  },
});
