import type { Area } from '../types';

export default {
  label: 'Main',
  menu: 'Menu',
  home: 'Completo, start page',
  groups: {
    hiring: 'Hiring',
    marketplace: 'Marketplace',
    maintenance: 'Maintenance',
    fieldService: 'Field service',
    knowledge: 'Knowledge',
    company: 'Company',
    integrations: 'Integrations',
    platform: 'Platform',
  },
  items: {
    jobBoard: 'Job board',
    ourJobs: 'Our jobs',
    myApplications: 'My applications',
    overview: 'Overview',
    companyProfile: 'Company profile',
    team: 'Team',
    partners: 'Partners',
    auditLog: 'Audit log',
    webhooks: 'Webhooks',
    apiKeys: 'API keys',
    aiAssistant: 'AI assistants',
    apiDocs: 'API reference',
    platformSettings: 'Platform settings',
  },
  account: 'Your account',
} as const satisfies Area;
