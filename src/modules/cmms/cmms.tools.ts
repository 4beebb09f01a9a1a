import { z } from 'zod';
import { defineTool } from '../../core/module';
import { oneReadingForm, readingsShape, statusBody, workOrderCreate, workOrderListQuery } from './cmms.schemas';
import * as svc from './cmms.service';
import * as wo from './cmms.workorders';

const uuid = (what: string) => z.uuid({ message: `must be a ${what} id (UUID)` });

/** MCP tools over the maintenance use-cases: the same rules as the REST routes they mirror (named in each description). */
export const cmmsTools = [
  defineTool({
    name: 'list_work_orders',
    title: 'List work orders',
    description:
      "The company's work orders (GET /api/v1/cmms/workorders): filters status, priority, type, assetId, assigneeId, overdue=true, search; page/limit as strings.",
    input: workOrderListQuery,
    rule: { permission: 'cmms:view', access: 'read' },
    run: async (ctx, caller, q) => {
      const { rows, total } = await wo.list(ctx, caller, q);
      return { workOrders: rows, total, page: q.page, limit: q.limit };
    },
  }),
  defineTool({
    name: 'create_work_order',
    title: 'Create a work order',
    description: 'Open a work order (POST /api/v1/cmms/workorders): title, description, assetId, priority, type, assigneeIds, dueAt, checklist.',
    input: workOrderCreate,
    rule: { permission: 'cmms:manage', access: 'write' },
    run: async (ctx, caller, body) => ({ workOrder: await wo.create(ctx, caller, body) }),
  }),
  defineTool({
    name: 'update_work_order_status',
    title: "Move a work order's status",
    description:
      'POST /api/v1/cmms/workorders/:id/status: open→in_progress→complete→closed; in_progress↔on_hold and →cancelled need a reason; complete needs the checklist done. Assignees may start, hold, resume and complete.',
    input: z.object({ id: uuid('work order'), ...statusBody.shape }),
    rule: { permission: 'cmms:work', access: 'write' },
    run: async (ctx, caller, { id, ...body }) => ({ workOrder: await wo.changeStatus(ctx, caller, id, body, 'owner') }),
  }),
  defineTool({
    name: 'record_meter_reading',
    title: 'Record a meter reading',
    description:
      'POST /api/v1/cmms/meters/:id/readings: one { value, readAt? } or up to 500 { readings: [...] } in order; a reading that reaches a meter-based PM threshold opens its work order at once.',
    input: z.object({ id: uuid('meter'), ...readingsShape }).superRefine(oneReadingForm),
    rule: { permission: 'cmms:work', access: 'write' },
    run: async (ctx, caller, { id, ...body }) => ({ readings: await svc.recordReadings(ctx, caller, id, body) }),
  }),
];
