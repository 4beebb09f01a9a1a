import { env } from 'cloudflare:workers';
import { createExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { app } from '../src/app';
import { buildRegistry, defineModule, type ModuleDef } from '../src/core/module';
import { modules } from '../src/modules';
import { call } from './helpers';
import wranglerToml from '../wrangler.toml?raw';

type Doc = { openapi: string; paths: Record<string, Record<string, { summary: string; security: unknown[]; responses: Record<string, unknown>; requestBody?: unknown; parameters?: { name: string; in: string }[] }>>; components: { schemas: Record<string, unknown> } };

const served = () =>
  app.routes
    .filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'ALL')
    .map((r) => ({ method: r.method.toLowerCase(), path: r.path.replace(/:(\w+)/g, '{$1}') }));

describe('GET /api/v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document with every route the app serves, each documented', async () => {
    const res = await call<Doc>('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const missing = served().filter((r) => !res.body.paths[r.path]?.[r.method]);
    expect(missing).toEqual([]);
    // `doc()` gives each operation its summary; without it the generator falls back to "METHOD /path".
    const undocumented = served().filter((r) => /^(GET|POST|PATCH|PUT|DELETE) \//.test(res.body.paths[r.path]![r.method]!.summary));
    expect(undocumented).toEqual([]);
  });

  it('documents requests, responses, errors and security from the same schemas the routes use', async () => {
    const { body } = await call<Doc>('GET', '/api/v1/openapi.json');
    const create = body.paths['/api/v1/jobs']!.post!;
    expect(create.requestBody).toMatchObject({ content: { 'application/json': { schema: { properties: { title: { minLength: 3, maxLength: 200 } } } } } });
    expect(Object.keys(create.responses).sort()).toEqual(['201', '400', '401', '403', '413', '415']);
    expect(create.security).toEqual([{ bearerAuth: [] }]);
    const list = body.paths['/api/v1/jobs']!.get!;
    expect(list.security).toEqual([{}, { bearerAuth: [] }]);
    expect(list.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['page', 'limit', 'sortBy', 'search', 'types']));
    expect(body.paths['/api/v1/jobs/{id}']!.get!.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path' })]);
    expect(body.paths['/api/v1/auth/login']!.post!.security).toEqual([]);
    // Every reference resolves.
    const refs = [...JSON.stringify(body).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(10);
    expect(refs.filter((r) => !body.components.schemas[r])).toEqual([]);
    expect(body.components.schemas.Job).toMatchObject({ type: 'object', properties: { types: { type: 'array' } } });
  });

  it('serves an interactive reference at /api/v1/docs from this origin', async () => {
    const res = await call('GET', '/api/v1/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.body).toContain('/vendor/swagger-ui/swagger-ui-bundle.js');
    expect(res.body).not.toMatch(/https?:\/\//);
  });
});

describe('the module list', () => {
  it('mounts every route of every module (the typed mount chain cannot forget one)', () => {
    const mounted = new Set(app.routes.map((r) => `${r.method} ${r.path}`));
    const forgotten = (modules as readonly ModuleDef[]).flatMap((m) =>
      (m.routes?.routes ?? []).filter((r) => !mounted.has(`${r.method} /api/v1${r.path}`)).map((r) => `${m.name}: ${r.method} ${r.path}`),
    );
    expect(forgotten).toEqual([]);
  });

  it('refuses an event declared twice and a notification rule for an undeclared event', () => {
    const a = defineModule({ name: 'a', events: { 'a.thing.done': { audience: 'company', description: '' } } });
    expect(() => buildRegistry([a, a])).toThrow(/declared twice/);
    const rule = { to: async () => [], title: () => '', body: () => '', groupKey: () => '' };
    expect(() => buildRegistry([defineModule({ name: 'b', notifications: { 'b.nope': rule } })])).toThrow(/undeclared event b.nope/);
  });

  it('declares an audience for every event type', () => {
    const registry = buildRegistry(modules);
    expect(registry.events.size).toBeGreaterThan(15);
    for (const [type, spec] of registry.events) {
      expect(type).toMatch(/^[a-z][a-zA-Z]*(\.[a-z_]+){1,2}$/);
      expect(['company', 'admins', 'users']).toContain(spec.audience);
    }
  });
});

describe('configuration', () => {
  it('sends every Worker route (the API, /health and module root routes such as /mcp) past the static assets', () => {
    const line = /^run_worker_first = (\[.*\])$/m.exec(wranglerToml)?.[1];
    const paths = JSON.parse(line ?? '[]') as string[];
    const rootPaths = (modules as readonly ModuleDef[]).flatMap((m) => (m.rootRoutes?.routes ?? []).map((r) => r.path));
    expect(rootPaths).toContain('/mcp');
    for (const p of ['/api/*', '/health', ...new Set(rootPaths)]) expect(paths).toContain(p);
  });

  it('fails every request loudly when JWT_SECRET is missing', async () => {
    const res = await app.fetch(new Request('http://completo.test/api/v1/ping'), { ...env, JWT_SECRET: undefined } as unknown as Env, createExecutionContext());
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ success: false, code: 'INTERNAL' });
  });
});
