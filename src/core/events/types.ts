/** Every event name Completo emits, `<module>.<entity>.<action>`. Webhook subscriptions are validated against this list. */
export const EVENT_TYPES = [
  'companies.company.updated',
  'companies.employee.created',
  'companies.employee.updated',
  'companies.employee.deleted',
  'partnerships.invite.sent',
  'partnerships.partnership.accepted',
  'partnerships.partnership.declined',
  'partnerships.partnership.ended',
  'settings.settings.updated',
  'jobs.job.created',
  'jobs.job.updated',
  'jobs.job.closed',
  'jobs.job.deleted',
  'jobs.application.submitted',
  'jobs.application.reviewed',
  'webhooks.endpoint.disabled',
  'webhooks.test',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** The one envelope used on WebSockets, webhooks and notifications. */
export interface EventEnvelope<T extends Record<string, unknown> = Record<string, unknown>> {
  id: string;
  type: string;
  time: string;
  companyId: string;
  data: T;
}

/** What travels on the events Queue: the event plus its routing, fixed at publish time. */
export interface EventMessage {
  kind: 'event';
  event: EventEnvelope;
  partnerCompanyIds: string[];
}

/** One delivery of one event to one webhook endpoint (so a slow endpoint never delays another). */
export interface WebhookMessage {
  kind: 'webhook';
  endpointId: string;
  eventId: string;
  replay?: boolean;
}

export type QueueMessage = EventMessage | WebhookMessage;
