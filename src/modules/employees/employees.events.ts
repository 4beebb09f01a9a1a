import { eventsOf } from '../../core/events/outbox';

export const employeeEvents = eventsOf({
  'companies.employee.created': { audience: 'admins', description: 'A user was added to the company.' },
  'companies.employee.updated': { audience: 'admins', description: 'A user changed (name, role, skills or status; data.changes lists them; data.revokedUserIds when their sessions ended).' },
  'companies.employee.deleted': { audience: 'admins', description: 'A user was removed from the company.' },
});
