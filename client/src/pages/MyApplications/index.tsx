import { Badge, Empty, ErrorNote, Loading, PageHeader, Pagination } from '../../components/ui';
import { api, call } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { lastEvent } from '../../lib/notifications';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';

const tone = { pending: 'warn', accepted: 'good', rejected: 'bad' } as const;

export function MyApplications() {
  const [q, setQ] = useQueryState({ page: '1', status: '' });
  const reviewed = lastEvent.value?.type === 'jobs.application.reviewed' ? lastEvent.value.id : null;
  const list = useAsync(
    () => call(api.applications.mine.$get({ query: { page: q.page, limit: '20', ...(q.status ? { status: q.status } : {}) } })),
    [q.page, q.status, reviewed],
  );
  return (
    <>
      <PageHeader title="My applications">
        <label class="row small">
          Status
          <select value={q.status} onChange={(e) => setQ({ status: e.currentTarget.value })} style="width:auto">
            <option value="">Any</option>
            <option value="pending">Pending</option>
            <option value="accepted">Accepted</option>
            <option value="rejected">Rejected</option>
          </select>
        </label>
      </PageHeader>
      {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
      {!list.data ? (
        <Loading />
      ) : list.data.data.length === 0 ? (
        <Empty title="No applications yet">
          Find something on the <a href="/jobs">job board</a>.
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
                  {a.companyName} · applied {formatDateTime(a.createdAt)}
                  {a.reviewedAt ? ` · reviewed ${formatDateTime(a.reviewedAt)}` : ''}
                </div>
              </div>
              <Badge tone={tone[a.status]}>{a.status}</Badge>
            </li>
          ))}
        </ul>
      )}
      {list.data ? <Pagination page={list.data.meta.page} totalPages={list.data.meta.totalPages} total={list.data.meta.total} onPage={(p) => setQ({ page: String(p) })} /> : null}
    </>
  );
}
