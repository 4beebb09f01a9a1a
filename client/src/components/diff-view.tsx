import { useMemo, useState } from 'preact/hooks';
import { t } from '../i18n';
import { diffText, type DiffLine } from '../lib/line-diff';

const CONTEXT = 3;

type Row = { kind: 'line'; line: DiffLine } | { kind: 'fold'; lines: DiffLine[]; at: number };

/** Long runs of unchanged lines fold to a button, keeping a few lines of context around each change. */
function foldRows(lines: DiffLine[], open: ReadonlySet<number>): Row[] {
  const rows: Row[] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i]!.kind !== 'same') {
      rows.push({ kind: 'line', line: lines[i]! });
      i++;
      continue;
    }
    let j = i;
    while (j < lines.length && lines[j]!.kind === 'same') j++;
    const head = i === 0 ? 0 : CONTEXT;
    const tail = j === lines.length ? 0 : CONTEXT;
    if (j - i > head + tail + 1 && !open.has(i)) {
      for (let k = i; k < i + head; k++) rows.push({ kind: 'line', line: lines[k]! });
      rows.push({ kind: 'fold', lines: lines.slice(i + head, j - tail), at: i });
      for (let k = j - tail; k < j; k++) rows.push({ kind: 'line', line: lines[k]! });
    } else for (let k = i; k < j; k++) rows.push({ kind: 'line', line: lines[k]! });
    i = j;
  }
  return rows;
}

const SIGN = { add: '+', del: '−', same: ' ' } as const;

/**
 * The lines of `after` against `before`: removed lines marked − and added lines marked +, each also named in words
 * for screen readers (never colour alone), unchanged runs folded.
 */
export function DiffView({ before, after, beforeLabel, afterLabel, testId }: { before: string; after: string; beforeLabel: string; afterLabel: string; testId?: string }) {
  const lines = useMemo(() => diffText(before, after), [before, after]);
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const added = lines.filter((l) => l.kind === 'add').length;
  const removed = lines.filter((l) => l.kind === 'del').length;
  const rows = foldRows(lines, open);
  return (
    <div class="diff" data-testid={testId}>
      <p class="small diff__legend">
        <span class="diff__key diff__key--del">
          <span aria-hidden="true">− </span>
          {t('zettels.diff.removedFrom', { label: beforeLabel })}
        </span>
        <span class="diff__key diff__key--add">
          <span aria-hidden="true">+ </span>
          {t('zettels.diff.addedIn', { label: afterLabel })}
        </span>
      </p>
      <p class="small muted" data-testid="diff-summary">
        {added === 0 && removed === 0 ? t('zettels.diff.same') : t('zettels.diff.summary', { added: t('zettels.diff.linesAdded', { count: added }), removed: t('zettels.diff.linesRemoved', { count: removed }) })}
      </p>
      {added === 0 && removed === 0 ? null : (
        <ol class="diff__lines" aria-label={t('zettels.diff.label', { before: beforeLabel, after: afterLabel })}>
          {rows.map((row) =>
            row.kind === 'fold' ? (
              <li key={`fold-${row.at}`} class="diff__fold">
                <button type="button" class="link small" onClick={() => setOpen(new Set([...open, row.at]))}>
                  {t('zettels.diff.showSame', { count: row.lines.length })}
                </button>
              </li>
            ) : (
              <li key={`${row.line.kind}-${row.line.oldNo ?? ''}-${row.line.newNo ?? ''}`} class={`diff__line diff__line--${row.line.kind}`} data-kind={row.line.kind}>
                <span class="diff__sign" aria-hidden="true">
                  {SIGN[row.line.kind]}
                </span>
                {row.line.kind === 'same' ? null : <span class="sr-only">{row.line.kind === 'add' ? t('zettels.diff.added') : t('zettels.diff.removed')}: </span>}
                <span class="diff__text">{row.line.text || '\u00a0'}</span>
              </li>
            ),
          )}
        </ol>
      )}
    </div>
  );
}
