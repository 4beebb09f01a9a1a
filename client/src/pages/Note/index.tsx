import { useEffect, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import type { Zettel } from '../../../../src/modules/zettels/zettels.schemas';
import { MENTION_ROUTES, NoteTags, VisibilityBadge, historyHref, newNoteHref, noteHref, notesPath } from '../../components/note-bits';
import { MarkdownView, useMarkdown, useResolver } from '../../components/note-markdown';
import { Button, FormError, Loading, PageError, PageHeader } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { formatDateTime, timeAgo } from '../../lib/format';
import { lastEvent } from '../../lib/notifications';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useSubmit } from '../../lib/use-submit';
import { NoteEditor } from './editor';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const BackToNotes = () => (
  <p class="small">
    <a href={notesPath}>
      <span aria-hidden="true">← </span>
      {t('zettels.note.back')}
    </a>
  </p>
);

/** Backlinks, the note's own links (resolved, and missing ones to write), and its mentions. */
function Connections({ z }: { z: Zettel }) {
  return (
    <aside class="note-aside" aria-label={t('zettels.note.connections')}>
      <section class="card" aria-labelledby="backlinks-title" data-testid="backlinks">
        <h2 id="backlinks-title">{t('zettels.note.backlinks', { count: z.backlinks.length })}</h2>
        {z.backlinks.length === 0 ? (
          <p class="small muted">{t('zettels.note.noBacklinks', { title: z.title })}</p>
        ) : (
          <ul class="link-list">
            {z.backlinks.map((b) => (
              <li key={b.id}>
                <a href={noteHref(b.id)}>{b.title}</a>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="card" aria-labelledby="links-title" data-testid="links">
        <h2 id="links-title">{t('zettels.note.links', { count: z.links.length + z.unresolvedLinks.length })}</h2>
        {z.links.length + z.unresolvedLinks.length === 0 ? <p class="small muted">{t('zettels.note.noLinks')}</p> : null}
        {z.links.length ? (
          <ul class="link-list">
            {z.links.map((l) => (
              <li key={l.id}>
                <a href={noteHref(l.id)}>{l.title}</a>
              </li>
            ))}
          </ul>
        ) : null}
        {z.unresolvedLinks.length ? (
          <>
            <h3 class="small">{t('zettels.note.missing')}</h3>
            <ul class="link-list" data-testid="unresolved-links">
              {z.unresolvedLinks.map((text) => (
                <li key={text}>
                  {UUID.test(text) ? (
                    <span class="wikilink wikilink--missing">{t('zettels.links.missingNote')}</span>
                  ) : (
                    <a class="wikilink wikilink--missing" href={newNoteHref(text)}>
                      {text}
                      <span class="sr-only"> ({t('zettels.links.missingCreate')})</span>
                    </a>
                  )}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <section class="card" aria-labelledby="mentions-title" data-testid="mentions">
        <h2 id="mentions-title">{t('zettels.note.mentions', { count: z.mentions.length + z.unresolvedMentions.length })}</h2>
        {z.mentions.length + z.unresolvedMentions.length === 0 ? <p class="small muted">{t('zettels.note.noMentions')}</p> : null}
        {z.mentions.length + z.unresolvedMentions.length ? (
          <ul class="link-list">
            {z.mentions.map((m) => {
              const route = MENTION_ROUTES[m.kind];
              return (
                <li key={`${m.kind}:${m.id}`}>
                  <span class="mention__kind">{t(`zettels.mentions.kinds.${m.kind}`)}</span> {route ? <a href={route(m.id)}>{m.title}</a> : <span>{m.title}</span>}
                </li>
              );
            })}
            {z.unresolvedMentions.map((m) => (
              <li key={`${m.kind}:${m.id}`}>
                <span class="mention mention--unavailable" data-testid="mention-unavailable">
                  <span class="mention__kind">{t(`zettels.mentions.kinds.${m.kind}`)}</span> {t('zettels.mentions.unavailable')}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </aside>
  );
}

function NoteBody({ z }: { z: Zettel }) {
  const blocks = useMarkdown(z.body);
  const resolver = useResolver(z, blocks);
  if (!z.body.trim()) return <p class="muted">{z.canEdit ? t('zettels.note.emptyBody') : t('zettels.note.emptyBodyReadOnly')}</p>;
  return <MarkdownView blocks={blocks} resolver={resolver} testId="note-body" />;
}

/** One note: read it (links, mentions and backlinks resolved for me), edit it with a live preview, its history. */
export function Note() {
  const { params } = useRoute();
  const { route } = useLocation();
  const id = params.id!;
  const note = useAsync(() => call(api.zettels[':id'].$get({ param: { id } })).then((b) => b.data), [id]);
  const [editing, setEditing] = useState(false);
  const [trashed, setTrashed] = useState(false);
  useEffect(() => {
    setEditing(false);
    setTrashed(false);
  }, [id]);

  // While reading, a newer version (or a restore) shows up by itself; the editor has its own banner instead.
  const ev = lastEvent.value;
  useEffect(() => {
    if (!ev || ev.data.zettelId !== id) return;
    if (ev.type === 'zettels.zettel.deleted') return setTrashed(true);
    // `created` for a known id: restored from the trash.
    if (ev.type === 'zettels.zettel.created') setTrashed(false);
    if (!editing && (ev.type === 'zettels.zettel.created' || Number(ev.data.version) !== note.data?.version)) void note.reload();
  }, [ev?.id]);

  const remove = useSubmit(async () => {
    if (!confirm(t('zettels.note.confirmDelete'))) return;
    await call(api.zettels[':id'].$delete({ param: { id } }));
    toast(t('zettels.note.deleted'), { body: t('zettels.note.deletedBody'), tone: 'success' });
    route(notesPath);
  });

  if (note.error) {
    return (
      <>
        <BackToNotes />
        <PageError error={note.error} retry={note.reload} />
      </>
    );
  }
  if (!note.data) return <Loading />;
  const z = note.data;
  return (
    <>
      <BackToNotes />
      <PageHeader title={z.title}>
        {z.canEdit && !editing ? (
          <Button onClick={() => setEditing(true)} data-testid="note-edit" disabled={trashed}>
            {t('zettels.note.edit')}
          </Button>
        ) : null}
        <a class="btn btn--secondary" href={historyHref(z.id)} data-testid="note-history">
          {t('zettels.note.history')}
        </a>
        {z.canEdit && !editing ? (
          <Button variant="danger" busy={remove.busy} disabled={trashed} onClick={() => remove.run()} data-testid="note-delete">
            {t('zettels.note.delete')}
          </Button>
        ) : null}
      </PageHeader>
      <FormError error={remove.error} />
      {trashed ? (
        <div class="alert alert--error" role="alert" data-testid="note-trashed">
          {t('zettels.note.trashedLive')} <a href="/knowledge/trash">{t('zettels.note.openTrash')}</a>
        </div>
      ) : null}
      <div class="row small muted note-meta" data-testid="note-meta">
        <VisibilityBadge visibility={z.visibility} />
        <span>{t('zettels.note.byAuthor', { author: z.authorName })}</span>
        <span title={formatDateTime(z.updatedAt)}>{t('zettels.note.updated', { when: timeAgo(z.updatedAt) })}</span>
        <span data-testid="note-version">{t('zettels.note.version', { version: z.version })}</span>
        {!z.canEdit ? <span>{t('zettels.note.readOnly')}</span> : null}
      </div>
      <NoteTags tags={z.tags} />
      {editing ? (
        <div class="spaced">
          <NoteEditor
            key={`${z.id}`}
            zettel={z}
            onCancel={() => setEditing(false)}
            onRebase={(current) => note.setData(() => current)}
            onSaved={(saved) => {
              note.setData(() => saved);
              setEditing(false);
              toast(t('zettels.note.saved', { version: saved.version }), { tone: 'success' });
            }}
          />
          <div class="spaced">
            <Connections z={z} />
          </div>
        </div>
      ) : (
        <div class="note-layout spaced">
          <article class="card note-article">
            <NoteBody z={z} />
          </article>
          <Connections z={z} />
        </div>
      )}
    </>
  );
}

/** A new note; `?title=` prefills the title (a missing `[[link]]` leads here). */
export function NewNote() {
  const { query, route } = useLocation();
  const title = t('zettels.editor.newTitle');
  return (
    <>
      <BackToNotes />
      <PageHeader title={title} />
      <p class="muted measure">{t('zettels.editor.newIntro')}</p>
      <NoteEditor
        initial={{ title: query.title ?? '' }}
        onCancel={() => route(notesPath)}
        onSaved={(z) => {
          toast(t('zettels.editor.created'), { tone: 'success' });
          route(noteHref(z.id));
        }}
      />
    </>
  );
}
