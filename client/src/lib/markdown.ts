import type { MentionKind } from '../../../src/modules/zettels/zettels.table';

/**
 * A small Markdown reader for notes: text in, a tree of blocks and inlines out (no HTML strings anywhere; the
 * renderer turns the tree into Preact elements, so whatever a note holds is shown as text). It covers what notes use:
 * ATX headings, paragraphs (a line break stays a line break, as in most note apps), emphasis and strong, inline code, fenced code blocks, bullet and numbered lists (nested
 * by indentation), block quotes, horizontal rules, links (the renderer keeps http(s) and mailto targets only), plus
 * the notes' own `[[Title]]` / `[[Title|shown text]]` / `[[<id>]]` links and `@job:<id>`-style mentions. It follows
 * the server's parser (src/modules/zettels/zettels.parser.ts) where they meet: nothing in code links, `\[[` is text,
 * in `[[a [[b]] c]]` only `b` links, a link's text holds no `[`, `]` or line break.
 */

export type Inline =
  | { t: 'text'; v: string }
  | { t: 'code'; v: string }
  | { t: 'em' | 'strong'; c: Inline[] }
  | { t: 'link'; href: string; c: Inline[] }
  | { t: 'wiki'; target: string; label: string }
  | { t: 'mention'; kind: MentionKind; id: string }
  | { t: 'br' };

export type Block =
  | { t: 'heading'; level: number; c: Inline[] }
  | { t: 'para'; c: Inline[] }
  | { t: 'code'; lang: string; v: string }
  | { t: 'quote'; c: Block[] }
  | { t: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { t: 'hr' };

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const HR = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const BULLET = /^( {0,3})([-*+])([ \t]+|$)(.*)$/;
const ORDERED = /^( {0,3})(\d{1,9})([.)])([ \t]+|$)(.*)$/;
const BLANK = /^[ \t]*$/;

const isBlank = (line: string) => BLANK.test(line);
/** A line that starts a block other than a paragraph (so it ends the paragraph above it). */
const startsBlock = (line: string) => FENCE.test(line) || HEADING.test(line) || HR.test(line) || QUOTE.test(line) || BULLET.test(line) || ORDERED.test(line);

/** Leading spaces (a tab counts as 4). */
function indentOf(line: string): number {
  let n = 0;
  for (const ch of line) {
    if (ch === ' ') n++;
    else if (ch === '\t') n += 4 - (n % 4);
    else break;
  }
  return n;
}

/** The line without its first `n` columns of indentation (fewer if it has fewer). */
function unindent(line: string, n: number): string {
  let col = 0;
  let i = 0;
  while (i < line.length && col < n) {
    if (line[i] === ' ') col++;
    else if (line[i] === '\t') col += 4 - (col % 4);
    else break;
    i++;
  }
  return line.slice(i);
}

export function parseMarkdown(source: string): Block[] {
  return parseBlocks(source.replace(/\r\n?/g, '\n').split('\n'), 0);
}

/** Deeply nested quotes and lists are read as text beyond this depth (a hostile note cannot blow the stack). */
const MAX_DEPTH = 12;

function parseBlocks(lines: string[], depth: number): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence && !(fence[1]![0] === '`' && fence[2]!.includes('`'))) {
      const marker = fence[1]!;
      const indent = indentOf(line);
      const body: string[] = [];
      i++;
      while (i < lines.length) {
        const close = /^ {0,3}(`+|~+)[ \t]*$/.exec(lines[i]!);
        if (close && close[1]![0] === marker[0] && close[1]!.length >= marker.length) {
          i++;
          break;
        }
        body.push(unindent(lines[i]!, indent));
        i++;
      }
      blocks.push({ t: 'code', lang: fence[2]!.trim().split(/\s+/)[0] ?? '', v: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ t: 'heading', level: heading[1]!.length, c: parseInline(heading[2] ?? '') });
      i++;
      continue;
    }
    if (HR.test(line)) {
      blocks.push({ t: 'hr' });
      i++;
      continue;
    }
    if (QUOTE.test(line) && depth < MAX_DEPTH) {
      const inner: string[] = [];
      // Quoted lines, and "lazy" paragraph lines right after them.
      while (i < lines.length && !isBlank(lines[i]!)) {
        const q = QUOTE.exec(lines[i]!);
        if (q) inner.push(q[1]!);
        else if (startsBlock(lines[i]!)) break;
        else inner.push(lines[i]!);
        i++;
      }
      blocks.push({ t: 'quote', c: parseBlocks(inner, depth + 1) });
      continue;
    }
    const item = listItemStart(line);
    if (item && depth < MAX_DEPTH) {
      const list: Block & { t: 'list' } = { t: 'list', ordered: item.ordered, start: item.start, items: [] };
      while (i < lines.length) {
        const start = listItemStart(lines[i]!);
        if (!start || start.ordered !== list.ordered || (start.ordered ? start.delim : start.bullet) !== (item.ordered ? item.delim : item.bullet)) break;
        const content: string[] = [start.text];
        i++;
        // The item goes on while lines are indented to its content, or are lazy continuations of its paragraph.
        while (i < lines.length) {
          const next = lines[i]!;
          if (isBlank(next)) {
            // A blank line stays in the item only if the item goes on after it (indented content follows).
            let k = i;
            while (k < lines.length && isBlank(lines[k]!)) k++;
            if (k < lines.length && indentOf(lines[k]!) >= start.width) {
              for (; i < k; i++) content.push('');
              continue;
            }
            break;
          }
          if (indentOf(next) >= start.width) content.push(unindent(next, start.width));
          else if (!startsBlock(next) && !isBlank(content[content.length - 1]!)) content.push(next.trimStart());
          else break;
          i++;
        }
        list.items.push(parseBlocks(content, depth + 1));
        // Blank lines between items of the same list.
        let k = i;
        while (k < lines.length && isBlank(lines[k]!)) k++;
        const again = k < lines.length ? listItemStart(lines[k]!) : null;
        if (again && again.ordered === list.ordered) i = k;
        else break;
      }
      blocks.push(list);
      continue;
    }
    // A paragraph: lines up to a blank line or a line that starts another block.
    const para: string[] = [line];
    i++;
    while (i < lines.length && !isBlank(lines[i]!) && !startsBlock(lines[i]!)) para.push(lines[i++]!);
    blocks.push({ t: 'para', c: parseInline(para.map((l) => l.trimStart()).join('\n')) });
  }
  return blocks;
}

interface ItemStart {
  ordered: boolean;
  start: number;
  bullet: string;
  delim: string;
  /** Columns to the item's content: continuation lines indented this far belong to it. */
  width: number;
  text: string;
}

function listItemStart(line: string): ItemStart | null {
  const b = BULLET.exec(line);
  if (b && !HR.test(line)) {
    const gap = b[3]!.length === 0 ? 1 : Math.min(b[3]!.length, 4);
    return { ordered: false, start: 1, bullet: b[2]!, delim: '', width: b[1]!.length + 1 + gap, text: b[4]! };
  }
  const o = ORDERED.exec(line);
  if (o) {
    const gap = o[4]!.length === 0 ? 1 : Math.min(o[4]!.length, 4);
    return { ordered: true, start: Number(o[2]), bullet: '', delim: o[3]!, width: o[1]!.length + o[2]!.length + 1 + gap, text: o[5]! };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Inlines

const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
const WORD_CHAR = /[\p{L}\p{N}_]/u;
/** Matched against the few characters after an `@` (a sticky search over a long note is much slower). */
const MENTION = /^(job|asset|workorder|service):([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?![0-9A-Za-z_-])/;
const SPECIAL = /[\\\n`[<@*_]/g;
const AUTOLINK = /<((?:https?:\/\/|mailto:)[^\s<>]+)>/y;

/** Inline elements of one paragraph's (or heading's) text. */
export function parseInline(text: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  let buf = '';
  const flush = () => {
    if (buf) out.push({ t: 'text', v: buf });
    buf = '';
  };
  const push = (node: Inline) => {
    flush();
    out.push(node);
  };
  const n = text.length;
  let i = 0;
  while (i < n) {
    // Jump over ordinary text to the next character that may start something.
    SPECIAL.lastIndex = i;
    const next = SPECIAL.exec(text)?.index ?? n;
    if (next > i) {
      buf += text.slice(i, next);
      i = next;
      if (i >= n) break;
    }
    const c = text[i]!;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === '\n') {
        push({ t: 'br' });
        i += 2;
      } else if (next !== undefined && ASCII_PUNCT.test(next)) {
        buf += next;
        i += 2;
      } else {
        buf += c;
        i++;
      }
      continue;
    }
    if (c === '\n') {
      // Notes keep their line breaks (as most note apps do), rather than joining the lines of a paragraph.
      buf = buf.replace(/ +$/, '');
      push({ t: 'br' });
      i++;
      continue;
    }
    if (c === '`') {
      let k = i;
      while (text[k] === '`') k++;
      const run = k - i;
      const close = closingBackticks(text, k, run);
      if (close < 0) {
        buf += text.slice(i, k);
        i = k;
        continue;
      }
      let code = text.slice(k, close).replace(/\n/g, ' ');
      if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim()) code = code.slice(1, -1);
      push({ t: 'code', v: code });
      i = close + run;
      continue;
    }
    if (c === '[' && text[i + 1] === '[') {
      let k = i;
      while (text[k] === '[') k++;
      let j = k;
      while (j < n && text[j] !== '[' && text[j] !== ']' && text[j] !== '\n') j++;
      if (text[j] === ']' && text[j + 1] === ']') {
        const inner = text.slice(k, j);
        const bar = inner.indexOf('|');
        const target = (bar >= 0 ? inner.slice(0, bar) : inner).trim();
        const label = bar >= 0 ? inner.slice(bar + 1).trim() : '';
        if (target) {
          buf += text.slice(i, k - 2);
          push({ t: 'wiki', target, label: label || target });
          i = j + 2;
          continue;
        }
      }
      buf += text.slice(i, k);
      i = k;
      continue;
    }
    if (c === '[' && depth < 4) {
      const link = markdownLink(text, i);
      if (link) {
        push({ t: 'link', href: link.href, c: parseInline(link.label, depth + 1) });
        i = link.end;
        continue;
      }
    }
    if (c === '<') {
      AUTOLINK.lastIndex = i;
      const m = AUTOLINK.exec(text);
      if (m) {
        push({ t: 'link', href: m[1]!, c: [{ t: 'text', v: m[1]! }] });
        i = AUTOLINK.lastIndex;
        continue;
      }
    }
    if (c === '@' && (i === 0 || !WORD_CHAR.test(text[i - 1]!))) {
      const m = MENTION.exec(text.slice(i + 1, i + 48));
      if (m) {
        push({ t: 'mention', kind: m[1] as MentionKind, id: m[2]!.toLowerCase() });
        i += 1 + m[0].length;
        continue;
      }
    }
    if ((c === '*' || c === '_') && depth < 4) {
      const emph = emphasis(text, i, depth);
      if (emph) {
        buf += emph.prefix;
        push(emph.node);
        i = emph.end;
        continue;
      }
      // A run that opens nothing is text as a whole (so `**` never opens `*`).
      let k = i;
      while (text[k] === c) k++;
      buf += text.slice(i, k);
      i = k;
      continue;
    }
    buf += c;
    i++;
  }
  flush();
  return out;
}

/** The index of the backtick run of exactly `run` that closes a code span opened before `from`, or -1. */
function closingBackticks(text: string, from: number, run: number): number {
  let j = from;
  for (;;) {
    const at = text.indexOf('`', j);
    if (at < 0) return -1;
    let e = at;
    while (text[e] === '`') e++;
    if (e - at === run) return at;
    j = e;
  }
}

/** `[label](url "title")` at `at`: its label, target and end, or null. */
function markdownLink(text: string, at: number): { label: string; href: string; end: number } | null {
  let depth = 0;
  let j = at;
  for (; j < text.length; j++) {
    const ch = text[j];
    if (ch === '\\') j++;
    else if (ch === '[') depth++;
    else if (ch === ']' && --depth === 0) break;
    else if (ch === '`') return null;
  }
  if (text[j] !== ']' || text[j + 1] !== '(') return null;
  const m = /^\(\s*(<[^<>\n]*>|[^\s()<>]+)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/.exec(text.slice(j + 1));
  if (!m) return null;
  const href = m[1]!.startsWith('<') ? m[1]!.slice(1, -1) : m[1]!;
  return { label: text.slice(at + 1, j), href, end: j + 1 + m[0].length };
}

const SPACE = /\s/u;
const PUNCT = /[\p{P}\p{S}]/u;
const isSpace = (ch: string | undefined) => ch === undefined || SPACE.test(ch);
const isPunct = (ch: string | undefined) => ch !== undefined && PUNCT.test(ch);

/**
 * `*x*`, `_x_`, `**x**`, `__x__` (and `***x***`) at `at`, or null; `prefix` is any delimiter of the opening run this
 * pair does not use (it stays text). `_` does not open or close inside a word (snake_case stays as written).
 */
function emphasis(text: string, at: number, depth: number): { prefix: string; node: Inline; end: number } | null {
  const ch = text[at]!;
  let k = at;
  while (text[k] === ch) k++;
  const run = k - at;
  const before = text[at - 1];
  const after = text[k];
  // Left-flanking: not followed by whitespace, and not (followed by punctuation and preceded by a letter).
  const leftFlanking = !isSpace(after) && !(isPunct(after) && !isSpace(before) && !isPunct(before));
  if (!leftFlanking) return null;
  if (ch === '_' && before !== undefined && WORD_CHAR.test(before)) return null;
  for (let size = Math.min(run, 3); size >= (run >= 3 ? 1 : run); size--) {
    const start = k;
    const close = closingDelimiter(text, start, ch, size);
    if (close < 0) continue;
    const inner = text.slice(start, close);
    const c = parseInline(inner, depth + 1);
    const node: Inline = size === 3 ? { t: 'strong', c: [{ t: 'em', c }] } : { t: size === 2 ? 'strong' : 'em', c };
    return { prefix: text.slice(at, k - size), node, end: close + size };
  }
  return null;
}

/** Where a closing delimiter run of exactly `size` characters `ch` is, after `from` (skipping code spans), or -1. */
function closingDelimiter(text: string, from: number, ch: string, size: number): number {
  let j = from;
  while (j < text.length) {
    const c = text[j];
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (c === '`') {
      let e = j;
      while (text[e] === '`') e++;
      const close = closingBackticks(text, e, e - j);
      j = close < 0 ? e : close + (e - j);
      continue;
    }
    if (c === ch) {
      let e = j;
      while (text[e] === ch) e++;
      const run = e - j;
      const before = text[j - 1];
      const after = text[e];
      // Right-flanking: not preceded by whitespace; `_` may not close inside a word.
      const rightFlanking = !isSpace(before) && !(isPunct(before) && !isSpace(after) && !isPunct(after));
      const wordOk = ch !== '_' || after === undefined || !WORD_CHAR.test(after);
      // A run of two is a strong delimiter: it never closes a single one (`*a **b** c*`).
      const fits = size === 1 ? run !== 2 : size === 2 ? run === 2 || run === 3 : run >= 3;
      if (rightFlanking && wordOk && j > from && fits) return j;
      j = e;
      continue;
    }
    j++;
  }
  return -1;
}
