import { defineModule } from '../../core/module';
import { partnerships } from '../../core/tenancy/tenancy.table';
import { partnershipEvents, partnershipNotifications } from './partnerships.events';
import { routes } from './partnerships.routes';

/** Partnerships between companies: invite, accept/decline, end (the table is core tenancy: every scope reads it). */
export default defineModule({
  name: 'partnerships',
  routes,
  tables: [partnerships],
  events: partnershipEvents.specs,
  notifications: partnershipNotifications,
});
