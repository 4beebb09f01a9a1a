import type { Ctx } from '../../core/context';
import { eventsOf } from '../../core/events/outbox';
import type { EventEnvelope } from '../../core/events/types';
import type { NotificationRule } from '../../core/module';
import { companyAdmins, usersById, type Recipient } from '../../core/tenancy/tenancy.queries';

const wo = 'data: workOrderId, number, title, status, assigneeIds, contractorCompanyId, actorId';

/**
 * Every CMMS event is for the whole company (audience `company`). Work-order events also reach the contractor
 * company while it is an active partner (partner fan-out), so the owner and the contractor see each other's changes.
 */
export const cmmsEvents = eventsOf({
  'cmms.workorder.created': { audience: 'company', description: `A work order was created: by hand, from a request, or by a PM schedule (${wo}; scheduleId, requestId).` },
  'cmms.workorder.assigned': { audience: 'company', description: `A work order's assignees or contractor changed (${wo}; addedAssigneeIds, contractorAdded).` },
  'cmms.workorder.status_changed': { audience: 'company', description: `A work order moved in its status flow (${wo}; from, reason, actorCompanyId).` },
  'cmms.workorder.completed': { audience: 'company', description: `A work order was completed (${wo}; actorCompanyId).` },
  'cmms.asset.status_changed': { audience: 'company', description: 'An asset became operational, down or retired (data: assetId, name, code, from, status, actorId); going down opens a downtime record, leaving down closes it.' },
  'cmms.meter.reading_recorded': { audience: 'company', description: 'Readings were recorded on a meter (data: meterId, assetId, count, value and readAt of the last one, actorId); due meter-based PM work orders are generated from it at once.' },
  'cmms.pm.generated': { audience: 'company', description: 'A PM schedule generated its work order for a due point (data: scheduleId, workOrderId, number, title, trigger "time" or "meter", dueAt, assigneeIds).' },
  'cmms.part.low_stock': { audience: 'company', description: "A part's stock reached its minimum (data: partId, name, sku, stock, minStock, actorId)." },
  'cmms.request.created': { audience: 'company', description: 'A maintenance request was filed, by a member or on the public portal (data: requestId, title, assetId, requesterName, actorId).' },
});

export type CmmsEvent = keyof typeof cmmsEvents.specs;

type Data = Record<string, unknown>;
const s = (v: unknown) => (typeof v === 'string' ? v : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const nothing = async (): Promise<Recipient[]> => [];

const STATUS_WORDS: Record<string, string> = { open: 'open', in_progress: 'in progress', on_hold: 'on hold', complete: 'complete', closed: 'closed', cancelled: 'cancelled' };

/** Named users of the event's company (assignees, the creator): nobody outside it is reached by id. */
const members = async (ctx: Ctx, event: EventEnvelope, ids: string[]) => (await usersById(ctx.db, ids)).filter((u) => u.companyId === event.companyId);

const workOrderRule = (rule: Omit<NotificationRule, 'groupKey' | 'body'> & Partial<Pick<NotificationRule, 'body'>>): NotificationRule => ({
  body: () => 'Open it under Maintenance → Work orders.',
  groupKey: (e) => `${e.type}:${s(e.data.workOrderId)}`,
  ...rule,
});

export const cmmsNotifications: Partial<Record<CmmsEvent, NotificationRule>> = {
  'cmms.workorder.created': workOrderRule({
    // Generated PM work orders are announced by cmms.pm.generated instead (one notification each, not two).
    to: async (event, ctx) =>
      event.data.scheduleId
        ? []
        : [...(await members(ctx, event, list(event.data.assigneeIds))), ...(event.data.contractorCompanyId ? await companyAdmins(ctx.db, [s(event.data.contractorCompanyId)]) : [])],
    title: (d: Data) => `New work order ${s(d.number)}: ${s(d.title)}`,
  }),
  'cmms.workorder.assigned': workOrderRule({
    to: async (event, ctx) => [
      ...(await members(ctx, event, list(event.data.addedAssigneeIds))),
      ...(event.data.contractorAdded && event.data.contractorCompanyId ? await companyAdmins(ctx.db, [s(event.data.contractorCompanyId)]) : []),
    ],
    title: (d: Data) => `Work order ${s(d.number)} was assigned to you: ${s(d.title)}`,
  }),
  'cmms.workorder.status_changed': workOrderRule({
    // Completion has its own notification; a contractor's change also tells the owner's admins.
    to: async (event, ctx) =>
      event.data.status === 'complete'
        ? []
        : [
            ...(await members(ctx, event, [...list(event.data.assigneeIds), s(event.data.createdBy)])),
            ...(event.data.actorCompanyId && event.data.actorCompanyId !== event.companyId ? await companyAdmins(ctx.db, [event.companyId]) : []),
          ],
    title: (d: Data) => `${s(d.number)} is now ${STATUS_WORDS[s(d.status)] ?? s(d.status)}: ${s(d.title)}`,
  }),
  'cmms.workorder.completed': workOrderRule({
    to: async (event, ctx) => [
      ...(await companyAdmins(ctx.db, [event.companyId])),
      ...(await members(ctx, event, [s(event.data.createdBy), s(event.data.requesterId)])),
    ],
    title: (d: Data) => `${s(d.number)} was completed: ${s(d.title)}`,
  }),
  'cmms.asset.status_changed': {
    to: (event, ctx) => (event.data.status === 'retired' ? nothing() : companyAdmins(ctx.db, [event.companyId])),
    title: (d: Data) => (d.status === 'down' ? `${s(d.name)} is down` : `${s(d.name)} is ${s(d.status)} again`),
    body: (d: Data) => (d.status === 'down' ? 'Downtime is being recorded until it is operational again.' : 'Its downtime record was closed.'),
    groupKey: (e) => `${e.type}:${s(e.data.assetId)}`,
  },
  'cmms.pm.generated': workOrderRule({
    to: async (event, ctx) => {
      const assignees = await members(ctx, event, list(event.data.assigneeIds));
      return assignees.length > 0 ? assignees : companyAdmins(ctx.db, [event.companyId]);
    },
    title: (d: Data) => `Preventive maintenance due: ${s(d.title)} (${s(d.number)})`,
    body: (d: Data) => (d.trigger === 'meter' ? 'A meter reading reached the schedule’s threshold.' : 'The schedule’s date has come.'),
  }),
  'cmms.part.low_stock': {
    to: (event, ctx) => companyAdmins(ctx.db, [event.companyId]),
    title: (d: Data) => `Low stock: ${s(d.name)} (${String(d.stock)} left, minimum ${String(d.minStock)})`,
    body: () => 'Reorder it under Maintenance → Parts.',
    groupKey: (e) => `${e.type}:${s(e.data.partId)}`,
  },
  'cmms.request.created': {
    to: (event, ctx) => companyAdmins(ctx.db, [event.companyId]),
    title: (d: Data, n) => (n > 1 ? `${n} new maintenance requests` : `New maintenance request: ${s(d.title)}`),
    body: (d: Data) => `From ${s(d.requesterName) || 'someone'}. Convert it into a work order or decline it under Maintenance → Requests.`,
    groupKey: (e) => `${e.type}:${e.companyId}`,
  },
};
