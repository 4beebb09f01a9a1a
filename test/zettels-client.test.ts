// The web app's own algorithms for notes (pure modules, no DOM): the line diff and three-way merge behind the
// history and conflict screens, the Markdown reader behind every rendered note (checked against the server's
// parser for which [[links]] and mentions count), and the graph layout.
import { describe, expect, it } from 'vitest';
import { layoutGraph } from '../client/src/lib/graph-layout';
import { diffLines, lcsMatch, merge3, mergeSets } from '../client/src/lib/line-diff';
import { parseMarkdown, type Block, type Inline } from '../client/src/lib/markdown';
import { parseBody } from '../src/modules/zettels/zettels.parser';

/** Length of a longest common subsequence, by the textbook table (the reference for small inputs). */
function lcsLength(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = a.length - 1; i >= 0; i--) {
    let diag = 0;
    for (let j = b.length - 1; j >= 0; j--) {
      const keep = row[j]!;
      row[j] = a[i] === b[j] ? diag + 1 : Math.max(row[j]!, row[j + 1]!);
      diag = keep;
    }
  }
  return row[0]!;
}

function random(seed: number) {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

describe('line diff', () => {
  it('finds a longest common subsequence (checked against the table on 2,000 random pairs)', () => {
    const r = random(42);
    for (let t = 0; t < 2000; t++) {
      const letters = 1 + Math.floor(r() * 5);
      const make = () => Array.from({ length: Math.floor(r() * 25) }, () => String.fromCharCode(97 + Math.floor(r() * letters)));
      const a = make();
      const b = make();
      const match = lcsMatch(a, b);
      let length = 0;
      let last = -1;
      for (let i = 0; i < a.length; i++) {
        const j = match[i]!;
        if (j < 0) continue;
        expect(j).toBeGreaterThan(last);
        expect(b[j]).toBe(a[i]);
        last = j;
        length++;
      }
      expect(length).toBe(lcsLength(a, b));
      const lines = diffLines(a, b);
      expect(lines.filter((l) => l.kind !== 'add').map((l) => l.text)).toEqual(a);
      expect(lines.filter((l) => l.kind !== 'del').map((l) => l.text)).toEqual(b);
    }
  });

  it('numbers lines on both sides and lists removals before additions', () => {
    expect(diffLines(['a', 'b', 'c'], ['a', 'x', 'c'])).toEqual([
      { kind: 'same', text: 'a', oldNo: 1, newNo: 1 },
      { kind: 'del', text: 'b', oldNo: 2 },
      { kind: 'add', text: 'x', newNo: 2 },
      { kind: 'same', text: 'c', oldNo: 3, newNo: 3 },
    ]);
  });

  it('stays fast on a long note with a small change', () => {
    const a = Array.from({ length: 20_000 }, (_, i) => `line ${i}`);
    const b = a.map((l, i) => (i === 10_000 ? 'changed' : l));
    const started = Date.now();
    expect(diffLines(a, b).filter((l) => l.kind !== 'same')).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('three-way merge', () => {
  const base = 'a\nb\nc\nd\ne';
  it('takes both sides where they changed different lines', () => {
    expect(merge3(base, 'a\nB\nc\nd\ne', 'a\nb\nc\nD\ne')).toEqual({ text: 'a\nB\nc\nD\ne', conflicts: 0 });
    expect(merge3(base, 'a\nb\nc\nd\ne\nmine', 'theirs\na\nb\nc\nd\ne')).toEqual({ text: 'theirs\na\nb\nc\nd\ne\nmine', conflicts: 0 });
  });
  it('takes a change made alike on both sides once', () => {
    expect(merge3(base, 'a\nX\nc\nd\ne', 'a\nX\nc\nd\ne')).toEqual({ text: 'a\nX\nc\nd\ne', conflicts: 0 });
  });
  it('keeps mine where both changed the same lines differently, and counts it', () => {
    expect(merge3(base, 'a\nmine\nc\nd\ne', 'a\ntheirs\nc\nd\ne')).toEqual({ text: 'a\nmine\nc\nd\ne', conflicts: 1 });
    expect(merge3('', 'mine', 'theirs')).toEqual({ text: 'mine', conflicts: 1 });
  });
  it('merges tag sets: what either side added stays, what either removed goes', () => {
    expect(mergeSets(['a', 'b'], ['a', 'c'], ['b', 'd', 'a'])).toEqual(['a', 'c', 'd']);
  });
});

/** The [[link]] targets and mentions of a rendered note, in reading order. */
function refs(blocks: Block[]) {
  const links: string[] = [];
  const mentions: string[] = [];
  const inline = (nodes: Inline[]) => {
    for (const n of nodes) {
      if (n.t === 'wiki') links.push(n.target);
      else if (n.t === 'mention') mentions.push(`${n.kind}:${n.id}`);
      else if (n.t === 'em' || n.t === 'strong' || n.t === 'link') inline(n.c);
    }
  };
  const walk = (list: Block[]) => {
    for (const b of list) {
      if (b.t === 'para' || b.t === 'heading') inline(b.c);
      else if (b.t === 'quote') walk(b.c);
      else if (b.t === 'list') b.items.forEach(walk);
    }
  };
  walk(blocks);
  return { links, mentions };
}

const JOB = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('Markdown reader', () => {
  it('links exactly what the server links (nesting, code spans, fences, escapes, mentions)', () => {
    const bodies = [
      'See [[Pump]] and [[Seal|the seal]].',
      '[[a [[b]] c]] and [[[x]]] and [[ ]] and [[no\nbreak]]',
      'Code `[[not]]` and ``[[not `either`]]`` and \\[[escaped]] but [[yes]]',
      '```\n[[fenced]]\n```\n[[after]]\n~~~~\n[[tilde]]\n~~~\n~~~~\n[[out]]',
      `@job:${JOB} and mail@job:${JOB} and @job:${JOB}x and (@job:${JOB.toUpperCase()})`,
      '- item [[one]]\n  - nested [[two]]\n> quoted [[three]]\n\n1. **bold [[four]]**',
    ];
    for (const body of bodies) {
      const server = parseBody(body);
      const client = refs(parseMarkdown(body));
      expect([...new Set(client.links)]).toEqual(server.links.map((l) => l.text));
      expect([...new Set(client.mentions)]).toEqual(server.mentions.map((m) => `${m.kind}:${m.id}`));
    }
  });

  it('reads headings, emphasis, code, lists, quotes and links into a tree (text stays text)', () => {
    expect(parseMarkdown('# Title\n\n**b** *i* `c` [site](https://example.com) <b>html</b>\n\n- x\n- y\n\n> q\n\n```js\nlet a;\n```')).toEqual([
      { t: 'heading', level: 1, c: [{ t: 'text', v: 'Title' }] },
      {
        t: 'para',
        c: [
          { t: 'strong', c: [{ t: 'text', v: 'b' }] },
          { t: 'text', v: ' ' },
          { t: 'em', c: [{ t: 'text', v: 'i' }] },
          { t: 'text', v: ' ' },
          { t: 'code', v: 'c' },
          { t: 'text', v: ' ' },
          { t: 'link', href: 'https://example.com', c: [{ t: 'text', v: 'site' }] },
          { t: 'text', v: ' <b>html</b>' },
        ],
      },
      { t: 'list', ordered: false, start: 1, items: [[{ t: 'para', c: [{ t: 'text', v: 'x' }] }], [{ t: 'para', c: [{ t: 'text', v: 'y' }] }]] },
      { t: 'quote', c: [{ t: 'para', c: [{ t: 'text', v: 'q' }] }] },
      { t: 'code', lang: 'js', v: 'let a;' },
    ]);
    expect(parseMarkdown('snake_case_name')).toEqual([{ t: 'para', c: [{ t: 'text', v: 'snake_case_name' }] }]);
  });

  it('reads hostile notes quickly (runs of delimiters, deep nesting, 10,000 links)', () => {
    const started = Date.now();
    parseMarkdown('*'.repeat(20_000) + '_'.repeat(20_000) + '`'.repeat(10_000) + '[['.repeat(10_000));
    parseMarkdown('> '.repeat(500) + 'deep\n' + Array.from({ length: 300 }, (_, i) => `${' '.repeat(i * 2)}- x`).join('\n'));
    const many = Array.from({ length: 10_000 }, (_, i) => `[[Note ${i}]]`).join(' ');
    expect(refs(parseMarkdown(many)).links).toHaveLength(10_000);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('graph layout', () => {
  it('is deterministic and finite for a few hundred notes', () => {
    const r = random(7);
    const edges = Array.from({ length: 450 }, () => [Math.floor(r() * 300), Math.floor(r() * 300)] as const);
    const a = layoutGraph(300, edges);
    const b = layoutGraph(300, edges);
    expect([...a.x]).toEqual([...b.x]);
    expect([...a.y]).toEqual([...b.y]);
    expect([...a.x, ...a.y].every(Number.isFinite)).toBe(true);
    expect(a.maxX).toBeGreaterThan(a.minX);
  });
});
