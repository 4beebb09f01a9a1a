/**
 * Line-based diff and three-way merge, written for the notes' history and conflict screens (no dependency).
 *
 * The diff is a longest common subsequence of lines, found with Myers' O((N+M)·D) algorithm in linear space (the
 * "middle snake" divide and conquer), after trimming the common head and tail: a small edit of a long note costs
 * about its length, and a note of a few thousand lines rewritten end to end still only needs memory in its length.
 */

export type DiffKind = 'same' | 'add' | 'del';

export interface DiffLine {
  kind: DiffKind;
  text: string;
  /** 1-based line number in the old text (`same`, `del`) and in the new text (`same`, `add`). */
  oldNo?: number;
  newNo?: number;
}

export const splitLines = (text: string) => text.replace(/\r\n?/g, '\n').split('\n');

/** Lines as small integers (equal lines, equal numbers), so comparing two lines is one integer comparison. */
function intern(a: readonly string[], b: readonly string[]): [Int32Array, Int32Array] {
  const ids = new Map<string, number>();
  const map = (lines: readonly string[]) => {
    const out = new Int32Array(lines.length);
    lines.forEach((line, i) => {
      let id = ids.get(line);
      if (id === undefined) ids.set(line, (id = ids.size));
      out[i] = id;
    });
    return out;
  };
  return [map(a), map(b)];
}

/**
 * The middle snake of A[aLo, aHi) against B[bLo, bHi): the diagonal run where a shortest edit path crosses its
 * middle, as [x, y, u, v] (from A[x], B[y] to A[u], B[v]). Both sides must be non-empty and differ at both ends.
 */
function middleSnake(A: Int32Array, aLo: number, aHi: number, B: Int32Array, bLo: number, bHi: number): [number, number, number, number] {
  const N = aHi - aLo;
  const M = bHi - bLo;
  const delta = N - M;
  const odd = (delta & 1) !== 0;
  const max = Math.ceil((N + M) / 2);
  const off = max + 1;
  const vf = new Int32Array(2 * max + 3);
  const vb = new Int32Array(2 * max + 3);
  for (let d = 0; d <= max; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && vf[off + k - 1]! < vf[off + k + 1]!) ? vf[off + k + 1]! : vf[off + k - 1]! + 1;
      let y = x - k;
      const x0 = x;
      const y0 = y;
      while (x < N && y < M && A[aLo + x] === B[bLo + y]) {
        x++;
        y++;
      }
      vf[off + k] = x;
      // The reverse path on the same diagonal (reverse diagonal delta - k) went d - 1 steps: do they overlap?
      const kr = delta - k;
      if (odd && kr >= -(d - 1) && kr <= d - 1 && x + vb[off + kr]! >= N) return [aLo + x0, bLo + y0, aLo + x, bLo + y];
    }
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && vb[off + k - 1]! < vb[off + k + 1]!) ? vb[off + k + 1]! : vb[off + k - 1]! + 1;
      let y = x - k;
      const x0 = x;
      const y0 = y;
      while (x < N && y < M && A[aHi - 1 - x] === B[bHi - 1 - y]) {
        x++;
        y++;
      }
      vb[off + k] = x;
      const kf = delta - k;
      if (!odd && kf >= -d && kf <= d && x + vf[off + kf]! >= N) return [aLo + N - x, bLo + M - y, aLo + N - x0, bLo + M - y0];
    }
  }
  // Unreachable: a path of at most N + M edits always exists.
  return [aLo, bLo, aLo, bLo];
}

/** Fills `match[i] = j` for every line A[i] paired with B[j] in a longest common subsequence (others stay -1). */
function lcsInto(A: Int32Array, aLo: number, aHi: number, B: Int32Array, bLo: number, bHi: number, match: Int32Array) {
  while (aLo < aHi && bLo < bHi && A[aLo] === B[bLo]) match[aLo++] = bLo++;
  while (aLo < aHi && bLo < bHi && A[aHi - 1] === B[bHi - 1]) match[--aHi] = --bHi;
  if (aLo === aHi || bLo === bHi) return;
  const [x, y, u, v] = middleSnake(A, aLo, aHi, B, bLo, bHi);
  for (let i = x, j = y; i < u; i++, j++) match[i] = j;
  lcsInto(A, aLo, x, B, bLo, y, match);
  lcsInto(A, u, aHi, B, v, bHi, match);
}

/** For each line of `a`, the index of the line of `b` it is paired with in a longest common subsequence, or -1. */
export function lcsMatch(a: readonly string[], b: readonly string[]): Int32Array {
  const [A, B] = intern(a, b);
  const match = new Int32Array(a.length).fill(-1);
  lcsInto(A, 0, A.length, B, 0, B.length, match);
  return match;
}

/** The lines of `b` against `a`: unchanged, removed (in `a` only) and added (in `b` only), in reading order. */
export function diffLines(a: readonly string[], b: readonly string[]): DiffLine[] {
  const match = lcsMatch(a, b);
  const out: DiffLine[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    const m = match[i]!;
    if (m < 0) {
      out.push({ kind: 'del', text: a[i]!, oldNo: i + 1 });
      continue;
    }
    while (j < m) out.push({ kind: 'add', text: b[j]!, newNo: ++j });
    out.push({ kind: 'same', text: a[i]!, oldNo: i + 1, newNo: ++j });
  }
  while (j < b.length) out.push({ kind: 'add', text: b[j]!, newNo: ++j });
  return out;
}

export const diffText = (a: string, b: string) => diffLines(splitLines(a), splitLines(b));

export interface MergeResult {
  text: string;
  /** Places both sides changed differently; the merge kept `mine` there. */
  conflicts: number;
}

const sameLines = (x: readonly string[], y: readonly string[]) => x.length === y.length && x.every((line, i) => line === y[i]);

/**
 * Three-way line merge (diff3): the changes from `base` to `theirs` applied to `mine`. Regions only one side
 * changed take that side; regions both changed alike take it once; regions both changed differently keep `mine`
 * and are counted in `conflicts` (the caller shows what theirs had there).
 */
export function merge3(base: string, mine: string, theirs: string): MergeResult {
  const O = splitLines(base);
  const A = splitLines(mine);
  const B = splitLines(theirs);
  const ma = lcsMatch(O, A);
  const mb = lcsMatch(O, B);
  const out: string[] = [];
  let conflicts = 0;
  let i = 0;
  let j = 0;
  let k = 0;
  for (;;) {
    // Lines unchanged on both sides.
    while (i < O.length && ma[i] === j && mb[i] === k) {
      out.push(O[i]!);
      i++;
      j++;
      k++;
    }
    if (i >= O.length && j >= A.length && k >= B.length) break;
    // The next line both sides kept (an anchor), or the ends.
    let i2 = i;
    while (i2 < O.length && (ma[i2]! < 0 || mb[i2]! < 0)) i2++;
    const j2 = i2 < O.length ? ma[i2]! : A.length;
    const k2 = i2 < O.length ? mb[i2]! : B.length;
    const o = O.slice(i, i2);
    const a = A.slice(j, j2);
    const b = B.slice(k, k2);
    if (sameLines(a, o)) out.push(...b);
    else if (sameLines(b, o) || sameLines(a, b)) out.push(...a);
    else {
      out.push(...a);
      conflicts++;
    }
    i = i2;
    j = j2;
    k = k2;
  }
  return { text: out.join('\n'), conflicts };
}

/** Three-way merge of two sets (tags): what either side added stays, what either side removed goes. */
export function mergeSets(base: readonly string[], mine: readonly string[], theirs: readonly string[]): string[] {
  const o = new Set(base);
  const a = new Set(mine);
  const b = new Set(theirs);
  return [...new Set([...mine, ...theirs])].filter((x) => (a.has(x) && b.has(x)) || !o.has(x));
}
