import type { Caller } from '../../core/auth/caller';
import type { Ctx } from '../../core/context';
import { nowIso } from '../../core/db/columns';
import { ApiError } from '../../core/errors';
import type { EventMessage } from '../../core/events/types';
import type { EventHandler } from '../../core/module';
import { companyNames } from '../../core/tenancy/tenancy.queries';
import { alreadyProcessed, markProcessed } from '../../queue/idempotency';
import { getContractedWorkOrder } from './cmms.queries';
import { notes, type WorkOrderStatus } from './cmms.table';
import { changeStatus } from './cmms.workorders';

const HANDLER = 'cmms-field-job-completed';

/** Refusals that mean "the work order cannot move further now" (changed meanwhile, no longer contracted…). */
const refused = (err: unknown) => err instanceof ApiError && (err.code === 'CONFLICT' || err.code === 'NOT_FOUND' || err.code === 'FORBIDDEN');

/**
 * The CMMS end of the field-service link. A contractor's field job made from a work order contracted to it
 * (`sourceWorkOrderId`) completed: the work order moves as far as the CMMS rules allow, on behalf of the contractor's
 * technician who completed the job (exactly what they could do under /cmms/contracted): open or on hold → in
 * progress → complete. Completion needs every checklist item of the work order done; when some are still open the
 * work order stays in progress and gets a note saying so (the owner or the contractor ticks them and completes it).
 * Nothing happens if the work order is no longer contracted to that company by an active partner, or already
 * complete, closed or cancelled.
 *
 * Idempotent: every move is guarded by the work order's status in SQL (a replayed event finds it complete and
 * changes nothing) and the note is written with this handler's processed marker in one batch. CMMS knows FSM only by
 * this event's type name and data (sourceWorkOrderId, number, actorId); it imports nothing of it.
 */
export const fieldJobCompletedHandler: EventHandler = {
  name: HANDLER,
  matches: (type) => type === 'fsm.job.completed',
  async handle({ event }: EventMessage, ctx: Ctx) {
    const workOrderId = event.data.sourceWorkOrderId;
    if (typeof workOrderId !== 'string') return;
    if (await alreadyProcessed(ctx.db, HANDLER, event.id)) return;
    const contractorId = event.companyId;
    const actorId = typeof event.data.actorId === 'string' ? event.data.actorId : null;
    const found = await getContractedWorkOrder(ctx.db, contractorId, workOrderId);
    if (!found || !actorId) {
      await markProcessed(ctx.db, HANDLER, event.id);
      return;
    }
    const actor: Caller = { kind: 'user', id: actorId, companyId: contractorId, role: 'cliente', scopes: null, exp: Math.floor(Date.now() / 1000) + 60, authVersion: 0 };
    const move = async (to: WorkOrderStatus) => {
      try {
        return (await changeStatus(ctx, actor, workOrderId, { status: to }, 'contractor')).status;
      } catch (err) {
        if (refused(err)) return undefined;
        throw err;
      }
    };
    let status: WorkOrderStatus = found.w.status;
    if (status === 'open' || status === 'on_hold') status = (await move('in_progress')) ?? status;
    if (status === 'in_progress' && found.w.checklist.every((i) => i.done)) status = (await move('complete')) ?? status;
    const current = status === 'in_progress' ? await getContractedWorkOrder(ctx.db, contractorId, workOrderId) : undefined;
    const open = current ? current.w.checklist.filter((i) => !i.done).length : 0;
    if (current && current.w.status === 'in_progress' && open > 0) {
      const contractor = (await companyNames(ctx.db, [contractorId]))[contractorId] ?? 'The contractor';
      const body = `Field job ${typeof event.data.number === 'string' ? event.data.number : ''} was completed by ${contractor}. ${open} checklist item(s) of this work order are still open, so it stays in progress: tick them and complete it.`;
      await ctx.db.batch([
        markProcessed(ctx.db, HANDLER, event.id),
        ctx.db.insert(notes).values({ id: crypto.randomUUID(), companyId: current.w.companyId, workOrderId, authorId: actorId, authorCompanyId: contractorId, body, createdAt: nowIso() }),
      ]);
      return;
    }
    await markProcessed(ctx.db, HANDLER, event.id);
  },
};
