import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { HonoEnv } from './core/env';
import { ok } from './core/envelope';
import { corsFromAllowlist, initServices, limitBody } from './core/http/middleware';
import { requestLogger } from './core/logging';
import { openApiDocument } from './core/openapi/document';
import { doc } from './core/openapi/meta';
import { notFoundHandler, onError } from './core/on-error';
import { createRouter } from './core/router';
import type { ModuleDef } from './core/module';
import { moduleRoutes, modules, registry } from './modules';

const platform = createRouter()
  // The cheapest route through the full middleware stack: the benchmark's ceiling, and a liveness probe.
  .get('/ping', doc({ summary: 'Liveness (no database)', tag: 'platform', response: z.strictObject({ pong: z.literal(true) }) }), (c) => ok(c, { pong: true as const }))
  .get('/openapi.json', doc({ summary: 'This API as an OpenAPI 3.1 document', tag: 'platform' }), (c) => c.json(openApiDoc()))
  .get('/docs', doc({ summary: 'Interactive API reference (HTML)', tag: 'platform' }), (c) => {
    c.header('Content-Security-Policy', DOCS_CSP);
    return c.html(DOCS_PAGE);
  });

/** Each module's routes already carry their prefix (`/jobs`, `/webhooks`…), so every module mounts at the root. */
const api = createRouter().route('/', platform).route('/', moduleRoutes);

export const app = new Hono<HonoEnv>()
  .use(requestId({ headerName: 'X-Request-Id' }))
  .use(requestLogger)
  .use(secureHeaders())
  .use('/api/*', corsFromAllowlist)
  .use(limitBody)
  .use(initServices(registry))
  .get('/health', async (c) => {
    try {
      await c.var.db.run(sql`SELECT 1`);
      return c.json({ status: 'healthy', timestamp: new Date().toISOString(), database: 'connected' });
    } catch {
      return c.json({ status: 'unhealthy', timestamp: new Date().toISOString(), database: 'unreachable' }, 503);
    }
  })
  .route('/api/v1', api);

// Routes outside /api/v1 that modules declare (e.g. /mcp); not part of the typed client.
for (const m of modules as readonly ModuleDef[]) if (m.rootRoutes) app.route('/', m.rootRoutes);

app.onError(onError);
app.notFound(notFoundHandler);

export type AppType = typeof app;

let cachedDoc: ReturnType<typeof openApiDocument> | undefined;
/** Built once per isolate from the app's own routes: the validators, auth and `doc()` metadata of each. */
function openApiDoc() {
  cachedDoc ??= openApiDocument(
    app.routes.filter((r) => r.path.startsWith('/api/v1/')),
    {
      title: 'Completo API',
      version: '1.1.0',
      description:
        'Multi-tenant B2B operations platform. Envelopes: `{ success: true, data, meta? }` / `{ success: false, error, code, details? }`. Lists take `page`, `limit` (≤ 100), `sortBy`, `sortOrder`. Authenticate with `Authorization: Bearer <access token>` from /api/v1/auth/login. Events reach WebSockets (/api/v1/realtime) and signed webhooks.',
    },
  );
  return cachedDoc;
}

/**
 * The reference page's own policy (the web app's is in client/public/_headers): scripts and styles only from this
 * origin, no inline script; Swagger UI's stylesheet draws its icons as data: SVGs, and "Try it out" calls this
 * origin's API.
 */
const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Swagger UI, served from this origin (see client/vite.config.ts), initialised by an external script. */
const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Completo API reference</title>
<link rel="stylesheet" href="/vendor/swagger-ui/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/vendor/swagger-ui/init.js"></script>
</body>
</html>`;
