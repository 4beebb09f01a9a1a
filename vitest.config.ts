import path from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, 'migrations'));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            JWT_SECRET: 'test-secret-for-vitest-only-0123456789abcdef',
            ENVIRONMENT: 'test',
            CORS_ORIGINS: 'https://app.example.com',
            WEBHOOK_ALLOW_LOOPBACK: 'true',
            // Every test shares one client address: the limits themselves are tested with their own values and addresses.
            RATE_LIMIT_REGISTER: '1000000',
            RATE_LIMIT_LOGIN: '1000000',
            RATE_LIMIT_PUBLIC: '1000000',
            RATE_LIMIT_ANON_READ: '1000000',
          },
        },
      }),
    ],
    test: {
      include: ['test/**/*.test.ts'],
      exclude: ['test/e2e/**'],
      setupFiles: ['./test/setup.ts'],
      // Suites call the Worker end to end (PBKDF2, queues, sockets); a shared 2-core machine can be slow, never wrong.
      testTimeout: 30_000,
    },
  };
});
