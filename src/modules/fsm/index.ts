import { defineModule } from '../../core/module';
import { fsmEvents, fsmNotifications } from './fsm.events';
import { routes } from './fsm.routes';
import { counts, customers, jobs, sites, technicians, visits, visitTechnicians } from './fsm.table';
import { fsmTools } from './fsm.tools';

/**
 * Field service (FSM): customers and their sites, technician profiles (skills, UTC shifts, home base), field jobs and
 * their visits, a live dispatch board with conflicts, the technician's day with status steps and signature, and a
 * tracking link for the customer. A contractor turns a CMMS work order contracted to it into a field job; completing
 * it completes the work order (CMMS handles `fsm.job.completed`).
 */
export default defineModule({
  name: 'fsm',
  routes,
  tables: [customers, sites, technicians, jobs, visits, visitTechnicians, counts],
  events: fsmEvents.specs,
  notifications: fsmNotifications,
  tools: fsmTools,
});
