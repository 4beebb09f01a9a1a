import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { sql } from 'drizzle-orm';
import type { HonoEnv } from './core/env';
import { corsFromAllowlist, initServices, limitBody } from './core/http/middleware';
import { requestLogger } from './core/logging';
import { notFoundHandler, onError } from './core/on-error';
import { createRouter } from './core/router';
import { authRoutes } from './modules/auth/auth.routes';
import { companiesRoutes } from './modules/companies/companies.routes';
import { employeesRoutes } from './modules/employees/employees.routes';
import { partnershipsRoutes } from './modules/partnerships/partnerships.routes';
import { settingsRoutes } from './modules/settings/settings.routes';
import { applicationsRoutes, jobsRoutes } from './modules/jobs/jobs.routes';
import { notificationsRoutes } from './modules/notifications/notifications.routes';
import { adminRoutes } from './modules/admin/admin.routes';
import { realtimeRoutes } from './realtime/realtime.routes';
import { webhooksRoutes } from './modules/webhooks/webhooks.routes';

const api = createRouter()
  // The cheapest route through the full middleware stack: the benchmark's ceiling, and a liveness probe.
  .get('/ping', (c) => c.json({ success: true as const, data: { pong: true } }))
  .route('/auth', authRoutes)
  .route('/companies', companiesRoutes)
  .route('/employees', employeesRoutes)
  .route('/partnerships', partnershipsRoutes)
  .route('/settings', settingsRoutes)
  .route('/jobs', jobsRoutes)
  .route('/applications', applicationsRoutes)
  .route('/notifications', notificationsRoutes)
  .route('/realtime', realtimeRoutes)
  .route('/webhooks', webhooksRoutes)
  .route('/admin', adminRoutes);

export const app = new Hono<HonoEnv>()
  .use(requestId({ headerName: 'X-Request-Id' }))
  .use(requestLogger)
  .use(secureHeaders())
  .use('/api/*', corsFromAllowlist)
  .use(limitBody)
  .use(initServices)
  .get('/health', async (c) => {
    try {
      await c.var.db.run(sql`SELECT 1`);
      return c.json({ status: 'healthy', timestamp: new Date().toISOString(), database: 'connected' });
    } catch {
      return c.json({ status: 'unhealthy', timestamp: new Date().toISOString(), database: 'unreachable' }, 503);
    }
  })
  .route('/api/v1', api);

app.onError(onError);
app.notFound(notFoundHandler);

export type AppType = typeof app;
