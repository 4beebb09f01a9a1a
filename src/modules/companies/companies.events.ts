import { eventsOf } from '../../core/events/outbox';

export const companyEvents = eventsOf({
  'companies.company.updated': { audience: 'company', description: "The company's profile changed (data.changes lists the fields)." },
});
