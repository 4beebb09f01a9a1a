// Every table, for the typed drizzle client and drizzle-kit. Removing a module removes its line here.
export * from '../events/events.table';
export * from '../../modules/companies/companies.table';
export * from '../../modules/auth/auth.table';
export * from '../../modules/partnerships/partnerships.table';
export * from '../../modules/settings/settings.table';
export * from '../../modules/jobs/jobs.table';
export * from '../../modules/notifications/notifications.table';
export * from '../../queue/queue.table';
export * from '../../modules/webhooks/webhooks.table';
