import { useState } from 'preact/hooks';
import { NoteTags, VisibilityBadge, noteHref, notesPath } from '../../components/note-bits';
import { Button, Empty, ErrorNote, FormError, Loading, PageHeader, Pagination } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { formatDateTime, timeAgo } from '../../lib/format';
import { lastEvent } from '../../lib/notifications';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';
import { useSubmit } from '../../lib/use-submit';

/** Notes moved to the trash that I may restore (my own; a company admin also the company's shared ones). */
export function NotesTrash() {
  const [q, setQ] = useQueryState({ page: '1' });
  const ev = lastEvent.value;
  const live = ev && (ev.type === 'zettels.zettel.deleted' || ev.type === 'zettels.zettel.created') ? ev.id : null;
  const list = useAsync(() => call(api.zettels.trash.$get({ query: { page: q.page, limit: '20' } })), [q.page, live]);
  const [restored, setRestored] = useState<{ id: string; title: string } | null>(null);
  const restore = useSubmit(async (id: string, title: string) => {
    await call(api.zettels[':id'].restore.$post({ param: { id } }));
    toast(t('zettels.trash.restored', { title }), { tone: 'success' });
    setRestored({ id, title });
    await list.reload();
  });
  return (
    <>
      <PageHeader title={t('zettels.trash.title')}>
        <a class="btn btn--secondary" href={notesPath}>
          {t('zettels.graph.toList')}
        </a>
      </PageHeader>
      <p class="muted measure">{t('zettels.trash.intro')}</p>
      <FormError error={restore.error} />
      {restored ? (
        <div class="alert alert--good" role="status" data-testid="trash-restored">
          {t('zettels.trash.restored', { title: restored.title })} <a href={noteHref(restored.id)}>{t('zettels.trash.open')}</a>
        </div>
      ) : null}
      {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
      {!list.data ? (
        list.error ? null : <Loading />
      ) : list.data.data.length === 0 ? (
        <Empty title={t('zettels.trash.empty')}>{t('zettels.trash.emptyHint')}</Empty>
      ) : (
        <ul class="list card" aria-label={t('zettels.trash.list')}>
          {list.data.data.map((z) => (
            <li key={z.id} class="row row--between" data-testid="trash-item">
              <div class="stacked">
                <strong class="break">{z.title}</strong>
                <div class="row small muted">
                  <VisibilityBadge visibility={z.visibility} />
                  <span>{t('zettels.list.byWhen', { author: z.authorName, when: timeAgo(z.updatedAt) })}</span>
                  {z.deletedAt ? <span title={formatDateTime(z.deletedAt)}>{t('zettels.trash.deletedWhen', { when: timeAgo(z.deletedAt) })}</span> : null}
                </div>
                <NoteTags tags={z.tags} link={false} />
              </div>
              <Button variant="secondary" busy={restore.busy} onClick={() => restore.run(z.id, z.title)} data-testid="trash-restore">
                {t('zettels.trash.restore')}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {list.data ? <Pagination page={list.data.meta.page} totalPages={list.data.meta.totalPages} total={list.data.meta.total} onPage={(p) => setQ({ page: String(p) })} /> : null}
    </>
  );
}
