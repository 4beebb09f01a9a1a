// `npm run demo:webhooks`: starts the app on a throwaway local D1, a local receiver that verifies every delivery with
// the `standardwebhooks` package (what integrators use), registers it, creates a few events and prints each delivery.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { applyLocalMigrations, run, startDevServer, stopDevServer } from '../scripts/lib.mjs';

const PORT = Number(process.env.DEMO_PORT ?? 8796);
const BASE = `http://127.0.0.1:${PORT}`;
const stateDir = mkdtempSync(join(tmpdir(), 'completo-demo-'));
let server;
let receiver;
try {
  run('vite', ['build', '--config', 'client/vite.config.ts', '--logLevel', 'error'], { quiet: true });
  applyLocalMigrations(stateDir, true);
  server = await startDevServer({ port: PORT, stateDir, logLevel: 'error', vars: { ENVIRONMENT: 'development', LOG_LEVEL: 'error', WEBHOOK_ALLOW_LOOPBACK: 'true', JWT_SECRET: 'demo-secret-0123456789abcdef' } });
  const api = async (method, path, token, body) => {
    const res = await fetch(`${BASE}/api/v1${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${json.error}`);
    return json.data;
  };
  const owner = await api('POST', '/auth/register', null, { companyName: 'Demo Webhooks Co', name: 'Dana', email: `demo-${Date.now()}@example.com`, password: 'demo-password-123' });
  let wh;
  let received = 0;
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      try {
        const event = wh.verify(body, req.headers);
        received++;
        console.log(`✔ verified ${req.headers['webhook-id']}  ${event.type.padEnd(28)} ${JSON.stringify(event.data).slice(0, 70)}`);
        res.writeHead(204).end();
      } catch (err) {
        console.log(`✖ rejected delivery: ${err.message}`);
        res.writeHead(400).end();
      }
    });
  });
  await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
  const endpoint = await api('POST', '/webhooks', owner.token, { url: `http://127.0.0.1:${receiver.address().port}/hook`, events: ['*'], description: 'demo receiver' });
  wh = new Webhook(endpoint.secret);
  console.log(`Registered ${endpoint.url} (secret ${endpoint.secret.slice(0, 12)}…); creating events…\n`);
  await api('POST', `/webhooks/${endpoint.id}/test`, owner.token);
  for (let i = 1; i <= 3; i++) await api('POST', '/jobs', owner.token, { title: `Demo job ${i}`, description: 'Created by npm run demo:webhooks.', types: ['public'], vacancies: 1 });
  const job = await api('POST', '/jobs', owner.token, { title: 'Demo job to close', description: 'Created by npm run demo:webhooks.', types: ['internal'], vacancies: 1 });
  await api('PATCH', `/jobs/${job.id}`, owner.token, { status: 'closed' });
  for (let i = 0; i < 100 && received < 6; i++) await new Promise((r) => setTimeout(r, 100));
  console.log(`\n${received} deliveries received and verified.`);
} finally {
  receiver?.close();
  await stopDevServer(server);
  rmSync(stateDir, { recursive: true, force: true });
}
