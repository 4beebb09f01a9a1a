import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { JobBadges } from '../../components/job-bits';
import { Badge, Button, Empty, ErrorNote, Loading, PageHeader, Pagination } from '../../components/ui';
import { JobForm } from '../../components/job-form';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { lastEvent } from '../../lib/notifications';
import { currentUser } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';

const FILTERS = ['', 'open', 'closed', 'filled'] as const;

/** The company's own jobs, any type and status, each with its applications waiting for review; create a job. */
export function ManageJobs() {
  const { route } = useLocation();
  const companyId = currentUser.value!.companyId;
  const [q, setQ] = useQueryState({ page: '1', status: '' });
  const [creating, setCreating] = useState(false);
  const list = useAsync(
    () => call(api.jobs.$get({ query: { companyId, page: q.page, limit: '20', ...(q.status ? { status: q.status } : {}) } })),
    [q.page, q.status],
  );
  const submitted = lastEvent.value?.type === 'jobs.application.submitted' ? lastEvent.value.id : null;
  const pending = useAsync(
    () => call(api.applications['pending-counts'].$get()).then((b) => new Map(b.data.map((p) => [p.jobId, p.pending]))),
    [submitted],
  );
  return (
    <>
      <PageHeader title={t('jobs.manage.title')}>
        <Button onClick={() => setCreating(!creating)} aria-expanded={creating} data-testid="new-job">
          {creating ? t('jobs.manage.closeForm') : t('jobs.manage.newJob')}
        </Button>
      </PageHeader>
      {creating ? (
        <section class="card">
          <JobForm
            onCancel={() => setCreating(false)}
            onSaved={(job) => {
              toast(t('jobs.manage.published'), { tone: 'success' });
              route(`/manage/jobs/${job.id}`);
            }}
          />
        </section>
      ) : null}
      <section class="card" aria-labelledby="our-jobs-list">
        <h2 id="our-jobs-list" class="sr-only">
          {t('jobs.manage.list')}
        </h2>
        <div class="row segmented" role="group" aria-label={t('jobs.manage.filterLabel')}>
          {FILTERS.map((s) => (
            <button class={`btn ${q.status === s ? 'btn--primary' : 'btn--secondary'}`} aria-pressed={q.status === s} onClick={() => setQ({ status: s })}>
              {s ? t(`jobs.status.${s}`) : t('jobs.manage.all')}
            </button>
          ))}
        </div>
        {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
        {!list.data ? (
          list.error ? null : <Loading />
        ) : list.data.data.length === 0 ? (
          <Empty title={t('jobs.manage.empty')}>{t('jobs.manage.emptyHint')}</Empty>
        ) : (
          <ul class="list">
            {list.data.data.map((j) => {
              const waiting = pending.data?.get(j.id) ?? 0;
              return (
                <li key={j.id} class="row row--between" data-testid="our-job">
                  <div>
                    <a href={`/manage/jobs/${j.id}`}>
                      <strong>{j.title}</strong>
                    </a>
                    <div class="small muted">
                      {formatDate(j.createdAt)} · {t('jobs.vacancies', { count: j.vacancies })}
                    </div>
                  </div>
                  <div class="row">
                    {pending.data ? (
                      <Badge tone={waiting ? 'warn' : 'neutral'} testId="pending-count">
                        {t('jobs.manage.pending', { count: waiting })}
                      </Badge>
                    ) : null}
                    <JobBadges job={j} />
                  </div>
                </li>
              );
            })}
          </ul>
        )}
        {list.data ? <Pagination page={list.data.meta.page} totalPages={list.data.meta.totalPages} total={list.data.meta.total} onPage={(p) => setQ({ page: String(p) })} /> : null}
      </section>
    </>
  );
}
