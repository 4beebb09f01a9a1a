import { defineModule } from '../../core/module';
import { notificationTools } from './notifications.tools';
import { notificationsHandler } from './notifications.events';
import { routes } from './notifications.routes';
import { notifications } from './notifications.table';

/**
 * Per-user inboxes. Which events notify whom, and their wording, are the emitting modules' `notifications` rules;
 * this module applies them (inside each event's audience) and serves the inbox.
 */
export default defineModule({ name: 'notifications', routes, tables: [notifications], handlers: [notificationsHandler], tools: notificationTools });
