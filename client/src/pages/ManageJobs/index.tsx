import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { Button, Empty, ErrorNote, Loading, PageHeader, Pagination } from '../../components/ui';
import { JobBadges } from '../../components/job-bits';
import { JobForm } from '../../components/job-form';
import { api, call } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { currentUser } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';

/** The company's own jobs, any type and status, with create. */
export function ManageJobs() {
  const { route } = useLocation();
  const companyId = currentUser.value!.companyId;
  const [q, setQ] = useQueryState({ page: '1', status: '' });
  const [creating, setCreating] = useState(false);
  const list = useAsync(
    () => call(api.jobs.$get({ query: { companyId, page: q.page, limit: '20', ...(q.status ? { status: q.status } : {}) } })),
    [q.page, q.status],
  );
  return (
    <>
      <PageHeader title="Our jobs">
        <Button onClick={() => setCreating(!creating)} aria-expanded={creating}>
          {creating ? 'Close form' : 'New job'}
        </Button>
      </PageHeader>
      {creating ? (
        <section class="card">
          <JobForm
            onCancel={() => setCreating(false)}
            onSaved={(job) => {
              toast('Job published', { tone: 'success' });
              route(`/manage/jobs/${job.id}`);
            }}
          />
        </section>
      ) : null}
      <section class="card" aria-label="Jobs of my company">
        <div class="row" style="margin-bottom:.5rem">
          {['', 'open', 'closed', 'filled'].map((s) => (
            <button class={`btn ${q.status === s ? 'btn--primary' : 'btn--secondary'}`} aria-pressed={q.status === s} onClick={() => setQ({ status: s })}>
              {s ? s[0]!.toUpperCase() + s.slice(1) : 'All'}
            </button>
          ))}
        </div>
        {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
        {!list.data ? (
          <Loading />
        ) : list.data.data.length === 0 ? (
          <Empty title="No jobs here yet">Publish one with “New job”.</Empty>
        ) : (
          <ul class="list">
            {list.data.data.map((j) => (
              <li key={j.id} class="row row--between">
                <div>
                  <a href={`/manage/jobs/${j.id}`}>
                    <strong>{j.title}</strong>
                  </a>
                  <div class="small muted">
                    {formatDate(j.createdAt)} · {j.vacancies} vacancies
                  </div>
                </div>
                <JobBadges job={j} />
              </li>
            ))}
          </ul>
        )}
        {list.data ? <Pagination page={list.data.meta.page} totalPages={list.data.meta.totalPages} total={list.data.meta.total} onPage={(p) => setQ({ page: String(p) })} /> : null}
      </section>
    </>
  );
}
