import { describe, expect, it } from 'vitest';
import { parseBody, titleKey } from '../src/modules/zettels/zettels.parser';

const links = (body: string) => parseBody(body).links.map((l) => l.text);
const ID = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b';
const JOB = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('titleKey', () => {
  it('folds case, accents, compatibility forms and spacing', () => {
    expect(titleKey('  Manutenção   Preventiva ')).toBe('manutencao preventiva');
    expect(titleKey('MANUTENCAO PREVENTIVA')).toBe('manutencao preventiva');
    expect(titleKey('Ｃａｆé ﬁlter')).toBe('cafe filter');
    expect(titleKey('Ñandú\tÅngström')).toBe('nandu angstrom');
    expect(titleKey('日本語のノート')).toBe(titleKey('日本語のノート'.normalize('NFD')));
  });
});

describe('parseBody: links', () => {
  it('finds [[Title]], [[Title|shown]] and [[<uuid>]], each distinct target once, in order', () => {
    const parsed = parseBody(`See [[Pump Procedure]], [[pump  procedure|the pump]] and [[${ID.toUpperCase()}]]. Again [[Bomba d'água]].`);
    expect(parsed.links).toEqual([
      { kind: 'title', target: 'pump procedure', text: 'Pump Procedure' },
      { kind: 'id', target: ID, text: ID.toUpperCase() },
      { kind: 'title', target: "bomba d'agua", text: "Bomba d'água" },
    ]);
  });

  it('nests innermost-first and ignores stray brackets', () => {
    expect(links('[[a [[b]] c]]')).toEqual(['b']);
    expect(links('[[[x]]]')).toEqual(['x']);
    expect(links('[[[[deep]]]]')).toEqual(['deep']);
    expect(links('[not a link] [[ ]] [[]] [[open only')).toEqual([]);
    expect(links('[[a]b]] [[c]]')).toEqual(['c']);
    expect(links('[[one]][[two]]')).toEqual(['one', 'two']);
    expect(links('[[|alias only]]')).toEqual([]);
  });

  it('never links across lines or from over-long text', () => {
    expect(links('[[first\nsecond]]')).toEqual([]);
    expect(links(`[[${'x'.repeat(201)}]] [[${'y'.repeat(200)}]]`)).toEqual(['y'.repeat(200)]);
  });

  it('skips escaped brackets', () => {
    expect(links('\\[[not a link]] and [[real]]')).toEqual(['real']);
    expect(links('[\\[nor this]]')).toEqual([]);
    expect(links('\\\\[[after an escaped backslash]]')).toEqual(['after an escaped backslash']);
    expect(links('a\\b [[kept]]')).toEqual(['kept']);
  });

  it('skips inline code spans (any backtick run length) but not unmatched backticks', () => {
    expect(links('`[[code]]` [[real]]')).toEqual(['real']);
    expect(links('``has ` inside [[code]]`` [[real]]')).toEqual(['real']);
    expect(links('` unmatched [[real]]')).toEqual(['real']);
    expect(links('``` [[x]] ``` [[y]]')).toEqual(['y']);
    expect(links('`one`` [[still code?]] `')).toEqual([]);
    // A code span ends at its paragraph: a backtick left open does not swallow the next paragraph.
    expect(links('open ` here\n\n[[next paragraph]] `')).toEqual(['next paragraph']);
  });

  it('skips fenced code blocks (``` and ~~~, longer closers, unclosed to the end)', () => {
    const body = ['[[before]]', '```js', 'const a = "[[in code]]";', '```', '[[between]]', '  ~~~~', '[[tilde code]]', '~~~', 'still [[code]]', '~~~~', '[[after]]', '````', '[[unclosed]]'].join('\n');
    expect(links(body)).toEqual(['before', 'between', 'after']);
    expect(links('```\n[[x]]\n``\n[[y]]\n```\n[[z]]')).toEqual(['z']);
    expect(links('    ```\n[[indented four is not a fence]]')).toEqual(['indented four is not a fence']);
    expect(links('``` info with ` backtick\n[[inline]]')).toEqual(['inline']);
  });

  it('keeps unicode titles', () => {
    expect(parseBody('[[日本語のノート]] [[Ελληνικά]] [[emoji 🚀 note]]').links.map((l) => l.target)).toEqual(['日本語のノート', 'ελληνικα', 'emoji 🚀 note']);
  });
});

describe('parseBody: mentions', () => {
  it('finds @job:, @asset:, @workorder: and @service: with UUIDs, once each', () => {
    const parsed = parseBody(`Fix @job:${JOB} on @asset:${ID}, then @workorder:${ID} and @service:${JOB.toUpperCase()}; again @job:${JOB}.`);
    expect(parsed.mentions).toEqual([
      { kind: 'job', id: JOB },
      { kind: 'asset', id: ID },
      { kind: 'workorder', id: ID },
      { kind: 'service', id: JOB },
    ]);
  });

  it('ignores mentions in code, escaped, inside words, of unknown kinds or with malformed ids', () => {
    const body = [`\`@job:${JOB}\``, `\\@job:${JOB}`, `mail@job:${JOB}`, `@user:${JOB}`, `@job:${JOB}x`, `@job:${JOB.slice(0, 30)}`, '```', `@job:${ID}`, '```'].join('\n');
    expect(parseBody(body).mentions).toEqual([]);
  });
});

describe('parseBody: size and speed', () => {
  it('parses 10,000 links in a 100,000-character body quickly', () => {
    const body = Array.from({ length: 10_000 }, (_, i) => `[[n${i}]]`).join(' ').slice(0, 100_000);
    expect(body.length).toBeLessThanOrEqual(100_000);
    const started = performance.now();
    const parsed = parseBody(body);
    const ms = performance.now() - started;
    expect(parsed.links.length).toBeGreaterThanOrEqual(9_900);
    expect(ms).toBeLessThan(500);
  });

  it('stays linear on adversarial input (backtick runs without closers, brackets without ends)', () => {
    // Runs of 1..440 backticks, none closed: a naive closer search would rescan the body for every run.
    let ticks = '';
    for (let k = 1; ticks.length < 95_000; k++) ticks += `${'`'.repeat(k)}x`;
    const brackets = '[['.repeat(50_000);
    const mixed = `${'[[a '.repeat(20_000)}`;
    for (const body of [ticks, brackets, mixed, '\\'.repeat(100_000), '@job:'.repeat(20_000)]) {
      const started = performance.now();
      parseBody(body);
      expect(performance.now() - started, body.slice(0, 20)).toBeLessThan(500);
    }
  });
});
