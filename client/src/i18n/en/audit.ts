import type { Area } from '../types';

export default {
  title: 'Audit log',
  intro:
    'Who did what with API keys and AI assistants, and the changes that matter most: every change made with an API key, every tool an assistant used, role changes, and keys created or revoked. Newest first.',
  introStaff:
    'Every company’s audit log: changes made with API keys, tools used by AI assistants, role changes, and keys created or revoked. Newest first.',
  list: 'Entries',
  filters: {
    label: 'Filter the audit log',
    actor: 'Who',
    anyone: 'Anyone',
    keys: 'API keys',
    people: 'People',
    action: 'Action',
    anyAction: 'Any action',
    known: 'Assistants, keys and roles',
    rest: 'Changes made with an API key',
    from: 'From',
    to: 'To',
    clear: 'Clear filters',
  },
  actions: {
    mcpToolCalled: 'Assistant used a tool',
    keyCreated: 'API key created',
    keyRevoked: 'API key revoked',
    roleChanged: 'Role changed',
  },
  columns: { time: 'When', actor: 'Who', action: 'Action', target: 'On', status: 'Result', company: 'Company' },
  actor: { user: 'Person', apiKey: 'API key', unknown: 'Removed', only: 'Show only {name}' },
  kinds: {
    tool: 'Tool',
    job: 'Job',
    application: 'Application',
    employee: 'Person',
    user: 'Person',
    company: 'Company',
    invite: 'Partnership invite',
    partnership: 'Partnership',
    endpoint: 'Webhook endpoint',
    apiKey: 'API key',
    settings: 'Settings',
  },
  status: { ok: 'OK', error: 'Failed' },
  empty: 'Nothing recorded yet',
  emptyHint: 'Entries appear when an API key changes something, an assistant uses a tool, a role changes, or a key is created or revoked.',
  emptyFiltered: 'No entries match these filters.',
} as const satisfies Area;
