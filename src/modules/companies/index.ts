import { defineModule } from '../../core/module';
import { companies } from '../../core/tenancy/tenancy.table';
import { companyEvents } from './companies.events';
import { routes } from './companies.routes';

/** Company profiles, the company list and the directory (the tables are core tenancy). */
export default defineModule({ name: 'companies', routes, tables: [companies], events: companyEvents.specs });
