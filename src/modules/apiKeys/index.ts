import { apiKeys } from '../../core/auth/api-keys.table';
import { defineModule } from '../../core/module';
import { apiKeyEvents } from './apiKeys.events';
import { routes } from './apiKeys.routes';

/** API keys for integrations and AI assistants (the table and the authentication are core; this manages them). */
export default defineModule({ name: 'apiKeys', routes, tables: [apiKeys], events: apiKeyEvents.specs });
