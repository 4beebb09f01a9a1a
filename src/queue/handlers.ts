import type { EventMessage } from '../core/events/types';
import { notificationsHandler } from '../modules/notifications/notifications.events';
import { hubFanoutHandler } from '../realtime/realtime.events';
import { webhooksHandler } from '../modules/webhooks/webhooks.events';
import type { HandlerContext } from './consumer';

export interface EventHandler {
  name: string;
  matches: (type: string) => boolean;
  handle: (message: EventMessage, ctx: HandlerContext) => Promise<void>;
}

/** Subscribers of the events Queue, in the order they run for each event. */
export const EVENT_HANDLERS: EventHandler[] = [hubFanoutHandler, notificationsHandler, webhooksHandler];
