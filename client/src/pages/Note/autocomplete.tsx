import type { RefObject } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { MentionKind } from '../../../../src/modules/zettels/zettels.table';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';

/** What is being typed at the caret: a `[[` link to a note, or a `@kind:` mention. */
type Trigger = { kind: 'note' | MentionKind; query: string; start: number; end: number };

export interface Suggestion {
  id: string;
  label: string;
  detail: string;
}

const WIKI = /\[\[([^[\]\n|]{0,200})$/;
const MENTION = /(?:^|[^\p{L}\p{N}_])@(job|asset|workorder|service):([^\s@[\]()]{0,60})$/u;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function triggerAt(value: string, caret: number): Trigger | null {
  const before = value.slice(Math.max(0, caret - 260), caret);
  const wiki = WIKI.exec(before);
  if (wiki) return { kind: 'note', query: wiki[1]!, start: caret - wiki[1]!.length, end: caret };
  const mention = MENTION.exec(before);
  if (mention && !UUID.test(mention[2]!)) return { kind: mention[1] as MentionKind, query: mention[2]!, start: caret - mention[2]!.length, end: caret };
  return null;
}

/** The list routes search words of 2 characters or more; shorter input lists the latest records instead. */
const searchable = (q: string) => (/[\p{L}\p{N}]{2}/u.test(q) ? { search: q.trim().slice(0, 100) } : {});

/** Records the user can see, through each module's own list route (its visibility rules apply). */
async function suggest(kind: Trigger['kind'], query: string, exclude: string | undefined): Promise<Suggestion[]> {
  const limit = '8';
  switch (kind) {
    case 'note': {
      const body = await call(api.zettels.$get({ query: { limit, ...searchable(query) } }));
      return body.data.filter((z) => z.id !== exclude).map((z) => ({ id: z.id, label: z.title, detail: z.authorName }));
    }
    case 'job': {
      const body = await call(api.jobs.$get({ query: { limit, ...searchable(query) } }));
      return body.data.map((j) => ({ id: j.id, label: j.title, detail: j.companyName }));
    }
    case 'service': {
      const body = await call(api.services.$get({ query: { limit, ...searchable(query) } }));
      return body.data.map((s) => ({ id: s.id, label: s.title, detail: s.companyName }));
    }
    case 'asset': {
      const body = await call(api.cmms.assets.$get({ query: { limit, ...searchable(query) } }));
      return body.data.map((a) => ({ id: a.id, label: `${a.name} (${a.code})`, detail: a.category ?? '' }));
    }
    case 'workorder': {
      const body = await call(api.cmms.workorders.$get({ query: { limit, ...searchable(query) } }));
      return body.data.map((w) => ({ id: w.id, label: `${w.number} ${w.title}`, detail: w.assetName ?? '' }));
    }
  }
}

/**
 * Autocompletion for a note's body: typing `[[` suggests note titles, `@job:`, `@asset:`, `@workorder:` or
 * `@service:` suggests records (searching as you type). Arrow keys move, Enter or Tab picks, Escape closes; the
 * textarea points at the list and its active option (listbox pattern) and a polite live region says how many.
 */
export function useAutocomplete(opts: {
  textarea: RefObject<HTMLTextAreaElement | null>;
  value: string;
  onChange: (value: string) => void;
  /** The note being edited (not suggested as a link to itself). */
  selfId?: string | undefined;
  /** A mention was picked: its title is known without asking again. */
  onMention?: (kind: MentionKind, id: string, title: string) => void;
}) {
  const listId = useId();
  const [trigger, setTrigger] = useState<Trigger | null>(null);
  const [items, setItems] = useState<Suggestion[]>([]);
  /** What the shown suggestions were found for (they lag behind typing by a request). */
  const [itemsFor, setItemsFor] = useState('');
  const [active, setActive] = useState(0);
  const [loading, setLoading] = useState(false);
  // Escape closes the list until the caret leaves that link or mention.
  const dismissed = useRef<number | null>(null);
  const seq = useRef(0);
  const caretAfter = useRef<number | null>(null);

  const evaluate = () => {
    const el = opts.textarea.current;
    if (!el || el.selectionStart !== el.selectionEnd) return setTrigger(null);
    const next = triggerAt(el.value, el.selectionStart);
    if (!next || dismissed.current !== next.start) dismissed.current = null;
    setTrigger(next && dismissed.current === null ? next : null);
  };

  const key = trigger ? `${trigger.kind}:${trigger.query}` : '';
  useEffect(() => {
    if (!trigger) {
      setItems([]);
      return;
    }
    const mine = ++seq.current;
    setLoading(true);
    const timer = setTimeout(() => {
      suggest(trigger.kind, trigger.query, opts.selfId)
        .then((found) => {
          if (mine !== seq.current) return;
          setItems(found);
          setItemsFor(trigger.query);
          setActive(0);
        })
        .catch(() => mine === seq.current && setItems([]))
        .finally(() => mine === seq.current && setLoading(false));
    }, 200);
    return () => clearTimeout(timer);
  }, [key]);

  // After a pick, put the caret after the inserted text (the controlled value moved it to the end).
  useEffect(() => {
    const el = opts.textarea.current;
    if (el && caretAfter.current !== null) {
      el.setSelectionRange(caretAfter.current, caretAfter.current);
      caretAfter.current = null;
    }
  });

  const close = () => {
    if (trigger) dismissed.current = trigger.start;
    setTrigger(null);
    setItems([]);
  };

  const pick = (s: Suggestion) => {
    const el = opts.textarea.current;
    if (!trigger || !el) return;
    const value = el.value;
    const rest = value.slice(trigger.end);
    let insert: string;
    let skip = 0;
    if (trigger.kind === 'note') {
      insert = `${s.label}]]`;
      // Closing brackets already typed after the caret are reused.
      if (rest.startsWith(']]')) skip = 2;
    } else {
      insert = `${s.id}${/^\s/.test(rest) ? '' : ' '}`;
      const tail = /^[^\s@[\]()]*/.exec(rest)![0];
      skip = tail.length;
      opts.onMention?.(trigger.kind, s.id, s.label);
    }
    const next = value.slice(0, trigger.start) + insert + value.slice(trigger.end + skip);
    caretAfter.current = trigger.start + insert.length;
    dismissed.current = null;
    setTrigger(null);
    setItems([]);
    opts.onChange(next);
    el.focus();
  };

  const open = trigger !== null && items.length > 0;
  const optionId = (i: number) => `${listId}-o${i}`;

  const onKeyDown = (e: KeyboardEvent) => {
    if (!trigger) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
      return;
    }
    if (!open) return;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => (a + 1) % items.length);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => (a - 1 + items.length) % items.length);
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      pick(items[active]!);
    }
  };

  const onKeyUp = (e: KeyboardEvent) => {
    if (['ArrowDown', 'ArrowUp', 'Enter', 'Tab', 'Escape'].includes(e.key) && open) return;
    evaluate();
  };

  const textareaProps = {
    onKeyDown,
    onKeyUp,
    onClick: evaluate,
    onBlur: () => setTimeout(() => setTrigger(null), 150),
    'aria-autocomplete': 'list' as const,
    'aria-controls': open ? listId : undefined,
    'aria-activedescendant': open ? optionId(active) : undefined,
  };

  const kindLabel = trigger ? (trigger.kind === 'note' ? t('zettels.editor.suggestNotes') : t(`zettels.mentions.kinds.${trigger.kind}`)) : '';
  const list = (
    <>
      <div class="sr-only" aria-live="polite">
        {open ? t('zettels.editor.suggestionCount', { count: items.length }) : ''}
      </div>
      {trigger && (open || loading) ? (
        <div class="suggest" data-testid="suggestions" data-query={itemsFor} aria-busy={loading}>
          <p class="suggest__head small muted">{loading && !open ? t('zettels.editor.searching') : kindLabel}</p>
          {open ? (
            <ul class="suggest__list" role="listbox" id={listId} aria-label={kindLabel}>
              {items.map((s, i) => (
                <li
                  key={s.id}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === active}
                  class={`suggest__item${i === active ? ' suggest__item--active' : ''}`}
                  data-testid="suggestion"
                  // mousedown, not click: the textarea keeps focus and its caret.
                  onMouseDown={(e) => {
                    e.preventDefault();
                    pick(s);
                  }}
                  onMouseEnter={() => setActive(i)}
                >
                  <span class="suggest__label">{s.label}</span>
                  {s.detail ? <span class="suggest__detail small muted">{s.detail}</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </>
  );

  return { textareaProps, onInput: evaluate, list };
}
