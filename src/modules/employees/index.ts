import { defineModule } from '../../core/module';
import { users } from '../../core/tenancy/tenancy.table';
import { employeeEvents } from './employees.events';
import { routes } from './employees.routes';

/** A company's users: add, change role/skills/status, remove (the users table is core tenancy). */
export default defineModule({ name: 'employees', routes, tables: [users], events: employeeEvents.specs });
