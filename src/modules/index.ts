import { buildRegistry } from '../core/module';
import { createRouter } from '../core/router';
import admin from './admin';
import apiKeys from './apiKeys';
import audit from './audit';
import auth from './auth';
import cmms from './cmms';
import companies from './companies';
import employees from './employees';
import fsm from './fsm';
import jobs from './jobs';
import mcp from './mcp';
import notifications from './notifications';
import partnerships from './partnerships';
import realtime from './realtime';
import services from './services';
import settings from './settings';
import webhooks from './webhooks';
import zettels from './zettels';

/**
 * THE module list. The app mounts their routes, the queue consumer runs their handlers and message kinds, the cron
 * runs their scheduled work, notifications apply their rules and webhooks offer their events — all from here.
 * Queue handlers run in this order for each event (realtime first: sockets hear it soonest).
 */
export const modules = [auth, companies, employees, partnerships, settings, jobs, services, cmms, fsm, zettels, realtime, notifications, webhooks, apiKeys, audit, mcp, admin] as const;

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
  .route('/', services.routes)
  .route('/', zettels.routes)
  .route('/', realtime.routes)
  .route('/', notifications.routes)
  .route('/', webhooks.routes)
  .route('/', cmms.routes)
  .route('/', fsm.routes)
  .route('/', apiKeys.routes)
  .route('/', audit.routes)
  .route('/', admin.routes);
