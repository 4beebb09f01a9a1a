import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/**
 * Prints the gzip size of every JS chunk and fails the build when the initial JS (entry + its static imports) is over
 * `initialKb` or any lazy chunk is over `chunkKb`.
 */
export function budgets({ initialKb, chunkKb }: { initialKb: number; chunkKb: number }): Plugin {
  return {
    name: 'completo-budgets',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((o) => o.type === 'chunk');
      const size = (code: string) => gzipSync(code).length / 1024;
      const entry = chunks.find((c) => c.isEntry);
      if (!entry) return;
      const initial = new Set<string>([entry.fileName]);
      const queue = [...entry.imports];
      while (queue.length) {
        const name = queue.pop()!;
        if (initial.has(name)) continue;
        initial.add(name);
        const chunk = chunks.find((c) => c.fileName === name);
        if (chunk) queue.push(...chunk.imports);
      }
      let initialTotal = 0;
      const errors: string[] = [];
      const rows: string[] = [];
      for (const c of chunks) {
        const kb = size(c.code);
        const isInitial = initial.has(c.fileName);
        if (isInitial) initialTotal += kb;
        else if (kb > chunkKb) errors.push(`lazy chunk ${c.fileName} is ${kb.toFixed(1)} KB gzip (budget ${chunkKb} KB)`);
        rows.push(`  ${isInitial ? 'initial' : 'lazy   '}  ${kb.toFixed(1).padStart(6)} KB  ${c.fileName}`);
      }
      if (initialTotal > initialKb) errors.push(`initial JS is ${initialTotal.toFixed(1)} KB gzip (budget ${initialKb} KB)`);
      this.info(`\nJS bundle sizes (gzip):\n${rows.sort().join('\n')}\n  initial total ${initialTotal.toFixed(1)} KB / ${initialKb} KB; lazy chunks ≤ ${chunkKb} KB each`);
      if (errors.length) this.error(`Bundle budget exceeded:\n  ${errors.join('\n  ')}`);
    },
  };
}
