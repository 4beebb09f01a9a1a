import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
import { budgets } from './budgets.ts';

/**
 * The API reference at /api/v1/docs is Swagger UI served from our own origin (no CDN: the app's CSP allows scripts
 * from 'self' only, and machines here have no other network). Its bundle is copied from swagger-ui-dist at build.
 */
function swaggerUi(): Plugin {
  const dir = createRequire(import.meta.url).resolve('swagger-ui-dist/package.json').replace(/package\.json$/, '');
  return {
    name: 'completo-swagger-ui',
    apply: 'build',
    generateBundle() {
      for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css']) {
        this.emitFile({ type: 'asset', fileName: `vendor/swagger-ui/${file}`, source: readFileSync(dir + file) });
      }
    },
  };
}

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [preact(), budgets({ initialKb: 60, chunkKb: 30 }), swaggerUi()],
  build: {
    outDir: fileURLToPath(new URL('../dist/client', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8787', '/health': 'http://127.0.0.1:8787' } },
});
