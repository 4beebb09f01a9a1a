import type { EventMessage, WebhookMessage } from '../../core/events/types';
import type { EventHandler } from '../../queue/handlers';
import { alreadyProcessed, markProcessed } from '../../queue/idempotency';
import { endpointsFor } from './webhooks.queries';

const HANDLER = 'webhooks';

/** Fans an event out to one queue message per subscribed endpoint (its company's, and partners' for shared events). */
export const webhooksHandler: EventHandler = {
  name: HANDLER,
  matches: (type) => type !== 'webhooks.test',
  async handle({ event, partnerCompanyIds }: EventMessage, { env, db }) {
    if (await alreadyProcessed(db, HANDLER, event.id)) return;
    const endpoints = await endpointsFor(db, [event.companyId, ...partnerCompanyIds], event.type);
    const messages = endpoints.map((e) => ({
      body: { kind: 'webhook', endpointId: e.id, eventId: event.id } satisfies WebhookMessage,
      contentType: 'json' as const,
    }));
    for (let i = 0; i < messages.length; i += 100) await env.EVENTS.sendBatch(messages.slice(i, i + 100));
    await markProcessed(db, HANDLER, event.id);
  },
};
