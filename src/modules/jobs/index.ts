import { defineModule } from '../../core/module';
import { jobTools } from './jobs.tools';
import { jobEvents, jobNotifications } from './jobs.events';
import { routes } from './jobs.routes';
import { applications, jobCounts, jobs } from './jobs.table';

/** Jobs (public, internal, partner-shared), applications and their review. */
export default defineModule({
  name: 'jobs',
  routes,
  tables: [jobs, applications, jobCounts],
  events: jobEvents.specs,
  notifications: jobNotifications,
  tools: jobTools,
});
