import { useEffect, useRef, useState } from 'preact/hooks';
import type { Zettel } from '../../../../src/modules/zettels/zettels.schemas';
import type { MentionKind } from '../../../../src/modules/zettels/zettels.table';
import { DiffView } from '../../components/diff-view';
import { VISIBILITIES, loadMembers, type Visibility } from '../../components/note-bits';
import { MarkdownView, useMarkdown, useResolver } from '../../components/note-markdown';
import { Button, Choices, Field, FormError } from '../../components/ui';
import { t } from '../../i18n';
import { ApiFailure, api, call } from '../../lib/api';
import { mergeSets, merge3 } from '../../lib/line-diff';
import { lastEvent } from '../../lib/notifications';
import { currentCompany, currentUser } from '../../lib/session';
import { useSubmit } from '../../lib/use-submit';
import { useAutocomplete } from './autocomplete';

interface Draft {
  title: string;
  body: string;
  tags: string;
  visibility: Visibility;
}

const draftOf = (z: Pick<Zettel, 'title' | 'body' | 'tags' | 'visibility'>): Draft => ({ title: z.title, body: z.body, tags: z.tags.join(', '), visibility: z.visibility });

/** Tags as the server keeps them: no leading #, lowercase, single spaces, each once. */
export const parseTags = (text: string) => [
  ...new Set(
    text
      .split(',')
      .map((tag) => tag.normalize('NFC').trim().replace(/^#+/, '').toLowerCase().replace(/\s+/gu, ' '))
      .filter(Boolean),
  ),
];

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The current zettel a 409 carries in its error envelope's `data` (checked, not assumed). */
function zettelIn(err: ApiFailure): Zettel | null {
  const d: unknown = err.data;
  if (typeof d !== 'object' || d === null) return null;
  const ok =
    'id' in d && typeof d.id === 'string' &&
    'version' in d && typeof d.version === 'number' &&
    'title' in d && typeof d.title === 'string' &&
    'body' in d && typeof d.body === 'string' &&
    'tags' in d && Array.isArray(d.tags) &&
    'visibility' in d && typeof d.visibility === 'string' &&
    'links' in d && Array.isArray(d.links) &&
    'unresolvedLinks' in d && Array.isArray(d.unresolvedLinks) &&
    'mentions' in d && Array.isArray(d.mentions) &&
    'unresolvedMentions' in d && Array.isArray(d.unresolvedMentions) &&
    'backlinks' in d && Array.isArray(d.backlinks);
  return ok ? (d as Zettel) : null;
}

/** Someone else's newer version: announced live (version and who), or met by a save that came too late (with it). */
type Newer = { version: number; actorId: string | null; zettel: Zettel | null; stale: boolean };

interface Merged {
  theirs: Zettel;
  conflicts: number;
  titleKept: boolean;
  mine: Draft;
}

/**
 * The editor of a note: title, Markdown body with autocompletion and a live preview, tags, visibility. Saves with
 * the version it was read at; when someone else saves meanwhile (live event, or a 409 on save) it says who and
 * offers their version and a merge of both onto the newest version.
 */
export function NoteEditor({
  zettel,
  initial,
  onSaved,
  onCancel,
  onRebase,
}: {
  zettel?: Zettel;
  initial?: Partial<Draft>;
  onSaved: (z: Zettel, created: boolean) => void;
  onCancel: () => void;
  /** The draft now builds on a newer version (after a merge): the page shows that version's details. */
  onRebase?: (z: Zettel) => void;
}) {
  const me = currentUser.value;
  const [base, setBase] = useState<Zettel | undefined>(zettel);
  const [draft, setDraftState] = useState<Draft>(() => (zettel ? draftOf(zettel) : { title: '', body: '', tags: '', visibility: 'personal', ...initial }));
  const [newer, setNewer] = useState<Newer | null>(null);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [showTheirs, setShowTheirs] = useState(false);
  const [merged, setMerged] = useState<Merged | null>(null);
  const [fetchError, setFetchError] = useState<ApiFailure | null>(null);
  const [trashed, setTrashed] = useState(false);
  const [mentionTitles] = useState(() => new Map<string, string>());
  const textarea = useRef<HTMLTextAreaElement>(null);
  const banner = useRef<HTMLDivElement>(null);
  const set = (patch: Partial<Draft>) => setDraftState((d) => ({ ...d, ...patch }));

  useEffect(() => {
    void loadMembers(currentCompany.value?.id).then(setNames);
  }, []);

  const dirty = base
    ? draft.title.trim() !== base.title || draft.body !== base.body || !sameList(parseTags(draft.tags), base.tags) || draft.visibility !== base.visibility
    : Boolean(draft.title.trim() || draft.body.trim());

  // Leaving the page with unsaved changes asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    addEventListener('beforeunload', warn);
    return () => removeEventListener('beforeunload', warn);
  }, [dirty]);

  // Another editor saved this note: their event carries the version and who (my own saves are not news).
  const ev = lastEvent.value;
  useEffect(() => {
    if (!ev || !base || ev.data.zettelId !== base.id) return;
    const actorId = typeof ev.data.actorId === 'string' ? ev.data.actorId : null;
    if (ev.type === 'zettels.zettel.deleted') {
      if (actorId !== me?.id) setTrashed(true);
      return;
    }
    const version = Number(ev.data.version);
    if (ev.type !== 'zettels.zettel.updated' || !(version > base.version) || actorId === me?.id) return;
    setNewer((n) => (n && n.version >= version ? n : { version, actorId, zettel: null, stale: false }));
  }, [ev?.id]);

  const blocks = useMarkdown(draft.body);
  const resolver = useResolver(base, blocks, mentionTitles);
  const complete = useAutocomplete({
    textarea,
    value: draft.body,
    onChange: (body) => set({ body }),
    selfId: base?.id,
    onMention: (kind: MentionKind, id: string, title: string) => mentionTitles.set(`${kind}:${id.toLowerCase()}`, title),
  });

  /** Their version: from the 409, or read now. */
  const theirs = async (): Promise<Zettel | null> => {
    if (!newer || !base) return null;
    if (newer.zettel) return newer.zettel;
    setFetchError(null);
    try {
      const current = (await call(api.zettels[':id'].$get({ param: { id: base.id } }))).data;
      setNewer({ ...newer, version: current.version, actorId: current.updatedBy ?? newer.actorId, zettel: current });
      return current;
    } catch (err) {
      setFetchError(err instanceof ApiFailure ? err : new ApiFailure(0, 'INTERNAL', String(err)));
      return null;
    }
  };

  const viewTheirs = async () => {
    if (showTheirs) return setShowTheirs(false);
    if (await theirs()) setShowTheirs(true);
  };

  /**
   * Both versions in the draft, on top of theirs: a three-way merge from the version this draft started from. Lines
   * only one side changed take that side; where both changed, mine is kept and the panel shows theirs beside it.
   */
  const merge = async () => {
    const current = await theirs();
    if (!current || !base) return;
    const body = merge3(base.body, draft.body, current.body);
    const mineTitle = draft.title.trim();
    const title = mineTitle === base.title ? current.title : mineTitle;
    const tags = mergeSets(base.tags, parseTags(draft.tags), current.tags);
    const visibility = draft.visibility === base.visibility ? current.visibility : draft.visibility;
    setMerged({ theirs: current, conflicts: body.conflicts, titleKept: title !== current.title && current.title !== base.title, mine: draft });
    setDraftState({ title, body: body.text, tags: tags.join(', '), visibility });
    setBase(current);
    onRebase?.(current);
    setNewer(null);
    setShowTheirs(false);
    setTimeout(() => document.getElementById('merge-title')?.focus(), 0);
  };

  const save = useSubmit(async () => {
    const tags = parseTags(draft.tags);
    if (!base) {
      const created = await call(api.zettels.$post({ json: { title: draft.title.trim(), body: draft.body, tags, visibility: draft.visibility } }));
      return onSaved(created.data, true);
    }
    const patch = {
      ...(draft.title.trim() !== base.title ? { title: draft.title.trim() } : {}),
      ...(draft.body !== base.body ? { body: draft.body } : {}),
      ...(!sameList(tags, base.tags) ? { tags } : {}),
      ...(draft.visibility !== base.visibility ? { visibility: draft.visibility } : {}),
    };
    if (Object.keys(patch).length === 0) return onSaved(base, false);
    try {
      const saved = await call(api.zettels[':id'].$patch({ param: { id: base.id }, json: { version: base.version, ...patch } }));
      onSaved(saved.data, false);
    } catch (err) {
      const current = err instanceof ApiFailure && err.code === 'CONFLICT' ? zettelIn(err) : null;
      if (!current) throw err;
      // Not saved: someone else's version came first. Say who, and offer theirs and the merge.
      setNewer({ version: current.version, actorId: current.updatedBy, zettel: current, stale: true });
      setShowTheirs(false);
      setTimeout(() => banner.current?.focus(), 0);
    }
  });

  const who = (actorId: string | null | undefined) => (actorId && names.get(actorId)) || t('zettels.conflict.someone');
  const isAuthor = !base || base.authorId === me?.id;
  const company = currentCompany.value?.name ?? '';

  return (
    <div class="stack">
      {trashed ? (
        <div class="alert alert--error" role="alert" data-testid="note-trashed">
          {t('zettels.conflict.trashed')}
        </div>
      ) : null}
      {newer ? (
        <div class="alert alert--warn conflict" role="alert" tabIndex={-1} ref={banner} data-testid={newer.stale ? 'conflict-stale' : 'conflict-banner'}>
          <p>
            <strong>{t('zettels.conflict.newer', { name: who(newer.actorId), version: newer.version })}</strong>{' '}
            {newer.stale ? t('zettels.conflict.staleBody') : t('zettels.conflict.liveBody')}
          </p>
          <div class="row">
            <Button type="button" onClick={merge} data-testid="conflict-merge">
              {t('zettels.conflict.merge')}
            </Button>
            <Button type="button" variant="secondary" onClick={viewTheirs} aria-expanded={showTheirs} data-testid="conflict-view">
              {showTheirs ? t('zettels.conflict.hideTheirs') : t('zettels.conflict.viewTheirs')}
            </Button>
          </div>
          {fetchError ? <p class="small">{fetchError.code === 'NOT_FOUND' ? t('zettels.conflict.trashed') : t('zettels.conflict.loadFailed')}</p> : null}
        </div>
      ) : null}
      {newer?.zettel && showTheirs ? <TheirVersion zettel={newer.zettel} mine={draft.body} /> : null}
      {merged ? (
        <section class="card merge" aria-labelledby="merge-title" data-testid="merge-panel">
          <h2 id="merge-title" tabIndex={-1}>
            {t('zettels.merge.title', { version: merged.theirs.version })}
          </h2>
          <p>{merged.conflicts === 0 ? t('zettels.merge.clean') : t('zettels.merge.conflicts', { count: merged.conflicts })}</p>
          {merged.titleKept ? <p class="small">{t('zettels.merge.titleKept', { theirs: merged.theirs.title })}</p> : null}
          <div class="merge__cols">
            <div class="merge__col">
              <h3 class="small">{t('zettels.merge.theirText', { version: merged.theirs.version })}</h3>
              <pre class="merge__text" tabIndex={0} data-testid="merge-theirs">
                {merged.theirs.body}
              </pre>
            </div>
            <div class="merge__col">
              <h3 class="small">{t('zettels.merge.differences')}</h3>
              <DiffView before={merged.theirs.body} after={draft.body} beforeLabel={t('zettels.merge.theirLabel')} afterLabel={t('zettels.merge.draftLabel')} />
            </div>
          </div>
          <div class="row">
            <Button type="button" variant="secondary" onClick={() => setDraftState(draftOf(merged.theirs))}>
              {t('zettels.merge.useTheirs')}
            </Button>
            <Button type="button" variant="secondary" onClick={() => setDraftState(merged.mine)}>
              {t('zettels.merge.keepMine')}
            </Button>
            <Button type="button" variant="ghost" onClick={() => setMerged(null)}>
              {t('zettels.merge.close')}
            </Button>
          </div>
        </section>
      ) : null}
      <form
        class="card note-editor"
        onSubmit={save.onSubmit()}
        noValidate
        aria-label={base ? t('zettels.editor.editLabel') : t('zettels.editor.newLabel')}
        onKeyDown={(e) => {
          if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
            e.preventDefault();
            e.currentTarget.requestSubmit();
          }
        }}
      >
        <FormError error={save.error} fields={['title', 'body', 'tags', 'visibility']} />
        <Field label={t('zettels.editor.title')} error={save.fields.title}>
          {(a) => <input {...a} name="title" value={draft.title} maxLength={200} onInput={(e) => set({ title: e.currentTarget.value })} autoComplete="off" />}
        </Field>
        <div class="editor-grid">
          <div class="editor-grid__write">
            <Field label={t('zettels.editor.body')} error={save.fields.body} hint={t('zettels.editor.bodyHint')}>
              {(a) => (
                <textarea
                  {...a}
                  {...complete.textareaProps}
                  ref={textarea}
                  name="body"
                  class="note-editor__body"
                  value={draft.body}
                  spellcheck
                  onInput={(e) => {
                    set({ body: e.currentTarget.value });
                    complete.onInput();
                  }}
                />
              )}
            </Field>
            {complete.list}
          </div>
          <section class="editor-grid__preview" aria-labelledby="preview-title">
            <h2 id="preview-title" class="preview__title">
              {t('zettels.editor.preview')}
            </h2>
            {draft.body.trim() ? <MarkdownView blocks={blocks} resolver={resolver} testId="preview" /> : <p class="muted small">{t('zettels.editor.previewEmpty')}</p>}
          </section>
        </div>
        <Field label={t('zettels.editor.tags')} error={save.fields.tags ?? Object.entries(save.fields).find(([k]) => k.startsWith('tags.'))?.[1]} hint={t('zettels.editor.tagsHint')}>
          {(a) => <input {...a} name="tags" value={draft.tags} onInput={(e) => set({ tags: e.currentTarget.value })} autoComplete="off" />}
        </Field>
        <Choices legend={t('zettels.editor.visibility')} error={save.fields.visibility}>
          {(a) => (
            <div class="visibility-choices">
              {VISIBILITIES.map((v) => {
                // Only the author makes a shared note personal again.
                const locked = v === 'personal' && !isAuthor && base?.visibility !== 'personal';
                return (
                  <label key={v} class={`visibility-choice${locked ? ' visibility-choice--locked' : ''}`}>
                    <input {...a} type="radio" name="visibility" value={v} checked={draft.visibility === v} disabled={locked} onChange={() => set({ visibility: v })} />
                    <span>
                      <strong>{t(`zettels.visibility.${v}`)}</strong>
                      <span class="small muted visibility-choice__who">
                        {v === 'personal' ? t('zettels.visibility.personalWho') : v === 'company' ? t('zettels.visibility.companyWho', { company }) : t('zettels.visibility.partnersWho', { company })}
                        {locked ? ` ${t('zettels.visibility.personalLocked')}` : ''}
                      </span>
                    </span>
                  </label>
                );
              })}
            </div>
          )}
        </Choices>
        <div class="row row--between">
          <span class="small muted">{base ? t('zettels.editor.basedOn', { version: base.version }) : t('zettels.editor.shortcut')}</span>
          <div class="row">
            <Button type="button" variant="secondary" onClick={onCancel} data-testid="note-cancel">
              {t('common.cancel')}
            </Button>
            <Button type="submit" busy={save.busy} data-testid="note-save">
              {base ? t('zettels.editor.save') : t('zettels.editor.create')}
            </Button>
          </div>
        </div>
      </form>
    </div>
  );
}

/** Their version, read-only and rendered, with what differs from the draft. */
function TheirVersion({ zettel, mine }: { zettel: Zettel; mine: string }) {
  const blocks = useMarkdown(zettel.body);
  const resolver = useResolver(zettel, blocks);
  return (
    <section class="card theirs" aria-labelledby="theirs-title" data-testid="their-version">
      <h2 id="theirs-title">{t('zettels.conflict.theirsTitle', { version: zettel.version, title: zettel.title })}</h2>
      <MarkdownView blocks={blocks} resolver={resolver} testId="their-body" />
      <details class="theirs__diff">
        <summary>{t('zettels.conflict.compare')}</summary>
        <DiffView before={zettel.body} after={mine} beforeLabel={t('zettels.merge.theirLabel')} afterLabel={t('zettels.merge.draftLabel')} />
      </details>
    </section>
  );
}
