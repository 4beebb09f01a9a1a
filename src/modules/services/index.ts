import { defineModule } from '../../core/module';
import { serviceEvents, serviceNotifications } from './services.events';
import { routes } from './services.routes';
import { serviceTools } from './services.tools';
import { companyRatings, engagements, offerings, proposals, serviceCounts, serviceRequests, serviceReviews } from './services.table';

/** The services marketplace: requests, proposals, acceptance with the fee frozen, engagements, reviews, offerings. */
export default defineModule({
  name: 'services',
  routes,
  tables: [serviceRequests, serviceCounts, proposals, engagements, serviceReviews, companyRatings, offerings],
  events: serviceEvents.specs,
  notifications: serviceNotifications,
  tools: serviceTools,
});
