import { eventsOf } from '../../core/events/outbox';

export const settingsEvents = eventsOf({
  'settings.settings.updated': { audience: 'admins', description: 'Platform settings changed (data.changes lists the fields).' },
});
