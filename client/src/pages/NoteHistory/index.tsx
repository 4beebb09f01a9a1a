import { useLocation, useRoute } from 'preact-iso';
import { DiffView } from '../../components/diff-view';
import { NoteTags, VisibilityBadge, historyHref, loadMembers, noteHref } from '../../components/note-bits';
import { Button, Empty, ErrorNote, FormError, Loading, PageError, PageHeader, Pagination } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { formatDateTime, timeAgo } from '../../lib/format';
import { currentCompany } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';
import { useSubmit } from '../../lib/use-submit';

/** A note's versions (number, who, when), what changed between one of them and the current text, and restore. */
export function NoteHistory() {
  const { params } = useRoute();
  const { route } = useLocation();
  const id = params.id!;
  const [q, setQ] = useQueryState({ page: '1', v: '' });
  const note = useAsync(() => call(api.zettels[':id'].$get({ param: { id } })).then((b) => b.data), [id]);
  const revisions = useAsync(() => call(api.zettels[':id'].revisions.$get({ param: { id }, query: { page: q.page, limit: '20' } })), [id, q.page, note.data?.version]);
  const names = useAsync(() => loadMembers(currentCompany.value?.id), []);
  const who = (userId: string | null) => (userId && names.data?.get(userId)) || t('zettels.history.someone');

  const restore = useSubmit(async (version: number) => {
    if (!confirm(t('zettels.history.confirmRestore', { version }))) return;
    const body = await call(api.zettels[':id'].revisions[':version'].restore.$post({ param: { id, version: String(version) } }));
    toast(t('zettels.history.restored', { version, current: body.data.version }), { tone: 'success' });
    route(noteHref(id));
  });

  const back = (
    <p class="small">
      <a href={noteHref(id)}>
        <span aria-hidden="true">← </span>
        {t('zettels.history.back')}
      </a>
    </p>
  );
  if (note.error) {
    return (
      <>
        {back}
        <PageError error={note.error} retry={note.reload} />
      </>
    );
  }
  if (!note.data) return <Loading />;
  const z = note.data;
  const rows = revisions.data?.data ?? [];
  const chosen = q.v ? rows.find((r) => String(r.version) === q.v) : rows[0];
  return (
    <>
      {back}
      <PageHeader title={t('zettels.history.title', { title: z.title })} tabTitle={t('zettels.history.tabTitle', { title: z.title })} />
      <section class="card" aria-labelledby="versions-title">
        <h2 id="versions-title">{t('zettels.history.versions')}</h2>
        {revisions.error ? <ErrorNote error={revisions.error} retry={revisions.reload} /> : null}
        <table class="table--stack" data-testid="revisions">
          <thead>
            <tr>
              <th scope="col">{t('zettels.history.version')}</th>
              <th scope="col">{t('zettels.history.savedBy')}</th>
              <th scope="col">{t('zettels.history.when')}</th>
              <th scope="col">{t('zettels.history.titleCol')}</th>
              <th scope="col">
                <span class="sr-only">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {q.page === '1' ? (
              <tr data-testid="revision" data-version={z.version}>
                <td data-label={t('zettels.history.version')}>
                  <strong>{t('zettels.history.versionN', { version: z.version })}</strong> <span class="badge badge--info">{t('zettels.history.current')}</span>
                </td>
                <td data-label={t('zettels.history.savedBy')} data-testid="revision-by">
                  {who(z.updatedBy ?? z.authorId)}
                </td>
                <td data-label={t('zettels.history.when')}>
                  <span title={formatDateTime(z.updatedAt)}>{timeAgo(z.updatedAt)}</span>
                </td>
                <td data-label={t('zettels.history.titleCol')} class="break">
                  {z.title}
                </td>
                <td />
              </tr>
            ) : null}
            {rows.map((r) => {
              const selected = chosen?.version === r.version;
              return (
                <tr key={r.version} data-testid="revision" data-version={r.version} class={selected ? 'row--selected' : ''}>
                  <td data-label={t('zettels.history.version')}>
                    <strong>{t('zettels.history.versionN', { version: r.version })}</strong>
                  </td>
                  <td data-label={t('zettels.history.savedBy')} data-testid="revision-by">
                    {who(r.editedBy)}
                  </td>
                  <td data-label={t('zettels.history.when')}>
                    <span title={formatDateTime(r.createdAt)}>{timeAgo(r.createdAt)}</span>
                  </td>
                  <td data-label={t('zettels.history.titleCol')} class="break">
                    {r.title}
                  </td>
                  <td>
                    <a href={`${historyHref(id, r.version)}${q.page !== '1' ? `&page=${q.page}` : ''}`} aria-current={selected ? 'true' : undefined} data-testid="revision-compare">
                      {selected ? t('zettels.history.comparing') : t('zettels.history.compare')}
                    </a>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {revisions.data && rows.length === 0 ? <Empty title={t('zettels.history.none')}>{t('zettels.history.noneHint')}</Empty> : null}
        {revisions.data && revisions.data.meta.totalPages > 1 ? (
          <Pagination page={revisions.data.meta.page} totalPages={revisions.data.meta.totalPages} total={revisions.data.meta.total} onPage={(p) => setQ({ page: String(p), v: '' })} />
        ) : null}
      </section>
      {chosen ? (
        <section class="card" aria-labelledby="compare-title" data-testid="revision-diff">
          <div class="row row--between">
            <h2 id="compare-title">{t('zettels.history.compareTitle', { version: chosen.version, current: z.version })}</h2>
            {z.canEdit ? (
              <Button variant="secondary" busy={restore.busy} onClick={() => restore.run(chosen.version)} data-testid="revision-restore">
                {t('zettels.history.restore', { version: chosen.version })}
              </Button>
            ) : null}
          </div>
          <FormError error={restore.error} />
          <p class="small muted">{t('zettels.history.savedByAt', { name: who(chosen.editedBy), when: formatDateTime(chosen.createdAt) })}</p>
          {chosen.title !== z.title ? (
            <p class="small" data-testid="diff-title">
              {t('zettels.history.titleChanged', { before: chosen.title, after: z.title })}
            </p>
          ) : null}
          {chosen.tags.join(',') !== z.tags.join(',') ? (
            <div class="row small">
              <span>{t('zettels.history.tagsThen')}</span>
              {chosen.tags.length ? <NoteTags tags={chosen.tags} link={false} /> : <span class="muted">{t('zettels.history.noTags')}</span>}
              <span>{t('zettels.history.tagsNow')}</span>
              {z.tags.length ? <NoteTags tags={z.tags} link={false} /> : <span class="muted">{t('zettels.history.noTags')}</span>}
            </div>
          ) : null}
          {chosen.visibility !== z.visibility ? (
            <div class="row small">
              <span>{t('zettels.history.visibilityThen')}</span>
              <VisibilityBadge visibility={chosen.visibility} />
              <span>{t('zettels.history.visibilityNow')}</span>
              <VisibilityBadge visibility={z.visibility} />
            </div>
          ) : null}
          <DiffView
            before={chosen.body}
            after={z.body}
            beforeLabel={t('zettels.history.versionLabel', { version: chosen.version })}
            afterLabel={t('zettels.history.currentN', { version: z.version })}
            testId="history-diff"
          />
        </section>
      ) : null}
    </>
  );
}
