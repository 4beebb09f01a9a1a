import { MENTION_KINDS, type MentionKind } from './zettels.table';

/**
 * THE parser of zettel bodies: `[[Title]]`, `[[Title|shown text]]` and `[[<uuid>]]` links, and `@job:<uuid>`,
 * `@asset:<uuid>`, `@workorder:<uuid>`, `@service:<uuid>` mentions. Markdown rules it follows so that what renders
 * as code never links: fenced code blocks (``` or ~~~, closed by a fence at least as long, or running to the end),
 * inline code spans (a run of N backticks closed by the next run of exactly N in the same paragraph; unmatched runs
 * are literal), and backslash escapes (`\[[` is text). Brackets nest innermost-first: in `[[a [[b]] c]]` only `b`
 * links; `[[[x]]]` links `x`. A link's text cannot span lines or hold `[` or `]`. Indented code blocks are not
 * recognised (list items indent ordinary text the same way).
 *
 * One pass over the body, linear in its length (the backtick search remembers which run lengths have no closer left
 * in the paragraph, so adversarial backticks stay linear too): 10,000 links in a 100,000-character body parse in
 * a few milliseconds.
 */

export interface ParsedLink {
  kind: 'title' | 'id';
  /** `title`: the folded title (see `titleKey`); `id`: the zettel id, lowercase. */
  target: string;
  /** As written (trimmed, without the `|shown text`). */
  text: string;
}

export interface ParsedMention {
  kind: MentionKind;
  id: string;
}

export interface ParsedBody {
  /** Each distinct target once, in order of first appearance. */
  links: ParsedLink[];
  mentions: ParsedMention[];
}

/** Link targets longer than a title may be (200) cannot match one and are not recorded. */
export const MAX_LINK_TEXT = 200;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MENTION = new RegExp(`@(${MENTION_KINDS.join('|')}):([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?![0-9A-Za-z_-])`, 'y');
const WORD_CHAR = /[\p{L}\p{N}_]/u;
const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
const BLANK_LINE = /\n[ \t\r]*\n/g;

/**
 * A title folded for matching: compatibility-decomposed, accents (combining marks) removed, lowercase, runs of
 * whitespace as one space, trimmed. "Manutenção  Preventiva" and "manutencao preventiva" fold alike.
 */
export const titleKey = (title: string) =>
  title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim();

const BACKTICK = 96;
const BACKSLASH = 92;
const NEWLINE = 10;
const OPEN = 91;
const CLOSE = 93;
const AT = 64;

/** At a line start: if a fence opens here, the index of the newline ending its closing fence (or the body's end). */
function fencedBlockEnd(s: string, at: number): number {
  const n = s.length;
  let j = at;
  while (j < at + 3 && s.charCodeAt(j) === 32) j++;
  const ch = s[j];
  if (ch !== '`' && ch !== '~') return -1;
  let k = j;
  while (s[k] === ch) k++;
  const len = k - j;
  if (len < 3) return -1;
  let eol = s.indexOf('\n', k);
  if (eol < 0) eol = n;
  // A backtick fence's info string may not contain backticks (then the line is inline code, not a fence).
  if (ch === '`' && s.slice(k, eol).includes('`')) return -1;
  let pos = eol + 1;
  while (pos < n) {
    let lineEnd = s.indexOf('\n', pos);
    if (lineEnd < 0) lineEnd = n;
    let p = pos;
    while (p < pos + 3 && s.charCodeAt(p) === 32) p++;
    let q = p;
    while (q < lineEnd && s[q] === ch) q++;
    if (q - p >= len && /^[ \t\r]*$/.test(s.slice(q, lineEnd))) return lineEnd;
    pos = lineEnd + 1;
  }
  return n;
}

export function parseBody(body: string): ParsedBody {
  const s = body;
  const n = s.length;
  const links = new Map<string, ParsedLink>();
  const mentions = new Map<string, ParsedMention>();
  // Where the current paragraph ends (a code span cannot cross a blank line), and per backtick-run length the
  // position from which no closing run of that length exists before it.
  let paraEnd = -1;
  let noCloserFrom = new Map<number, number>();
  const paragraphEnd = (from: number) => {
    if (from >= paraEnd) {
      BLANK_LINE.lastIndex = from;
      const m = BLANK_LINE.exec(s);
      paraEnd = m ? m.index + 1 : n;
      noCloserFrom = new Map();
    }
    return paraEnd;
  };

  let i = 0;
  let lineStart = true;
  while (i < n) {
    if (lineStart) {
      lineStart = false;
      const end = fencedBlockEnd(s, i);
      if (end >= 0) {
        i = end;
        continue;
      }
    }
    const c = s.charCodeAt(i);
    if (c === NEWLINE) {
      i++;
      lineStart = true;
      continue;
    }
    if (c === BACKSLASH) {
      // `\` makes the next ASCII punctuation literal (CommonMark); before anything else it is itself literal.
      i += i + 1 < n && ASCII_PUNCT.test(s[i + 1]!) ? 2 : 1;
      continue;
    }
    if (c === BACKTICK) {
      let k = i;
      while (s.charCodeAt(k) === BACKTICK) k++;
      const run = k - i;
      const limit = paragraphEnd(i);
      const known = noCloserFrom.get(run);
      let closedAt = -1;
      if (known === undefined || known > k) {
        let j = k;
        while (j < limit) {
          const next = s.indexOf('`', j);
          if (next < 0 || next >= limit) break;
          let e = next;
          while (s.charCodeAt(e) === BACKTICK) e++;
          if (e - next === run) {
            closedAt = e;
            break;
          }
          j = e;
        }
        if (closedAt < 0) noCloserFrom.set(run, k);
      }
      if (closedAt >= 0) {
        // Newlines inside the span do not start lines that could open fences (the span is one inline element).
        i = closedAt;
      } else i = k;
      continue;
    }
    if (c === OPEN && s.charCodeAt(i + 1) === OPEN) {
      let k = i;
      while (s.charCodeAt(k) === OPEN) k++;
      // The last two brackets of a run open the link; any before them are text.
      const from = k;
      let j = from;
      while (j < n) {
        const d = s.charCodeAt(j);
        if (d === OPEN || d === CLOSE || d === NEWLINE) break;
        j++;
      }
      if (s.charCodeAt(j) === CLOSE && s.charCodeAt(j + 1) === CLOSE) {
        addLink(links, s.slice(from, j));
        i = j + 2;
      } else i = from;
      continue;
    }
    if (c === AT && (i === 0 || !WORD_CHAR.test(s[i - 1]!))) {
      MENTION.lastIndex = i;
      const m = MENTION.exec(s);
      if (m) {
        const kind = m[1] as MentionKind;
        const id = m[2]!.toLowerCase();
        const key = `${kind}:${id}`;
        if (!mentions.has(key)) mentions.set(key, { kind, id });
        i = MENTION.lastIndex;
        continue;
      }
    }
    i++;
  }
  return { links: [...links.values()], mentions: [...mentions.values()] };
}

function addLink(links: Map<string, ParsedLink>, inner: string) {
  const bar = inner.indexOf('|');
  const text = (bar >= 0 ? inner.slice(0, bar) : inner).trim();
  if (!text || text.length > MAX_LINK_TEXT) return;
  const link: ParsedLink = UUID.test(text) ? { kind: 'id', target: text.toLowerCase(), text } : { kind: 'title', target: titleKey(text), text };
  if (!link.target) return;
  const key = `${link.kind}:${link.target}`;
  if (!links.has(key)) links.set(key, link);
}
