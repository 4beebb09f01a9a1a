import type { Ctx } from '../../core/context';
import { eventsOf } from '../../core/events/outbox';
import type { EventEnvelope } from '../../core/events/types';
import type { NotificationRule } from '../../core/module';
import { companyAdmins, usersById } from '../../core/tenancy/tenancy.queries';

const job = 'data: jobId, number, title, status, actorId';
const visit = 'data: visitId, jobId, jobNumber, jobTitle, technicianIds, start, end, status, version, jobStatus, jobVersion, actorId';

/**
 * Every FSM event is for the whole company (audience `company`): each dispatcher's board applies visit and job events
 * live through the company hub, and a technician's day follows its own visits.
 */
export const fsmEvents = eventsOf({
  'fsm.customer.created': { audience: 'company', description: 'A customer was added (data: customerId, name, actorId).' },
  'fsm.customer.updated': { audience: 'company', description: 'A customer was changed (data: customerId, name, changes, actorId).' },
  'fsm.customer.deleted': { audience: 'company', description: 'A customer was deleted, with its sites (data: customerId, name, actorId).' },
  'fsm.site.created': { audience: 'company', description: 'A site was added to a customer (data: siteId, customerId, name, actorId).' },
  'fsm.site.updated': { audience: 'company', description: 'A site was changed (data: siteId, customerId, name, changes, actorId).' },
  'fsm.site.deleted': { audience: 'company', description: 'A site was deleted (data: siteId, customerId, name, actorId).' },
  'fsm.job.created': { audience: 'company', description: `A field job was created (${job}; customerId, siteId, priority, requiredSkills, sourceWorkOrderId).` },
  'fsm.job.updated': { audience: 'company', description: `A field job was changed or cancelled — cancelling cancels its open visits, each also an fsm.visit.status_changed (${job}; version, changes, cancelledVisitIds).` },
  'fsm.job.deleted': { audience: 'company', description: `A field job was deleted; its open visits were cancelled, each also an fsm.visit.status_changed (${job}; cancelledVisitIds).` },
  'fsm.job.completed': {
    audience: 'company',
    description: `Every visit of a field job is completed (${job}; sourceWorkOrderId, completedAt). A job made from a contracted CMMS work order completes that work order for its owner.`,
  },
  'fsm.technician.updated': { audience: 'company', description: "A technician's profile was created or changed (data: technicianId (the user id), skills, shifts, homeLat, homeLng, actorId)." },
  'fsm.visit.scheduled': { audience: 'company', description: `A visit was scheduled (${visit}).` },
  'fsm.visit.updated': { audience: 'company', description: `A visit was reassigned, rescheduled or its checklist or notes changed (${visit}; changes, addedTechnicianIds, removedTechnicianIds, rescheduled).` },
  'fsm.visit.status_changed': { audience: 'company', description: `A visit moved a status step (${visit}; from, note).` },
  'fsm.visit.completed': { audience: 'company', description: `A visit was completed (${visit}; from, signed).` },
});

export type FsmEvent = keyof typeof fsmEvents.specs;

type Data = Record<string, unknown>;
const s = (v: unknown) => (typeof v === 'string' ? v : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** "2026-03-14 09:00 UTC": times are UTC everywhere in FSM. */
export const utcLabel = (iso: unknown) => (typeof iso === 'string' && iso.length >= 16 ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '');

/** Named users of the event's company (technicians): nobody outside it is reached by id. */
const members = async (ctx: Ctx, event: EventEnvelope, ids: string[]) => (await usersById(ctx.db, ids)).filter((u) => u.companyId === event.companyId);

const visitRule = (rule: Omit<NotificationRule, 'groupKey'>): NotificationRule => ({ groupKey: (e) => `${e.type}:${s(e.data.visitId)}`, ...rule });

export const fsmNotifications: Partial<Record<FsmEvent, NotificationRule>> = {
  // The technicians of a new visit.
  'fsm.visit.scheduled': visitRule({
    to: (event, ctx) => members(ctx, event, list(event.data.technicianIds)),
    title: (d: Data) => `New visit ${s(d.jobNumber)} ${utcLabel(d.start)}: ${s(d.jobTitle)}`,
    body: () => 'See it in My day.',
  }),
  // Technicians added to a visit; every technician of a rescheduled one.
  'fsm.visit.updated': visitRule({
    to: (event, ctx) => members(ctx, event, event.data.rescheduled ? list(event.data.technicianIds) : list(event.data.addedTechnicianIds)),
    title: (d: Data) =>
      d.rescheduled ? `Visit ${s(d.jobNumber)} rescheduled to ${utcLabel(d.start)}: ${s(d.jobTitle)}` : `Visit ${s(d.jobNumber)} ${utcLabel(d.start)} assigned to you: ${s(d.jobTitle)}`,
    body: () => 'You are assigned to it; see My day.',
  }),
  // The dispatchers, when the work is done.
  'fsm.visit.completed': visitRule({
    to: (event, ctx) => companyAdmins(ctx.db, [event.companyId]),
    title: (d: Data) => `Visit ${s(d.jobNumber)} completed: ${s(d.jobTitle)}`,
    body: (d: Data) => (d.jobStatus === 'completed' ? 'That was its last visit: the job is completed.' : 'Open it on the dispatch board.'),
  }),
};
