import { defineModule } from '../../core/module';
import { routes } from './settings.routes';
import { settingsEvents } from './settings.events';
import { systemSettings } from './settings.table';

/** Platform-wide settings (the service fee), cached per isolate for at most 30 s. */
export default defineModule({ name: 'settings', routes, tables: [systemSettings], events: settingsEvents.specs });
