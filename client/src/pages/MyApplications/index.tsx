import { ApplicationStatus } from '../../components/job-bits';
import { Empty, ErrorNote, Loading, PageHeader, Pagination } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { lastEvent } from '../../lib/notifications';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';

export function MyApplications() {
  const [q, setQ] = useQueryState({ page: '1', status: '' });
  const reviewed = lastEvent.value?.type === 'jobs.application.reviewed' ? lastEvent.value.id : null;
  const list = useAsync(
    () => call(api.applications.mine.$get({ query: { page: q.page, limit: '20', ...(q.status ? { status: q.status } : {}) } })),
    [q.page, q.status, reviewed],
  );
  return (
    <>
      <PageHeader title={t('jobs.mine.title')}>
        <label class="inline-field small">
          {t('jobs.mine.status')}
          <select value={q.status} onChange={(e) => setQ({ status: e.currentTarget.value })}>
            <option value="">{t('common.any')}</option>
            <option value="pending">{t('jobs.applicationStatus.pending')}</option>
            <option value="accepted">{t('jobs.applicationStatus.accepted')}</option>
            <option value="rejected">{t('jobs.applicationStatus.rejected')}</option>
          </select>
        </label>
      </PageHeader>
      {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
      {!list.data ? (
        list.error ? null : <Loading />
      ) : list.data.data.length === 0 ? (
        <Empty title={t('jobs.mine.empty')}>
          <p>{t('jobs.mine.emptyHint')}</p>
          <a class="btn btn--secondary" href="/jobs">
            {t('jobs.mine.boardLink')}
          </a>
        </Empty>
      ) : (
        <ul class="card list">
          {list.data.data.map((a) => (
            <li key={a.id} class="row row--between">
              <div>
                <a href={`/jobs/${a.jobId}`}>
                  <strong>{a.jobTitle}</strong>
                </a>
                <div class="small muted">
                  {a.companyName} · {t('jobs.mine.applied', { date: formatDateTime(a.createdAt) })}
                  {a.reviewedAt ? ` · ${t('jobs.mine.reviewed', { date: formatDateTime(a.reviewedAt) })}` : ''}
                </div>
              </div>
              <ApplicationStatus status={a.status} />
            </li>
          ))}
        </ul>
      )}
      {list.data ? <Pagination page={list.data.meta.page} totalPages={list.data.meta.totalPages} total={list.data.meta.total} onPage={(p) => setQ({ page: String(p) })} /> : null}
    </>
  );
}
