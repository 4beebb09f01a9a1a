// Shared helpers for the npm scripts (start, seed, e2e, bench): run wrangler locally, never against a remote account.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';

export const quietEnv = {
  ...process.env,
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
  CI: process.env.CI ?? '',
};

/** Runs a command to completion with inherited output; exits the process if it fails. */
export function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: opts.quiet ? 'pipe' : 'inherit', env: quietEnv, ...opts });
  if (res.status !== 0) {
    if (opts.quiet) process.stderr.write(`${res.stdout ?? ''}${res.stderr ?? ''}`);
    console.error(`✖ ${cmd} ${args.join(' ')} failed (exit ${res.status})`);
    process.exit(res.status ?? 1);
  }
  return res;
}

/** Makes sure .dev.vars holds a JWT_SECRET (generated once, never committed). */
export function ensureDevVars(file = '.dev.vars') {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (/^JWT_SECRET=.+$/m.test(current)) return;
  const line = `JWT_SECRET=${randomBytes(48).toString('base64url')}\n`;
  writeFileSync(file, current + (current && !current.endsWith('\n') ? '\n' : '') + line, { mode: 0o600 });
  console.log(`Generated a local JWT_SECRET in ${file}`);
}

export const stateArgs = (stateDir) => (stateDir ? ['--persist-to', stateDir] : []);

export function applyLocalMigrations(stateDir, quiet = false) {
  run('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local', ...stateArgs(stateDir)], { quiet });
}

/** Executes a SQL file against the LOCAL D1 only. */
export function executeLocalSql(file, stateDir, quiet = false) {
  run('wrangler', ['d1', 'execute', 'DB', '--local', '--file', file, ...stateArgs(stateDir)], { quiet });
}

/** Resolves if nothing listens on 127.0.0.1:port; rejects with a clear message otherwise. */
export function assertPortFree(port) {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err) =>
      reject(new Error(err.code === 'EADDRINUSE' ? `Port ${port} is already in use (another wrangler dev?). Stop it, or choose another port.` : err.message)),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/**
 * `wrangler dev` never fires cron triggers by itself; this runs the scheduled handler (outbox re-send, webhook
 * wake-ups, pruning) through its local endpoint every `ms`, as production's per-minute cron would. Returns a stop.
 */
export function fireScheduledEvery(port, ms = 60_000) {
  const fire = () => fetch(`http://127.0.0.1:${port}/cdn-cgi/local/scheduled`).then((r) => r.text()).catch(() => undefined);
  const timer = setInterval(fire, ms);
  timer.unref();
  void fire();
  return () => clearInterval(timer);
}

/**
 * Starts `wrangler dev` on 127.0.0.1 and resolves once /health answers; refuses a port that is already taken (so a
 * stale server is never measured or tested by mistake). `vars` are passed with --var. `group: true` starts it in its
 * own process group (kill it whole with process.kill(-child.pid, signal)). Stop it with stopDevServer.
 */
export async function startDevServer({ port = 8787, stateDir, vars = {}, logLevel, inherit = false, group = false } = {}) {
  await assertPortFree(port);
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(port), '--show-interactive-dev-session=false', ...stateArgs(stateDir)];
  for (const [k, v] of Object.entries(vars)) if (v !== undefined && v !== '') args.push('--var', `${k}:${v}`);
  if (logLevel) args.push('--log-level', logLevel);
  const child = spawn('wrangler', args, { stdio: inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'], env: quietEnv, detached: group });
  let output = '';
  if (!inherit) {
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
  }
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${output}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  child.kill('SIGINT');
  throw new Error(`wrangler dev did not become healthy within 90 s:\n${output}`);
}

export function stopDevServer(child) {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGINT');
    setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 10_000).unref();
  });
}
