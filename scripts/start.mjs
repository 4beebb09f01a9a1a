// `npm start`: build the client, migrate and seed the local D1, then serve everything with `wrangler dev`.
import { applyLocalMigrations, assertPortFree, ensureDevVars, fireScheduledEvery, run, startDevServer } from './lib.mjs';
import { seedLocal } from './seed.mjs';

const port = Number(process.env.PORT ?? 8787);
const stateDir = process.env.STATE_DIR || undefined;

try {
  await assertPortFree(port);
} catch (err) {
  console.error(`✖ ${err.message}`);
  process.exit(1);
}
ensureDevVars();
console.log('› Building the web app…');
run('vite', ['build', '--config', 'client/vite.config.ts', '--logLevel', 'warn']);
console.log('› Applying migrations to the local D1…');
applyLocalMigrations(stateDir, true);
console.log('› Seeding demo data (local only, idempotent)…');
seedLocal(stateDir, true);
console.log(`› Starting wrangler dev on http://127.0.0.1:${port} …`);
const child = await startDevServer({
  port,
  stateDir,
  inherit: true,
  vars: {
    ENVIRONMENT: 'development',
    JWT_SECRET: process.env.JWT_SECRET,
    CORS_ORIGINS: process.env.CORS_ORIGINS,
    WEBHOOK_ALLOW_LOOPBACK: process.env.WEBHOOK_ALLOW_LOOPBACK,
    OUTBOX_RESEND_AFTER_S: process.env.OUTBOX_RESEND_AFTER_S,
    // Every rate limit set in the environment (RATE_LIMIT_LOGIN=…, see the README's security notes).
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('RATE_LIMIT_'))),
  },
});
// Production runs the scheduled handler every minute; wrangler dev never does, so npm start fires it itself.
fireScheduledEvery(port);
console.log(`\n✔ Completo is running at http://127.0.0.1:${port}  (demo logins: owner@acme.test / completo-demo-2026)\n`);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill('SIGINT'));
child.on('exit', (code) => process.exit(code ?? 0));
