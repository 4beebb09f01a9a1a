import { defineModule } from '../../core/module';
import { cmmsEvents, cmmsNotifications } from './cmms.events';
import { fieldJobCompletedHandler } from './cmms.fsm-link';
import { generateDueByTime, pmMeterHandler } from './cmms.pm';
import { routes } from './cmms.routes';
import { cmmsTools } from './cmms.tools';
import { assets, counts, downtimes, locations, meters, notes, partUses, parts, readings, requests, schedules, timeLogs, workOrderAssignees, workOrders } from './cmms.table';

/**
 * Maintenance (CMMS): locations, assets with meters and downtime, preventive maintenance by time and by meter, work
 * orders with their status flow, parts, maintenance requests (also from a public portal per asset), KPIs, and work
 * orders contracted to partner companies.
 */
export default defineModule({
  name: 'cmms',
  routes,
  tables: [locations, assets, meters, readings, schedules, workOrders, workOrderAssignees, timeLogs, partUses, notes, parts, requests, downtimes, counts],
  events: cmmsEvents.specs,
  notifications: cmmsNotifications,
  // fieldJobCompletedHandler: a contractor's field job (FSM) completed the work order it was made from.
  handlers: [pmMeterHandler, fieldJobCompletedHandler],
  tools: cmmsTools,
  // Time-based PM: every minute, the schedules whose generation time has come (meter-based PM runs on each reading).
  cron: (ctx) => generateDueByTime(ctx),
});
