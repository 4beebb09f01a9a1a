import { eventsOf } from '../../core/events/outbox';

export const apiKeyEvents = eventsOf({
  'apiKeys.key.created': { audience: 'admins', description: 'An API key was created (data: keyId, name, scopes).' },
  'apiKeys.key.revoked': { audience: 'admins', description: 'An API key was revoked (data: keyId, name).' },
});
