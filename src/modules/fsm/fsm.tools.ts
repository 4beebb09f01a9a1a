import { defineTool } from '../../core/module';
import { boardQuery } from './fsm.schemas';
import * as visits from './fsm.visits';

/** MCP tools over the field-service use-cases: the same rules as the REST routes they mirror. */
export const fsmTools = [
  defineTool({
    name: 'fsm_board',
    title: 'Dispatch board of a day',
    description:
      'The field-service dispatch board of a UTC date (GET /api/v1/fsm/board?date=YYYY-MM-DD): unscheduled jobs (the tray), a lane per technician with the visits starting that day, and the conflicts (overlap, outside_shift, missing_skill).',
    input: boardQuery,
    rule: { permission: 'fsm:dispatch', access: 'read' },
    run: async (ctx, caller, { date }) => ({ board: await visits.board(ctx, caller, date) }),
  }),
];
