// `npm run test:e2e`: build the app, start it on a fresh local D1 with demo data, run the browser suite, stop it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyLocalMigrations, ensureDevVars, run, startDevServer, stopDevServer } from './lib.mjs';
import { seedLocal } from './seed.mjs';

const port = Number(process.env.E2E_PORT ?? 8791);
const stateDir = mkdtempSync(join(tmpdir(), 'completo-e2e-'));
ensureDevVars();
run('vite', ['build', '--config', 'client/vite.config.ts', '--logLevel', 'warn']);
applyLocalMigrations(stateDir, true);
seedLocal(stateDir, true);
const started = Date.now();
const server = await startDevServer({ port, stateDir, vars: { ENVIRONMENT: 'development', WEBHOOK_ALLOW_LOOPBACK: 'true' }, logLevel: 'error' });
let status = 1;
try {
  // The suite reads the message catalogues' .ts sources (Node strips their types; the warning says so once).
  // E2E_GREP=<regex> runs only the flows whose names match (node --test-name-pattern).
  const grep = process.env.E2E_GREP ? [`--test-name-pattern=${process.env.E2E_GREP}`] : [];
  const res = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', '--test', '--test-concurrency=1', ...grep, 'test/e2e/app.test.mjs'], {
    stdio: 'inherit',
    env: { ...process.env, E2E_BASE_URL: `http://127.0.0.1:${port}` },
  });
  status = res.status ?? 1;
} finally {
  await stopDevServer(server);
  rmSync(stateDir, { recursive: true, force: true });
}
console.log(`e2e finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(status);
