import { buildRegistry } from '../core/module';
import { createRouter } from '../core/router';
import admin from './admin';
import auth from './auth';
import companies from './companies';
import employees from './employees';
import jobs from './jobs';
import notifications from './notifications';
import partnerships from './partnerships';
import realtime from './realtime';
import settings from './settings';
import webhooks from './webhooks';
import zettels from './zettels';

/**
 * THE module list. The app mounts their routes, the queue consumer runs their handlers and message kinds, the cron
 * runs their scheduled work, notifications apply their rules and webhooks offer their events — all from here.
 * Queue handlers run in this order for each event (realtime first: sockets hear it soonest).
 */
export const modules = [auth, companies, employees, partnerships, settings, jobs, zettels, realtime, notifications, webhooks, admin] as const;

export const registry = buildRegistry(modules);

/**
 * The modules' routes, mounted at /api/v1 by the app. Spelled out once more because the typed client (`hc<AppType>`)
 * needs a chain of `.route()` calls to see every path; `test/openapi.test.ts` fails if a module is missing here.
 */
export const moduleRoutes = createRouter()
  .route('/', auth.routes)
  .route('/', companies.routes)
  .route('/', employees.routes)
  .route('/', partnerships.routes)
  .route('/', settings.routes)
  .route('/', jobs.routes)
  .route('/', zettels.routes)
  .route('/', realtime.routes)
  .route('/', notifications.routes)
  .route('/', webhooks.routes)
  .route('/', admin.routes);
