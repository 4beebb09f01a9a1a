import { exports } from 'cloudflare:workers';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import { registry } from '../src/modules';
import { addStaff, addUser, BASE, call, expectError, registerCompany, type Tenant } from './helpers';

/** A key of `t`'s company with these scopes. */
async function key(t: Tenant, scopes: string[], extra: Record<string, unknown> = {}) {
  const res = await call('POST', '/api/v1/api-keys', { token: t.admin.token, body: { name: `key ${scopes.join(' ')}`, scopes, ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as { id: string; key: string; prefix: string };
}

/** The official SDK client, speaking Streamable HTTP to the Worker's own fetch handler. */
async function connect(credential: string) {
  const transport = new StreamableHTTPClientTransport(new URL(`${BASE}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${credential}` } },
    fetch: (input, init) => exports.default.fetch(new Request(input, init)),
  });
  const client = new Client({ name: 'completo-tests', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

const toolNames = async (client: Client) => (await client.listTools()).tools.map((t) => t.name).sort();
const post = (path: string, headers: Record<string, string>, body: unknown) =>
  exports.default.fetch(new Request(`${BASE}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: JSON.stringify(body) }));
const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };

describe('POST /mcp', () => {
  it('asks for credentials with WWW-Authenticate, refuses keys without the mcp scope and foreign browser origins', async () => {
    const res = await post('/mcp', {}, initialize);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="Completo MCP"/);
    expect(await res.json()).toMatchObject({ success: false, code: 'UNAUTHENTICATED' });
    const bad = await post('/mcp', { authorization: 'Bearer cpk_not-a-key' }, initialize);
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toMatch(/invalid_token/);
    const t = await registerCompany();
    const noMcp = await key(t, ['jobs:read']);
    expect((await post('/mcp', { authorization: `Bearer ${noMcp.key}` }, initialize)).status).toBe(403);
    const ok = await key(t, ['mcp', 'jobs:read']);
    expect((await post('/mcp', { authorization: `Bearer ${ok.key}`, origin: 'https://evil.example.com' }, initialize)).status).toBe(403);
    const accepted = await post('/mcp', { authorization: `Bearer ${ok.key}`, origin: 'https://app.example.com' }, initialize);
    expect(accepted.status).toBe(200);
    expect(accepted.headers.get('x-request-id'), 'every response carries X-Request-Id').toMatch(/^[\w-]{8,}$/);
    expect(await accepted.json()).toMatchObject({ result: { protocolVersion: '2025-11-25', serverInfo: { name: 'completo' } } });
  });

  it('speaks only the contract versions: an older initialize gets the latest, an older header is 400', async () => {
    const t = await registerCompany();
    const k = await key(t, ['mcp']);
    const auth = { authorization: `Bearer ${k.key}` };
    const res = await post('/mcp', auth, { ...initialize, params: { ...initialize.params, protocolVersion: '2024-11-05' } });
    expect(((await res.json()) as { result: { protocolVersion: string } }).result.protocolVersion).toBe('2025-11-25');
    const old = await post('/mcp', { ...auth, 'mcp-protocol-version': '2024-11-05' }, { jsonrpc: '2.0', id: 2, method: 'tools/list' });
    expect(old.status).toBe(400);
    expect(((await old.json()) as { error: { message: string } }).error.message).toMatch(/Unsupported protocol version: 2024-11-05/);
    const current = await post('/mcp', { ...auth, 'mcp-protocol-version': '2025-06-18' }, { jsonrpc: '2.0', id: 3, method: 'tools/list' });
    expect(current.status).toBe(200);
  });

  it.each(['2025-06-18', '2025-03-26'])('negotiates protocol %s too', async (version) => {
    const t = await registerCompany();
    const k = await key(t, ['mcp']);
    const res = await post('/mcp', { authorization: `Bearer ${k.key}` }, { ...initialize, params: { ...initialize.params, protocolVersion: version } });
    expect(((await res.json()) as { result: { protocolVersion: string } }).result.protocolVersion).toBe(version);
  });

  it('lists only the tools the caller may use: by key scopes, and by role for users', async () => {
    const t = await registerCompany();
    expect(await toolNames(await connect((await key(t, ['mcp'])).key))).toEqual([]);
    expect(await toolNames(await connect((await key(t, ['mcp', 'jobs:read'])).key))).toEqual(['get_job', 'list_applications', 'search_jobs']);
    expect(await toolNames(await connect((await key(t, ['mcp', 'jobs:read', 'jobs:write'])).key))).toEqual(['create_job', 'get_job', 'list_applications', 'review_application', 'search_jobs']);
    const member = await addUser(t.company.id, 'cliente');
    // A cliente may not manage jobs; an inbox belongs to a user, never to a key.
    expect(await toolNames(await connect(member.token))).toEqual([
      'create_zettel', 'get_job', 'get_zettel', 'list_notifications', 'list_work_orders', 'record_meter_reading', 'search_jobs', 'search_services',
      'search_zettels', 'update_work_order_status',
    ]);
    expect(await toolNames(await connect(t.admin.token))).toEqual([
      'create_job', 'create_work_order', 'create_zettel', 'fsm_board', 'get_job', 'get_zettel', 'list_applications', 'list_notifications', 'list_work_orders',
      'record_meter_reading', 'review_application', 'search_jobs', 'search_services', 'search_zettels', 'submit_proposal', 'update_work_order_status',
    ]);
  });

  it('creates and searches jobs with a key, inside its tenant only, and audits every call', async () => {
    const t = await registerCompany();
    const other = await registerCompany();
    await call('POST', '/api/v1/jobs', { token: other.admin.token, body: { title: 'Secret internal role', description: 'Not for other companies.', types: ['internal'], vacancies: 1 } });
    const k = await key(t, ['mcp', 'jobs:read', 'jobs:write']);
    const client = await connect(k.key);
    const created = await client.callTool({ name: 'create_job', arguments: { title: 'Assistant-posted welder', description: 'Posted by an AI assistant.', types: ['internal'], vacancies: 2 } });
    expect(created.isError).toBeFalsy();
    const job = (created.structuredContent as { job: { id: string; companyId: string; title: string } }).job;
    expect(job).toMatchObject({ companyId: t.company.id, title: 'Assistant-posted welder' });
    const found = await client.callTool({ name: 'search_jobs', arguments: { search: 'welder' } });
    expect((found.structuredContent as { jobs: { id: string }[] }).jobs.map((j) => j.id)).toEqual([job.id]);
    const secret = await client.callTool({ name: 'search_jobs', arguments: { search: 'secret internal' } });
    expect((secret.structuredContent as { total: number }).total).toBe(0);
    const missing = await client.callTool({ name: 'get_job', arguments: { id: crypto.randomUUID() } });
    expect(missing.isError).toBe(true);
    expect((missing.content as { text: string }[])[0]!.text).toMatch(/^NOT_FOUND/);
    const invalid = await client.callTool({ name: 'create_job', arguments: { title: 'x' } });
    expect(invalid.isError).toBe(true);
    expect((invalid.content as { text: string }[])[0]!.text).toMatch(/^VALIDATION_FAILED: Invalid title/);
    // A tool the key may not use does not exist for it (the attempt is still recorded).
    await expect(client.callTool({ name: 'list_notifications', arguments: {} })).rejects.toThrow(/Unknown tool/);
    await expect(client.callTool({ name: 'drop_tables', arguments: {} })).rejects.toThrow(/Unknown tool/);

    const audit = await call('GET', '/api/v1/audit?limit=100', { token: t.admin.token });
    const rows = audit.body.data as { action: string; actor: { kind: string; id: string; name: string }; target: Record<string, string>; status: string }[];
    const calls = rows.filter((r) => r.action === 'mcp.tool.called');
    expect(calls.map((r) => `${r.target.name}:${r.status}`).sort()).toEqual(['create_job:ok', 'create_job:error', 'get_job:error', 'search_jobs:ok', 'search_jobs:ok', 'list_notifications:error', 'drop_tables:error'].sort());
    expect(calls[0]!.actor).toEqual({ kind: 'apiKey', id: k.id, name: 'key mcp jobs:read jobs:write' });
    // The write itself is audited too, as the event it emitted.
    expect(rows.find((r) => r.action === 'jobs.job.created')).toMatchObject({ actor: { kind: 'apiKey', id: k.id }, target: { kind: 'job', id: job.id } });
    expect((await call('GET', '/api/v1/audit?limit=100', { token: other.admin.token })).body.data.filter((r: { action: string }) => r.action === 'mcp.tool.called')).toEqual([]);
  });

  it('serves the zettels the caller can see as completo://zettels/<id> resources (markdown), never a personal one to a key', async () => {
    const t = await registerCompany();
    const shared = await call('POST', '/api/v1/zettels', { token: t.admin.token, body: { title: 'Pump procedure', body: 'Isolate, then **drain**.', visibility: 'company' } });
    const personal = await call('POST', '/api/v1/zettels', { token: t.admin.token, body: { title: 'My own note', body: 'Private.', visibility: 'personal' } });
    expect(shared.status).toBe(201);
    const client = await connect((await key(t, ['mcp', 'zettels:read'])).key);
    const uris = (await client.listResources()).resources.map((r) => r.uri);
    expect(uris).toEqual([`completo://zettels/${shared.body.data.id}`]);
    const read = await client.readResource({ uri: `completo://zettels/${shared.body.data.id}` });
    expect(read.contents[0]).toMatchObject({ mimeType: 'text/markdown', text: '# Pump procedure\n\nIsolate, then **drain**.' });
    await expect(client.readResource({ uri: `completo://zettels/${personal.body.data.id}` })).rejects.toThrow(/not found/i);
    const other = await registerCompany();
    const stranger = await connect((await key(other, ['mcp', 'zettels:read'])).key);
    await expect(stranger.readResource({ uri: `completo://zettels/${shared.body.data.id}` })).rejects.toThrow(/not found/i);
  });

  it('refuses a revoked key at once', async () => {
    const t = await registerCompany();
    const k = await key(t, ['mcp', 'jobs:read']);
    const client = await connect(k.key);
    expect((await client.callTool({ name: 'search_jobs', arguments: {} })).isError).toBeFalsy();
    expect((await call('DELETE', `/api/v1/api-keys/${k.id}`, { token: t.admin.token })).status).toBe(200);
    expect((await post('/mcp', { authorization: `Bearer ${k.key}` }, initialize)).status).toBe(401);
  });

  it('registers every contract tool whose module exists', () => {
    const contract: Record<string, string> = {
      search_jobs: 'jobs', get_job: 'jobs', create_job: 'jobs', list_applications: 'jobs', review_application: 'jobs',
      search_services: 'services', submit_proposal: 'services',
      search_zettels: 'zettels', get_zettel: 'zettels', create_zettel: 'zettels',
      list_work_orders: 'cmms', create_work_order: 'cmms', update_work_order_status: 'cmms', record_meter_reading: 'cmms',
      fsm_board: 'fsm', list_notifications: 'notifications',
    };
    const present = new Set(registry.modules.map((m) => m.name));
    const missing = Object.entries(contract).filter(([tool, module]) => present.has(module) && !registry.tools.has(tool));
    expect(missing).toEqual([]);
    for (const [tool, module] of Object.entries(contract)) if (registry.tools.has(tool)) expect(registry.tools.get(tool)!.module).toBe(module);
  });
});

describe('API keys', () => {
  it('are shown once, listed by prefix, and validated (scopes, expiry); admin_empresa of the company only', async () => {
    const t = await registerCompany();
    const k = await key(t, ['jobs:read', 'jobs:read', 'mcp']);
    expect(k.key).toMatch(/^cpk_[A-Za-z0-9_-]{40,}$/);
    expect(k.prefix).toBe(k.key.slice(0, 8));
    const listed = await call('GET', '/api/v1/api-keys', { token: t.admin.token });
    expect(listed.body.data[0]).toMatchObject({ id: k.id, prefix: k.prefix, scopes: ['jobs:read', 'mcp'], lastUsedAt: null, revokedAt: null });
    expect(JSON.stringify(listed.body)).not.toContain(k.key);
    const badScope = await call('POST', '/api/v1/api-keys', { token: t.admin.token, body: { name: 'x', scopes: ['employees:write'] } });
    expectError(badScope, 400, 'VALIDATION_FAILED');
    expectError(await call('POST', '/api/v1/api-keys', { token: t.admin.token, body: { name: 'x', scopes: ['mcp'], expiresAt: '2020-01-01T00:00:00Z' } }), 400, 'VALIDATION_FAILED');
    const member = await addUser(t.company.id, 'cliente');
    expectError(await call('GET', '/api/v1/api-keys', { token: member.token }), 403, 'FORBIDDEN');
    const other = await registerCompany();
    expectError(await call('DELETE', `/api/v1/api-keys/${k.id}`, { token: other.admin.token }), 404, 'NOT_FOUND');
    expectError(await call('GET', '/api/v1/api-keys', { token: k.key }), 403, 'FORBIDDEN');
  });

  it('act on the REST routes of their scopes only; never on people, partners, webhooks, keys, audit, company or settings', async () => {
    const t = await registerCompany();
    const reader = await key(t, ['jobs:read']);
    const writer = await key(t, ['jobs:read', 'jobs:write']);
    expect((await call('GET', '/api/v1/jobs', { token: reader.key })).status).toBe(200);
    expectError(await call('POST', '/api/v1/jobs', { token: reader.key, body: { title: 'Nope', description: 'Not with a read key.', types: ['public'], vacancies: 1 } }), 403, 'FORBIDDEN');
    const posted = await call('POST', '/api/v1/jobs', { token: writer.key, body: { title: 'Key job', description: 'Posted with an API key.', types: ['internal'], vacancies: 1 } });
    expect(posted.status).toBe(201);
    expect(posted.body.data.companyId).toBe(t.company.id);
    // Its company's internal job is visible to the key (it acts for its company).
    expect((await call('GET', `/api/v1/jobs/${posted.body.data.id}`, { token: reader.key })).status).toBe(200);
    const denied: [string, string][] = [
      ['GET', '/api/v1/employees'],
      ['GET', '/api/v1/partnerships'],
      ['GET', '/api/v1/webhooks'],
      ['GET', '/api/v1/api-keys'],
      ['GET', '/api/v1/audit'],
      ['GET', `/api/v1/companies/${t.company.id}`],
      ['GET', '/api/v1/companies/directory'],
      ['GET', '/api/v1/settings'],
      ['GET', '/api/v1/notifications'],
      ['GET', '/api/v1/auth/me'],
      ['GET', '/api/v1/applications/mine'],
    ];
    for (const [method, path] of denied) expectError(await call(method, path, { token: writer.key }), 403, 'FORBIDDEN');
    const mcpOnly = await key(t, ['mcp']);
    expectError(await call('GET', '/api/v1/jobs', { token: mcpOnly.key }), 403, 'FORBIDDEN'); // also on a route open to anonymous callers
    // …the token-addressed public pages included: a credential sent there must be valid and carry the module's scope.
    const token = 'A'.repeat(43);
    expectError(await call('GET', `/api/v1/public/visits/${token}`), 404, 'NOT_FOUND');
    expectError(await call('GET', `/api/v1/public/visits/${token}`, { token: mcpOnly.key }), 403, 'FORBIDDEN');
    expectError(await call('GET', `/api/v1/public/visits/${token}`, { token: 'cpk_not-a-key' }), 401, 'UNAUTHENTICATED');
    expectError(await call('GET', `/api/v1/public/visits/${token}`, { token: (await key(t, ['fsm:read'])).key }), 404, 'NOT_FOUND');
    expectError(await call('GET', `/api/v1/public/assets/${token}`, { token: mcpOnly.key }), 403, 'FORBIDDEN');
    const cmmsReader = (await key(t, ['cmms:read'])).key;
    expectError(await call('GET', `/api/v1/public/assets/${token}`, { token: cmmsReader }), 404, 'NOT_FOUND');
    const filing = { title: 'Leak', description: 'Water under the pump.', requesterName: 'Ana', requesterEmail: 'ana@example.com' };
    expectError(await call('POST', `/api/v1/public/assets/${token}/requests`, { token: cmmsReader, body: filing }), 403, 'FORBIDDEN');
  });

  it('record lastUsedAt, expire, and stop at once when revoked; 25 per company', async () => {
    const t = await registerCompany();
    const k = await key(t, ['jobs:read']);
    await call('GET', '/api/v1/jobs', { token: k.key });
    await expect.poll(async () => (await call('GET', '/api/v1/api-keys', { token: t.admin.token })).body.data[0].lastUsedAt).not.toBeNull();
    await call('DELETE', `/api/v1/api-keys/${k.id}`, { token: t.admin.token });
    expectError(await call('GET', '/api/v1/jobs', { token: k.key }), 401, 'UNAUTHENTICATED');
    expectError(await call('DELETE', `/api/v1/api-keys/${k.id}`, { token: t.admin.token }), 409, 'CONFLICT');
    const soon = await key(t, ['jobs:read'], { expiresAt: new Date(Date.now() + 1500).toISOString() });
    expect((await call('GET', '/api/v1/jobs', { token: soon.key })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    expectError(await call('GET', '/api/v1/jobs', { token: soon.key }), 401, 'UNAUTHENTICATED');
    for (let i = 0; i < 24; i++) await key(t, ['jobs:read']);
    expectError(await call('POST', '/api/v1/api-keys', { token: t.admin.token, body: { name: 'one too many', scopes: ['mcp'] } }), 409, 'CONFLICT');
  }, 20_000);
});

describe('writes made with an API key', () => {
  it('are all in the audit log: as the event they emit, or as the request when they emit none', async () => {
    const t = await registerCompany();
    const k = await key(t, ['cmms:write', 'services:write', 'zettels:write']);
    const wo = await call('POST', '/api/v1/cmms/workorders', { token: t.admin.token, body: { title: 'Replace the belt' } });
    // Deleting a work order and creating an offering emit no event: the audit names the request.
    expect((await call('DELETE', `/api/v1/cmms/workorders/${wo.body.data.id}`, { token: k.key })).status).toBe(200);
    const offering = await call('POST', '/api/v1/offerings', { token: k.key, body: { title: 'Boiler servicing', description: 'Annual service of gas boilers.', category: 'maintenance' } });
    expect(offering.status, JSON.stringify(offering.body)).toBe(201);
    // A key writes company zettels in the name of the admin who made it (a zettel's author is a user).
    const note = await call('POST', '/api/v1/zettels', { token: k.key, body: { title: 'Written by a key', body: 'Via the API.', visibility: 'company' } });
    expect(note.status, JSON.stringify(note.body)).toBe(201);
    expect(note.body.data).toMatchObject({ authorId: t.admin.user.id, authorName: 'Owner' });
    const rows = (await call('GET', `/api/v1/audit?actorId=${k.id}`, { token: t.admin.token })).body.data as { action: string; target: Record<string, string | null> }[];
    expect(rows.map((r) => r.action).sort()).toEqual(['DELETE /api/v1/cmms/workorders/:id', 'POST /api/v1/offerings', 'zettels.zettel.created'].sort());
    expect(rows.find((r) => r.action.startsWith('DELETE'))!.target).toEqual({ kind: 'route', id: wo.body.data.id, path: `/api/v1/cmms/workorders/${wo.body.data.id}` });
    // A user's writes are not audited this way, and a key's reads never are.
    await call('GET', '/api/v1/cmms/workorders', { token: (await key(t, ['cmms:read'])).key });
    expect((await call('GET', '/api/v1/audit', { token: t.admin.token })).body.data.filter((r: { action: string }) => r.action.startsWith('GET') || r.action === 'POST /api/v1/cmms/workorders')).toEqual([]);
  });
});

describe('GET /api/v1/audit', () => {
  it('records role changes and key creation/revocation; admins see their company, staff all; filters work', async () => {
    const t = await registerCompany();
    const u = await addUser(t.company.id, 'cliente');
    await call('PATCH', `/api/v1/employees/${u.user.id}`, { token: t.admin.token, body: { role: 'admin_empresa' } });
    const k = await key(t, ['mcp']);
    await call('DELETE', `/api/v1/api-keys/${k.id}`, { token: t.admin.token });
    const all = await call('GET', '/api/v1/audit', { token: t.admin.token });
    expect(all.body.data.map((r: { action: string }) => r.action)).toEqual(['apiKeys.key.revoked', 'apiKeys.key.created', 'employees.role.changed']);
    expect(all.body.data[2]).toMatchObject({ actor: { kind: 'user', id: t.admin.user.id, name: 'Owner' }, target: { kind: 'user', id: u.user.id, from: 'cliente', to: 'admin_empresa' }, status: 'ok' });
    expect((await call('GET', '/api/v1/audit?action=employees.role.changed', { token: t.admin.token })).body.meta.total).toBe(1);
    expect((await call('GET', `/api/v1/audit?actorId=${u.user.id}`, { token: t.admin.token })).body.meta.total).toBe(0);
    expect((await call('GET', `/api/v1/audit?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, { token: t.admin.token })).body.meta.total).toBe(0);
    expectError(await call('GET', '/api/v1/audit?from=yesterday', { token: t.admin.token }), 400, 'VALIDATION_FAILED');
    // Bounds given to the second still hold at that second (stored times carry milliseconds).
    const newest = all.body.data[0].createdAt as string;
    const second = `${newest.slice(0, 19)}Z`;
    const next = `${new Date(Date.parse(second) + 1000).toISOString().slice(0, 19)}Z`;
    const between = await call('GET', `/api/v1/audit?action=apiKeys.key.revoked&from=${second}&to=${next}`, { token: t.admin.token });
    expect(between.body.meta.total).toBe(1);
    expect((await call('GET', `/api/v1/audit?action=apiKeys.key.revoked&to=${second}`, { token: t.admin.token })).body.meta.total).toBe(newest.endsWith('.000Z') ? 1 : 0);
    const staff = await addStaff('admin');
    const seen = await call('GET', `/api/v1/audit?actorId=${t.admin.user.id}`, { token: staff.token });
    expect(seen.body.meta.total).toBe(3);
    expectError(await call('GET', '/api/v1/audit', { token: u.token }), 401, 'UNAUTHENTICATED'); // promoted: their old token was revoked
    const other = await registerCompany();
    expect((await call('GET', '/api/v1/audit', { token: other.admin.token })).body.meta.total).toBe(0);
  });
});
