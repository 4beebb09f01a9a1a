// `npm run drill:crash`: stop the server hard (SIGKILL) and cleanly (SIGINT) in the middle of acknowledged writes,
// restart it on the same local state, and prove that every event of every write that happened reached its webhook
// receiver and its notification — none missing; a duplicate is allowed only as a retry with the same webhook-id.
// Loopback only, bounded in time; exits 1 on any missing delivery or notification.
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyLocalMigrations, fireScheduledEvery, startDevServer } from './lib.mjs';

const PORT = Number(process.env.DRILL_PORT ?? 8797);
const BASE = `http://127.0.0.1:${PORT}`;
const JOBS = Number(process.env.DRILL_JOBS ?? 500);
const KILL_AFTER = Number(process.env.DRILL_KILL_AFTER ?? 200);
const RECOVERY_S = Number(process.env.DRILL_RECOVERY_S ?? 240);
const t0 = Date.now();
const log = (...a) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const stateDir = mkdtempSync(join(tmpdir(), 'completo-drill-'));
const vars = {
  ENVIRONMENT: 'development',
  LOG_LEVEL: 'error',
  JWT_SECRET: 'drill-secret-not-for-production-0123456789abcdef',
  WEBHOOK_ALLOW_LOOPBACK: 'true',
  // Re-send unprocessed events and wake overdue deliveries after 10 s instead of 90 s, so the drill stays short.
  OUTBOX_RESEND_AFTER_S: '10',
};

/** The receiver: every delivery by webhook-id, and which job each one was about. */
const received = new Map();
const jobOfEvent = new Map();
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    const id = req.headers['webhook-id'];
    received.set(id, (received.get(id) ?? 0) + 1);
    try {
      const event = JSON.parse(body);
      if (event.type === 'jobs.job.created') jobOfEvent.set(id, event.data.jobId);
    } catch {
      // counted by id anyway
    }
    res.writeHead(204).end();
  });
});
receiver.keepAliveTimeout = 120_000;

let server;
let stopCron = () => {};
async function start() {
  server = await startDevServer({ port: PORT, stateDir, vars, logLevel: 'error', group: true });
  stopCron = fireScheduledEvery(PORT, 5_000);
}
async function stop(signal) {
  stopCron();
  const exited = new Promise((r) => server.once('exit', r));
  process.kill(-server.pid, signal);
  await Promise.race([exited, sleep(15_000)]);
  if (server.exitCode === null && server.signalCode === null) process.kill(-server.pid, 'SIGKILL');
  // Wait for the port to be free again (workerd children exit with the group).
  for (let i = 0; i < 50; i++) {
    try {
      await fetch(`${BASE}/health`);
      await sleep(200);
    } catch {
      return;
    }
  }
}

const api = async (method, path, token, body) => {
  const res = await fetch(`${BASE}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json().catch(() => null) };
};

/** Creates jobs with `concurrency` requests in flight; stops early when `stopWhen()` says so. Returns acknowledged ids. */
async function createJobs(token, n, { concurrency = 8, perSecond, stopWhen = () => false, label }) {
  const acked = [];
  let next = 0;
  let stopped = false;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (!stopped && next < n) {
        const i = next++;
        if (perSecond) await sleep(Math.max(0, started + (i * 1000) / perSecond - Date.now()));
        try {
          const res = await api('POST', '/jobs', token, { title: `${label} ${i}`, description: 'A job created by the crash drill.', types: ['internal'], requiredSkills: ['drill'], vacancies: 1 });
          if (res.status === 201) acked.push(res.body.data.id);
        } catch {
          // the server went away mid-request: not acknowledged
        }
        if (stopWhen(acked.length)) stopped = true;
      }
    }),
  );
  return acked;
}

/** Every job stored, every webhook received for it, the deliveries log, and the skilled member's notification count. */
async function check(token, endpointId, watcherToken, acknowledged) {
  const stored = [];
  for (let page = 1; ; page++) {
    const res = await api('GET', `/jobs?limit=100&page=${page}`, token);
    stored.push(...res.body.data.map((j) => j.id));
    if (res.body.data.length < 100) break;
  }
  const deliveredJobs = new Set(jobOfEvent.values());
  const missing = stored.filter((id) => !deliveredJobs.has(id));
  const lostAcks = acknowledged.filter((id) => !stored.includes(id));
  const logged = new Set();
  for (let page = 1; ; page++) {
    const res = await api('GET', `/webhooks/${endpointId}/deliveries?limit=100&page=${page}`, token);
    for (const d of res.body.data) if (d.success) logged.add(d.eventId);
    if (res.body.data.length < 100) break;
  }
  const unlogged = [...received.keys()].filter((id) => jobOfEvent.has(id) && !logged.has(id));
  const inbox = await api('GET', '/notifications?limit=100', watcherToken);
  const notified = inbox.body.data.filter((n) => n.type === 'jobs.job.created').reduce((sum, n) => sum + n.count, 0);
  const duplicated = [...received.values()].filter((n) => n > 1).length;
  return { acknowledged: acknowledged.length, stored: stored.length, lostAcks: lostAcks.length, delivered: stored.length - missing.length, missing: missing.length, duplicated, unlogged: unlogged.length, notified };
}

async function waitForRecovery(token, endpointId, watcherToken, acknowledged) {
  const deadline = Date.now() + RECOVERY_S * 1000;
  let result;
  while (Date.now() < deadline) {
    result = await check(token, endpointId, watcherToken, acknowledged);
    if (result.missing === 0 && result.unlogged === 0 && result.notified === result.stored) return result;
    await sleep(3_000);
  }
  return result;
}

const print = (name, r) =>
  log(
    `${name}: acknowledged ${r.acknowledged} · stored ${r.stored} (acknowledged but not stored: ${r.lostAcks}) · delivered ${r.delivered} · missing ${r.missing} · ` +
      `duplicated ${r.duplicated} (same webhook-id, retries) · delivered but not in the log ${r.unlogged} · notifications ${r.notified}/${r.stored}`,
  );

let failed = false;
try {
  log(`state: ${stateDir}`);
  applyLocalMigrations(stateDir, true);
  await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
  await start();
  const reg = await api('POST', '/auth/register', undefined, { companyName: 'Drill Co', name: 'Owner', email: 'owner@drill.test', password: 'drill-password-123' });
  const token = reg.body.data.token;
  const watcher = await api('POST', '/employees', token, { name: 'Watcher', email: 'watcher@drill.test', password: 'drill-password-123', role: 'cliente', skills: ['drill'] });
  const watcherLogin = await api('POST', '/auth/login', undefined, { email: watcher.body.data.email, password: 'drill-password-123' });
  const endpoint = await api('POST', '/webhooks', token, { url: `http://127.0.0.1:${receiver.address().port}/hook`, events: ['*'] });
  const endpointId = endpoint.body.data.id;

  log(`SIGKILL drill: ${JOBS} job creations, 8 at a time; the server group is killed after ${KILL_AFTER} acknowledgements`);
  let killed;
  const acked = await createJobs(token, JOBS, {
    label: 'Kill',
    stopWhen: (n) => {
      if (n >= KILL_AFTER && !killed) killed = stop('SIGKILL');
      return Boolean(killed);
    },
  });
  await killed;
  log(`killed with ${acked.length} acknowledged; restarting on the same state`);
  await start();
  // Tokens outlive the restart (same secret); fetch a fresh one anyway in case it expired.
  const after = await waitForRecovery(token, endpointId, watcherLogin.body.data.token, acked);
  print('after SIGKILL', after);
  failed ||= after.missing > 0 || after.lostAcks > 0 || after.unlogged > 0 || after.notified !== after.stored;

  log('SIGINT drill: steady 50 requests/s for 6 s, then a clean stop under load');
  let interrupted;
  const steadyStart = Date.now();
  const acked2 = await createJobs(token, 1000, {
    label: 'Stop',
    perSecond: 50,
    stopWhen: () => {
      if (Date.now() - steadyStart > 6_000 && !interrupted) interrupted = stop('SIGINT');
      return Boolean(interrupted);
    },
  });
  await interrupted;
  log(`stopped with ${acked2.length} more acknowledged; restarting`);
  await start();
  const after2 = await waitForRecovery(token, endpointId, watcherLogin.body.data.token, [...acked, ...acked2]);
  print('after SIGINT', after2);
  failed ||= after2.missing > 0 || after2.lostAcks > 0 || after2.unlogged > 0 || after2.notified !== after2.stored;
} catch (err) {
  console.error(err);
  failed = true;
} finally {
  stopCron();
  if (server && server.exitCode === null) {
    try {
      process.kill(-server.pid, 'SIGINT');
    } catch {
      // already gone
    }
    await sleep(2000);
  }
  receiver.close();
  rmSync(stateDir, { recursive: true, force: true });
}
log(failed ? 'FAIL: something acknowledged was lost' : 'PASS: nothing acknowledged was lost');
process.exit(failed ? 1 : 0);
