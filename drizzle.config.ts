import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  // Every table file: removing a module's folder removes its tables from the next generated migration.
  schema: ['./src/core/**/*.table.ts', './src/queue/*.table.ts', './src/modules/*/*.table.ts'],
  out: './migrations',
  casing: 'snake_case',
});
