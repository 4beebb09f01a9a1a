import type { Recipient } from '../tenancy/tenancy.queries';

/** The one envelope used on WebSockets, webhooks and notifications. */
export interface EventEnvelope<T extends Record<string, unknown> = Record<string, unknown>> {
  id: string;
  type: string;
  time: string;
  companyId: string;
  data: T;
}

/**
 * Who may receive an event on sockets, in notifications and through MCP (webhooks get every event of their
 * company): every member of the company (and of the partner companies it is shared with), only its admins
 * (admin_empresa and above), or named users.
 */
export type AudienceKind = 'company' | 'admins' | 'users';
export type Audience = { kind: 'company' } | { kind: 'admins' } | { kind: 'users'; users: Recipient[] };

/** A module's declaration of one event type. */
export interface EventSpec {
  audience: AudienceKind;
  description: string;
}

/** What travels on the events Queue: the event plus its routing, fixed at publish time. */
export interface EventMessage {
  kind: 'event';
  event: EventEnvelope;
  partnerCompanyIds: string[];
  audience: Audience;
}

/** Any queue message; `kind` names the module handler that processes it (`event` is core's own). */
export interface QueueMessage {
  kind: string;
}

/** An event built by a use-case, written to the outbox with its change (see `commit`). */
export interface PendingEvent {
  envelope: EventEnvelope;
  /** Partner companies that also receive it (decided when it is published, from D1). */
  partnerCompanyIds: string[];
  audience: Audience;
}

/** One hub delivery: a company's hub and whom in it the event is for. */
export interface HubRoute {
  companyId: string;
  audience: { kind: 'company' } | { kind: 'admins' } | { kind: 'users'; userIds: string[] };
}

/** The hubs an event goes to: its company and partners (company/admins audiences), or each named user's company. */
export function hubRoutes(ev: { envelope: EventEnvelope; partnerCompanyIds: string[]; audience: Audience }): HubRoute[] {
  const a = ev.audience;
  if (a.kind === 'users') {
    const byCompany = new Map<string, string[]>();
    for (const u of a.users) byCompany.set(u.companyId, [...(byCompany.get(u.companyId) ?? []), u.id]);
    return [...byCompany].map(([companyId, userIds]) => ({ companyId, audience: { kind: 'users', userIds } }));
  }
  return [...new Set([ev.envelope.companyId, ...ev.partnerCompanyIds])].map((companyId) => ({ companyId, audience: { kind: a.kind } }));
}

/** A port the real-time layer plugs into: hand committed events to live sockets (the fast path beside the queue). */
export interface LiveDelivery {
  /** Each event to the hubs of `hubRoutes(event)`. */
  deliver(env: Env, events: PendingEvent[]): Promise<void>;
  /** Per-user messages (e.g. each recipient's own notification), to the users' company hubs. */
  deliverToUsers(env: Env, items: { userId: string; companyId: string; event: EventEnvelope }[]): Promise<void>;
}
