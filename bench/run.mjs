// `npm run bench [-- --quick]`: fresh wrangler dev on a temporary D1 with a realistic dataset; HTTP load, D1 cost,
// real-time fan-out and webhook delivery; prints a table with PASS/FAIL per target and writes JSON to bench/results/.
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { applyLocalMigrations, executeLocalSql, run, startDevServer, stopDevServer } from '../scripts/lib.mjs';
import { cmmsSetup } from './cmms.mjs';
import { generate } from './dataset.mjs';
import { fsmSetup } from './fsm.mjs';
import { servicesSetup } from './services.mjs';
import { zettelsSetup } from './zettels.mjs';

const QUICK = process.argv.includes('--quick');
/** `--only=fanout` (what `npm run demo:realtime` runs) or `--only=webhooks`: one scenario, no HTTP load. */
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
/** `--only=list`: D1 cost of every route plus load on the bare route and the job list (fast iteration on queries). */
const PORT = Number(process.env.BENCH_PORT ?? 8795);
const BASE = `http://127.0.0.1:${PORT}`;
const SECRET = 'bench-jwt-secret-not-for-production-0123456789';
const CONNECTIONS = 32;
/** Seconds per route per round; routes are loaded in ROUNDS interleaved rounds and each figure is the median. */
const DURATION = QUICK ? 2 : 5;
const ROUNDS = 3;
const SOCKETS = QUICK ? 200 : 1000;
const FANOUT_EVENTS = QUICK ? 20 : 100;
const WEBHOOK_EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? (QUICK ? 200 : 1000));
/** Share of webhook attempts the local receiver fails (0.3 by default; 0 measures plain delivery throughput). */
const FAIL_RATE = Number(process.env.BENCH_FAIL_RATE ?? 0.3);
const t0 = Date.now();
const log = (...a) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s]`, ...a);

const b64url = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
function token(user) {
  const iat = Math.floor(Date.now() / 1000);
  const head = b64url({ alg: 'HS256', typ: 'JWT' });
  const body = b64url({ sub: user.id, id: user.id, email: user.email, companyId: user.company_id, role: user.role, iat, exp: iat + 3 * 3600 });
  return `${head}.${body}.${createHmac('sha256', SECRET).update(`${head}.${body}`).digest('base64url')}`;
}
const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

async function load(name, opts) {
  const res = await autocannon({ url: `${BASE}${opts.path}`, connections: CONNECTIONS, duration: DURATION, method: opts.method ?? 'GET', headers: opts.headers, body: opts.body });
  return { name, rps: res.requests.average, p50: res.latency.p50, p99: res.latency.p99, non2xx: res.non2xx, errors: res.errors, total: res.requests.total };
}

async function d1Cost(name, opts) {
  const res = await fetch(`${BASE}${opts.path}`, { method: opts.method ?? 'GET', headers: opts.headers, body: opts.body });
  const timing = res.headers.get('server-timing') ?? '';
  const num = (k) => Number(new RegExp(`${k};desc="(\\d+)"`).exec(timing)?.[1] ?? NaN);
  const body = await res.json();
  const returned = Array.isArray(body.data) ? body.data.length : body.data ? 1 : 0;
  const perStatement = /d1each;desc="([\d ]*)"/.exec(timing)?.[1] ?? '';
  return { name, status: res.status, roundTrips: num('d1rt'), rowsRead: num('d1read'), rowsWritten: num('d1write'), perStatement, returned, total: body.meta?.total };
}

async function fanout(sockets, events, user, admin) {
  const tok = token(user);
  const latencies = [];
  const started = new Map();
  /** Latencies by event (title), in the order the events were created. */
  const perEvent = new Map();
  let delivered = 0;
  const open = [];
  for (let i = 0; i < sockets; i += 50) {
    open.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(50, sockets - i) }, () =>
          new Promise((resolve, reject) => {
            const ws = new WebSocket(`ws://127.0.0.1:${PORT}/api/v1/realtime`, ['completo.v1', `bearer.${tok}`]);
            const timer = setTimeout(() => reject(new Error('socket not ready in 20 s')), 20_000);
            ws.onmessage = (e) => {
              const m = JSON.parse(e.data);
              if (m.type === 'realtime.ready') {
                clearTimeout(timer);
                resolve(ws);
              } else if (m.type === 'jobs.job.created' && started.has(m.data.title)) {
                delivered++;
                const ms = performance.now() - started.get(m.data.title);
                latencies.push(ms);
                perEvent.get(m.data.title)?.push(ms);
              }
            };
            ws.onerror = () => reject(new Error('socket error'));
          }),
        ),
      )),
    );
  }
  log(`fan-out: ${open.length} sockets ready`);
  const headers = { authorization: `Bearer ${token(admin)}`, 'content-type': 'application/json' };
  // One warm-up event first (reported, not in the percentiles), as the HTTP routes get a warm-up: the first delivery
  // to a fresh hub pays one-time costs (code paths compiled, the dedupe table created) that a live hub has paid.
  const warmTitle = `Fan-out warm-up ${Date.now()}`;
  started.set(warmTitle, performance.now());
  perEvent.set(warmTitle, []);
  const warm = await fetch(`${BASE}/api/v1/jobs`, { method: 'POST', headers, body: JSON.stringify({ title: warmTitle, description: 'Fan-out benchmark warm-up.', types: ['internal'], vacancies: 1 }) });
  if (warm.status !== 201) throw new Error(`job create failed: ${warm.status}`);
  const warmDeadline = Date.now() + 30_000;
  while (perEvent.get(warmTitle).length < sockets && Date.now() < warmDeadline) await new Promise((r) => setTimeout(r, 50));
  const warmup = { reached: perEvent.get(warmTitle).length, slowestMs: Math.round(Math.max(...perEvent.get(warmTitle))) };
  perEvent.delete(warmTitle);
  started.delete(warmTitle);
  latencies.length = 0;
  delivered = 0;
  for (let i = 0; i < events; i++) {
    const title = `Fan-out event ${i} ${Date.now()}`;
    started.set(title, performance.now());
    perEvent.set(title, []);
    const res = await fetch(`${BASE}/api/v1/jobs`, { method: 'POST', headers, body: JSON.stringify({ title, description: 'Fan-out benchmark event.', types: ['internal'], vacancies: 1 }) });
    if (res.status !== 201) throw new Error(`job create failed: ${res.status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const expected = sockets * events;
  const deadline = Date.now() + 30_000;
  while (delivered < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const ws of open) ws.close(1000);
  latencies.sort((a, b) => a - b);
  // Where the tail comes from: the slowest socket of each event (first events vs the slowest events).
  const slowest = [...perEvent.values()].map((l) => Math.max(...l));
  const byEvent = { firstEvents: slowest.slice(0, 3).map(Math.round), slowestEvents: [...slowest].sort((a, b) => b - a).slice(0, 3).map(Math.round) };
  return { sockets, events, expected, delivered, p50: pct(latencies, 50), p99: pct(latencies, 99), byEvent, warmup };
}

async function webhooks(events, admin) {
  const successes = new Map();
  let attempts = 0;
  let failuresServed = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      attempts++;
      if (Math.random() < FAIL_RATE) {
        failuresServed++;
        res.writeHead(500).end('simulated failure');
        return;
      }
      const id = req.headers['webhook-id'];
      successes.set(id, (successes.get(id) ?? 0) + 1);
      res.writeHead(204).end();
    });
  });
  // Keep idle connections open longer than the longest compressed retry gap, so that the only failures the Worker
  // sees are the simulated ones (Node's default 5 s keep-alive would add connection resets on reused sockets).
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const headers = { authorization: `Bearer ${token(admin)}`, 'content-type': 'application/json' };
  const reg = await fetch(`${BASE}/api/v1/webhooks`, { method: 'POST', headers, body: JSON.stringify({ url: `http://127.0.0.1:${server.address().port}/hook`, events: ['jobs.job.created'] }) });
  if (reg.status !== 201) throw new Error(`webhook registration failed: ${reg.status} ${await reg.text()}`);
  const endpointId = (await reg.json()).data.id;
  const startedAt = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < events) {
        const i = next++;
        const res = await fetch(`${BASE}/api/v1/jobs`, { method: 'POST', headers, body: JSON.stringify({ title: `Webhook event ${i}`, description: 'Webhook benchmark event.', types: ['internal'], vacancies: 1 }) });
        if (res.status !== 201) throw new Error(`job create failed: ${res.status}`);
      }
    }),
  );
  log(`webhooks: ${events} events created in ${((Date.now() - startedAt) / 1000).toFixed(1)} s; waiting for deliveries`);
  const deadline = Date.now() + (QUICK ? 120_000 : 300_000);
  while (successes.size < events && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  const seconds = (Date.now() - startedAt) / 1000;
  server.close();
  const duplicates = [...successes.values()].filter((n) => n > 1).length;
  const result = { events, delivered: successes.size, lost: events - successes.size, duplicates, attempts, failuresServed, seconds, deliveriesPerSecond: successes.size / seconds };
  if (result.lost > 0) result.diagnosis = await explainLoss(endpointId, headers, successes, events);
  return result;
}

/** For events not delivered: what the endpoint's delivery log says (attempts made, last error) vs never attempted. */
async function explainLoss(endpointId, headers, successes, events) {
  const byEvent = new Map();
  for (let page = 1; page < 100; page++) {
    const res = await (await fetch(`${BASE}/api/v1/webhooks/${endpointId}/deliveries?limit=100&page=${page}`, { headers })).json();
    for (const d of res.data) (byEvent.get(d.eventId) ?? byEvent.set(d.eventId, []).get(d.eventId)).push(d);
    if (res.data.length < 100) break;
  }
  const undelivered = [...byEvent].filter(([id, list]) => !successes.has(id) && !list.some((d) => d.success));
  const lines = undelivered.map(([id, list]) => `${id}: ${list.length} log rows, oldest first: ${list.map((d) => d.statusCode ?? d.error).reverse().join(' | ')}`);
  const neverAttempted = events - byEvent.size;
  return `${neverAttempted} event(s) never attempted; ${undelivered.length} attempted but not delivered${lines.length ? `:\n    ${lines.join('\n    ')}` : ''}`;
}

async function main() {
  const stateDir = mkdtempSync(join(tmpdir(), 'completo-bench-'));
  let server;
  try {
    log(`mode: ${QUICK ? 'quick' : 'full'}; machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
    run('vite', ['build', '--config', 'client/vite.config.ts', '--logLevel', 'error'], { quiet: true });
    applyLocalMigrations(stateDir, true);
    const data = generate(QUICK ? { jobs: 10_000, applications: 30_000 } : {});
    const sqlFile = join(stateDir, 'dataset.sql');
    writeFileSync(sqlFile, data.statements.join('\n'));
    const loadStart = Date.now();
    executeLocalSql(sqlFile, stateDir, true);
    log(`dataset loaded in ${((Date.now() - loadStart) / 1000).toFixed(1)} s:`, JSON.stringify(data.counts));
    server = await startDevServer({ port: PORT, stateDir, logLevel: 'error', vars: { ENVIRONMENT: 'development', LOG_LEVEL: 'error', D1_STATS: 'true', JWT_SECRET: SECRET, WEBHOOK_ALLOW_LOOPBACK: 'true', WEBHOOK_RETRY_SCALE: '0.0005', RATE_LIMIT_ANON_READ: '1000000000' } });
    log('wrangler dev is up');

    const member = data.users.find((u) => u.company_id === data.companies[1].id && u.role === 'cliente' && u.status === 'active');
    const admin = data.users.find((u) => u.company_id === data.companies[1].id && u.role === 'admin_empresa' && u.status === 'active');
    const auth = { authorization: `Bearer ${token(member)}` };
    const visibleJob = data.jobs.find((j) => j.is_public === 1 && j.status === 'open');
    const admin1 = { authorization: `Bearer ${token(admin)}`, 'content-type': 'application/json' };
    /**
     * floor: what any D1-backed route costs here (/health runs SELECT 1); `vsFloor` routes are held to ≥ 85 % of its
     * req/s and ≤ 1.5× its p99. `read` routes are held to the D1 budget. `skip` runs the same route with a step skipped
     * (x-bench-skip, bench mode only) to price that step.
     */
    const routes = [
      { name: 'bare route (/api/v1/ping)', path: '/api/v1/ping' },
      { name: '/health', path: '/health', floor: true },
      { name: 'job list (partner member)', path: '/api/v1/jobs', headers: auth, read: true, vsFloor: true },
      { name: 'job list, no revocation check', path: '/api/v1/jobs', headers: { ...auth, 'x-bench-skip': 'revocation' }, of: 'job list (partner member)' },
      { name: 'job list, no D1 session', path: '/api/v1/jobs', headers: { ...auth, 'x-bench-skip': 'session' }, of: 'job list (partner member)' },
      { name: 'job list + search', path: '/api/v1/jobs?search=tecnico%20manutencao', headers: auth, read: true },
      { name: 'job by id', path: `/api/v1/jobs/${visibleJob.id}`, headers: auth, read: true },
      { name: 'create job', path: '/api/v1/jobs', method: 'POST', headers: admin1, body: JSON.stringify({ title: 'Bench job', description: 'Created by the benchmark.', types: ['internal'], requiredSkills: ['hvac'], vacancies: 1 }), write: true },
    ];
    if (ONLY === 'fanout') {
      const fan = await fanout(SOCKETS, FANOUT_EVENTS, member, admin);
      console.log(`\nFan-out: ${fan.sockets} sockets of one company × ${fan.events} events created through the API: delivered ${fan.delivered}/${fan.expected}, latency from the API call's start p50 ${fan.p50?.toFixed(0)} ms, p99 ${fan.p99?.toFixed(0)} ms; slowest socket of the first events ${fan.byEvent.firstEvents.join(', ')} ms, of the slowest events ${fan.byEvent.slowestEvents.join(', ')} ms; warm-up event (not counted) reached ${fan.warmup.reached}/${fan.sockets}, slowest ${fan.warmup.slowestMs} ms\n`);
      return;
    }
    if (ONLY === 'webhooks') {
      const wh = await webhooks(WEBHOOK_EVENTS, data.users.find((u) => u.company_id === data.companies[3].id && u.role === 'admin_empresa' && u.status === 'active'));
      console.log(`\nWebhooks (receiver failing ${(FAIL_RATE * 100).toFixed(0)}%): ${wh.delivered}/${wh.events} delivered, ${wh.lost} lost, ${wh.duplicates} twice, ${wh.attempts} attempts, ${wh.seconds.toFixed(1)} s, ${wh.deliveriesPerSecond.toFixed(1)} deliveries/s${wh.diagnosis ? `\n  not delivered: ${wh.diagnosis}` : ''}\n`);
      return;
    }
    if (ONLY === 'list') {
      for (const r of routes) {
        const c = await d1Cost(r.name, r);
        console.log(`${r.name}: ${c.roundTrips} round trips, ${c.rowsRead} rows read (per statement: ${c.perStatement}), ${c.returned} returned`);
      }
      const extra = (process.env.BENCH_EXTRA ?? '').split(',').filter(Boolean).map((path) => ({ name: path, path, headers: path.includes('anon') ? {} : auth }));
      for (const r of [routes[0], routes[2], ...extra]) {
        const h = await load(r.name, r);
        console.log(`${r.name}: ${h.rps.toFixed(0)} req/s, p50 ${h.p50} ms, p99 ${h.p99} ms`);
      }
      return;
    }
    // The modules' scenarios build their data through the API and add their routes (services, maintenance…).
    const scenarios = [];
    for (const setup of [servicesSetup, cmmsSetup, zettelsSetup, fsmSetup]) scenarios.push(await setup({ BASE, token, data, d1Cost, log, quick: QUICK }));
    routes.push(...scenarios.flatMap((sc) => sc.routes));
    log('warming up');
    for (const r of routes.filter((x) => !x.method && !x.once).slice(0, 6)) await autocannon({ url: `${BASE}${r.path}`, connections: 8, duration: 2, headers: r.headers });

    // Every route's D1 cost once (`once` routes — single writes such as an accept — only this).
    const costOf = new Map();
    for (const r of routes) costOf.set(r.name, await d1Cost(r.name, r));
    const measured = routes.filter((r) => !r.once);
    const costs = measured.map((r) => costOf.get(r.name));
    // Interleaved rounds: every route sees the same machine conditions (a slow minute on a shared VM would otherwise
    // land on whichever route ran then), and each figure is the median over the rounds.
    // Writes go last, after the read rounds: they leave queue and hub work running for a while after their load
    // ends, which would otherwise slow whichever route comes next.
    const runs = measured.map(() => []);
    const reads = measured.filter((r) => !r.method);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const r of reads) runs[measured.indexOf(r)].push(await load(r.name, r));
      log(`round ${round}/${ROUNDS}: ${reads.map((r) => `${r.name} ${runs[measured.indexOf(r)].at(-1).rps.toFixed(0)}`).join(', ')} req/s`);
    }
    for (const r of measured.filter((x) => x.method)) for (let round = 1; round <= ROUNDS; round++) runs[measured.indexOf(r)].push(await load(r.name, r));
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const http = runs.map((rs) => ({
      name: rs[0].name,
      rps: median(rs.map((x) => x.rps)),
      p50: median(rs.map((x) => x.p50)),
      p99: median(rs.map((x) => x.p99)),
      non2xx: rs.reduce((n, x) => n + x.non2xx, 0),
      errors: rs.reduce((n, x) => n + x.errors, 0),
      total: rs.reduce((n, x) => n + x.total, 0),
      rounds: rs.map((x) => ({ rps: x.rps, p50: x.p50, p99: x.p99 })),
    }));
    const fan = await fanout(SOCKETS, FANOUT_EVENTS, member, admin);
    log(`fan-out: ${fan.delivered}/${fan.expected}, p50 ${fan.p50?.toFixed(0)} ms, p99 ${fan.p99?.toFixed(0)} ms`);
    const otherAdmin = data.users.find((u) => u.company_id === data.companies[3].id && u.role === 'admin_empresa' && u.status === 'active');
    const wh = await webhooks(WEBHOOK_EVENTS, otherAdmin);
    log(`webhooks: ${wh.delivered}/${wh.events} in ${wh.seconds.toFixed(1)} s`);
    const extras = [];
    for (const sc of scenarios) extras.push({ lines: sc.lines ?? [], targets: [], ...(sc.after ? await sc.after() : {}) });

    const byName = Object.fromEntries(http.map((h, i) => [h.name, { ...h, cost: costs[i], route: measured[i] }]));
    const floor = http.find((h, i) => measured[i].floor);
    const refused = http.reduce((n, h) => n + h.non2xx + h.errors, 0);
    const pctOf = (a, b) => `${((a / b) * 100).toFixed(0)}%`;
    const idle = http.filter((h) => h.total === 0).map((h) => h.name);
    const targets = [
      [`every measured request answered 2xx (${refused} did not)`, refused === 0],
      [`every measured route completed requests (${idle.length ? `none for: ${idle.join(', ')}` : 'all did'})`, idle.length === 0],
      ...routes
        .filter((r) => r.vsFloor)
        .flatMap((r) => {
          const h = byName[r.name];
          return [
            [`${r.name} ≥ 85% of /health req/s (${pctOf(h.rps, floor.rps)}: ${h.rps.toFixed(0)} vs ${floor.rps.toFixed(0)})`, h.rps > 0 && h.rps >= 0.85 * floor.rps],
            [`${r.name} p99 ≤ 1.5× /health p99 (${h.p99} vs ${floor.p99} ms)`, h.total > 0 && h.p99 <= 1.5 * Math.max(floor.p99, 1)],
          ];
        }),
      ...routes
        .filter((r) => r.of && r.headers['x-bench-skip'] === 'revocation')
        .map((r) => {
          const [withCheck, without] = [byName[r.of], byName[r.name]];
          return [`${r.of} with the revocation check within 5% of without (${pctOf(withCheck.rps, without.rps)} of ${without.rps.toFixed(0)} req/s)`, without.rps > 0 && withCheck.rps >= 0.95 * without.rps];
        }),
      ...routes
        .filter((r) => r.read)
        .map((r) => {
          const c = costOf.get(r.name);
          return [`${r.name}: ≤ 2 round trips (${c.roundTrips}), rows read ≤ 3×${c.returned}+50 (${c.rowsRead})`, c.status === 200 && c.roundTrips <= 2 && c.rowsRead <= 3 * c.returned + 50];
        }),
      ...routes.filter((r) => r.write && r.once).map((r) => [`${r.name} answered 2xx (${costOf.get(r.name).status})`, costOf.get(r.name).status < 300]),
      ...extras.flatMap((x) => x.targets),
      [`fan-out 100% delivered (${fan.delivered}/${fan.expected})`, fan.delivered === fan.expected],
      [`fan-out p99 ≤ 250 ms (${fan.p99?.toFixed(0)} ms)`, fan.p99 <= 250],
      [`webhooks 100% delivered, 0 lost (${wh.delivered}/${wh.events})`, wh.lost === 0],
      [`webhooks never delivered twice (${wh.duplicates} duplicates)`, wh.duplicates === 0],
    ];
    const sessionCost = routes.find((r) => r.of && r.headers['x-bench-skip'] === 'session');
    const sessionNote = sessionCost ? `D1 sessions: ${sessionCost.of} at ${pctOf(byName[sessionCost.of].rps, byName[sessionCost.name].rps)} of the same list without a session (p99 ${byName[sessionCost.of].p99} vs ${byName[sessionCost.name].p99} ms)` : '';

    const lines = [];
    const row = (...cells) => lines.push(`| ${cells.join(' | ')} |`);
    lines.push(`Completo bench (${QUICK ? 'quick' : 'full'}) — ${new Date().toISOString()} — ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${cpus()[0]?.model ?? ''}`, '');
    row('route', 'req/s', 'p50 ms', 'p99 ms', '× /health', 'non-2xx', 'D1 round trips', 'rows read', 'rows returned');
    row('---', '---', '---', '---', '---', '---', '---', '---', '---');
    http.forEach((h, i) => row(h.name, h.rps.toFixed(0), h.p50, h.p99, (h.rps / floor.rps).toFixed(2), h.non2xx, costs[i].roundTrips, costs[i].rowsRead, costs[i].returned));
    const writes = routes.filter((r) => r.write).map((r) => costOf.get(r.name));
    lines.push('', `Writes (D1 cost of one): ${writes.map((c) => `${c.name} ${c.roundTrips} round trip(s), ${c.rowsRead} rows read, ${c.rowsWritten} written`).join('; ')}`);
    const single = routes.filter((r) => r.once && !r.write).map((r) => costOf.get(r.name));
    if (single.length) lines.push(`Other reads (D1 cost of one): ${single.map((c) => `${c.name} ${c.roundTrips} round trip(s), ${c.rowsRead} rows read for ${c.returned}`).join('; ')}`);
    if (sessionNote) lines.push('', sessionNote);
    for (const x of extras) lines.push(...x.lines);
    lines.push('', `Fan-out: ${fan.sockets} sockets × ${fan.events} events: delivered ${fan.delivered}/${fan.expected}, p50 ${fan.p50?.toFixed(0)} ms, p99 ${fan.p99?.toFixed(0)} ms (from the API call's start); before them a warm-up event reached ${fan.warmup.reached}/${fan.sockets} sockets, slowest ${fan.warmup.slowestMs} ms`);
    if (wh.diagnosis) lines.push(`Webhooks not delivered: ${wh.diagnosis}`);
    lines.push(`Webhooks: ${wh.events} events, receiver failing ${(FAIL_RATE * 100).toFixed(0)}% of attempts: ${wh.delivered} delivered, ${wh.lost} lost, ${wh.duplicates} delivered twice, ${wh.attempts} attempts (${wh.failuresServed} failed), all delivered after ${wh.seconds.toFixed(1)} s, ${wh.deliveriesPerSecond.toFixed(1)} deliveries/s (retry schedule ×0.0005)`);
    lines.push('', 'Targets:');
    for (const [label, pass] of targets) lines.push(`  ${pass ? 'PASS' : 'FAIL'}  ${label}`);
    lines.push('', `Total bench time ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    console.log(`\n${lines.join('\n')}\n`);
    mkdirSync('bench/results', { recursive: true });
    const file = `bench/results/${new Date().toISOString().replace(/[:.]/g, '-')}${QUICK ? '-quick' : ''}.json`;
    writeFileSync(file, JSON.stringify({ quick: QUICK, machine: { cores: cpus().length, model: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version }, dataset: data.counts, http, costs: Object.fromEntries(costOf), fanout: fan, webhooks: wh, scenarios: extras.map((x) => x.lines), targets: targets.map(([label, pass]) => ({ label, pass })) }, null, 2));
    log(`results written to ${file}`);
    // Figures over answers that were not 2xx measure the wrong thing (a 401 or 429 is cheap): never a valid run.
    if (refused > 0) {
      console.error(`✖ ${refused} measured request(s) did not answer 2xx: the figures above are not valid`);
      process.exitCode = 1;
    }
  } finally {
    await stopDevServer(server);
    rmSync(stateDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
