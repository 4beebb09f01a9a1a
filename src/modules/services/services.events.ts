import { eventsOf } from '../../core/events/outbox';
import type { NotificationRule } from '../../core/module';
import { companyAdmins, companyNames } from '../../core/tenancy/tenancy.queries';

/**
 * Request events go to the requesting company (and, for partner-shared requests, its active partners). Proposal
 * events go to the company that has to act on them: the requester's admins hear of submissions, updates and
 * withdrawals; the proposer's admins of acceptance and rejection. Engagement events are recorded once per side
 * (`data.side`), each in that company's stream, so both companies' sockets, notifications and webhooks get them.
 */
export const serviceEvents = eventsOf({
  'services.service.created': { audience: 'company', description: 'A service request was published (partner companies hear it when it is shared with partners).' },
  'services.service.updated': { audience: 'company', description: 'A service request changed, including being awarded (data.changes lists the fields).' },
  'services.service.closed': { audience: 'company', description: 'A service request was closed, cancelled or deleted without an award.' },
  'services.proposal.submitted': { audience: 'admins', description: "A proposal arrived for one of the company's service requests." },
  'services.proposal.updated': { audience: 'admins', description: "A proposal to one of the company's service requests changed." },
  'services.proposal.withdrawn': { audience: 'admins', description: "A proposal to one of the company's service requests was withdrawn." },
  'services.proposal.accepted': { audience: 'admins', description: "The company's proposal was accepted (an engagement was created)." },
  'services.proposal.rejected': { audience: 'admins', description: "The company's proposal was rejected (another was accepted, or the request ended)." },
  'services.engagement.completed': { audience: 'admins', description: 'An engagement the company takes part in was completed (one event per side).' },
  'services.engagement.cancelled': { audience: 'admins', description: 'An engagement the company takes part in was cancelled (one event per side).' },
  'services.engagement.reviewed': { audience: 'admins', description: 'A side of an engagement the company takes part in left a review (one event per side).' },
});

type Data = Record<string, unknown>;
const s = (v: unknown) => (typeof v === 'string' ? v : '');
const toAdmins: NotificationRule['to'] = (event, ctx) => companyAdmins(ctx.db, [event.companyId]);

export const serviceNotifications: Partial<Record<keyof typeof serviceEvents.specs, NotificationRule>> = {
  'services.proposal.submitted': {
    to: toAdmins,
    title: (d: Data, n) => (n > 1 ? `${n} new proposals for ${s(d.serviceTitle)}` : `New proposal for ${s(d.serviceTitle)} from ${s(d.proposerName)}`),
    body: () => 'Compare the proposals side by side and accept one.',
    groupKey: (e) => `${e.type}:${s(e.data.serviceId)}`,
    enrich: async (event, ctx) => ({ proposerName: (await companyNames(ctx.db, [s(event.data.proposerCompanyId)]))[s(event.data.proposerCompanyId)] }),
  },
  'services.proposal.accepted': {
    to: toAdmins,
    title: (d: Data) => `Your proposal for ${s(d.serviceTitle)} was accepted`,
    body: () => 'An engagement was created; see it in Engagements.',
    groupKey: (e) => `${e.type}:${s(e.data.proposalId)}`,
  },
  'services.proposal.rejected': {
    to: toAdmins,
    title: (d: Data) => `Your proposal for ${s(d.serviceTitle)} was not accepted`,
    body: (d: Data) => (d.reason === 'awarded' ? 'The requester accepted another proposal.' : 'The request ended without an award.'),
    groupKey: (e) => `${e.type}:${s(e.data.proposalId)}`,
  },
  'services.engagement.completed': {
    to: toAdmins,
    title: (d: Data) => `Engagement completed: ${s(d.title)}`,
    body: () => 'You can now review the other company.',
    groupKey: (e) => `${e.type}:${s(e.data.engagementId)}`,
  },
  'services.engagement.cancelled': {
    to: toAdmins,
    title: (d: Data) => `Engagement cancelled: ${s(d.title)}`,
    body: (d: Data) => `Reason: ${s(d.reason)}`,
    groupKey: (e) => `${e.type}:${s(e.data.engagementId)}`,
  },
  'services.engagement.reviewed': {
    to: toAdmins,
    title: (d: Data) => `New review on ${s(d.title)}: ${String(d.rating)}/5`,
    body: (d: Data) => s(d.comment) || 'See it in Engagements.',
    groupKey: (e) => `${e.type}:${s(e.data.engagementId)}`,
  },
};
