import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { FieldJobForm } from '../../components/fsm-job-form';
import { FSM_PRIORITIES, fsmEvent, JOB_STATUSES, JobPriority, JobStatus } from '../../components/fsm-bits';
import { Button, Empty, ErrorNote, Field, Loading, PageHeader, Pagination } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { isManager } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';

/** Field jobs: status, priority, search (and a customer's jobs) in the URL; admins create one; live. */
export function FieldJobs() {
  const { route } = useLocation();
  const [q, setQ] = useQueryState({ page: '1', search: '', status: '', priority: '', customerId: '' });
  const [search, setSearch] = useState(q.search);
  useEffect(() => setSearch(q.search), [q.search]);
  const [adding, setAdding] = useState(false);
  const ev = fsmEvent('fsm.job.', 'fsm.visit.');
  const list = useAsync(
    () =>
      call(
        api.fsm.jobs.$get({
          query: {
            page: q.page,
            limit: '20',
            ...(q.search ? { search: q.search } : { sortBy: 'createdAt', sortOrder: 'desc' }),
            ...(q.status ? { status: q.status } : {}),
            ...(q.priority ? { priority: q.priority } : {}),
            ...(q.customerId ? { customerId: q.customerId } : {}),
          },
        }),
      ),
    [q.page, q.search, q.status, q.priority, q.customerId, ev?.id],
  );
  return (
    <>
      <PageHeader title={t('fsm.jobs.title')}>
        {isManager.value ? (
          <Button onClick={() => setAdding(!adding)} aria-expanded={adding} data-testid="new-field-job">
            {t('fsm.jobs.new')}
          </Button>
        ) : null}
      </PageHeader>
      {adding ? (
        <section class="card spaced-bottom">
          <FieldJobForm
            onCancel={() => setAdding(false)}
            onSaved={(job) => {
              toast(t('fsm.jobs.created', { number: job.number }), { tone: 'success' });
              route(`/field/jobs/${job.id}`);
            }}
          />
        </section>
      ) : null}
      <form class="filters card" role="search" aria-label={t('fsm.jobs.filters')} onSubmit={(e) => (e.preventDefault(), setQ({ search: search.trim() }))}>
        <Field label={t('fsm.jobs.search')} hint={t('fsm.jobs.searchHint')} class="filters__wide">
          {(a) => <input {...a} name="search" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />}
        </Field>
        <Field label={t('fsm.jobs.statusLabel')}>
          {(a) => (
            <select {...a} name="status" value={q.status} onChange={(e) => setQ({ status: e.currentTarget.value })}>
              <option value="">{t('common.any')}</option>
              {JOB_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`fsm.jobStatus.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('fsm.jobs.priorityLabel')}>
          {(a) => (
            <select {...a} name="priority" value={q.priority} onChange={(e) => setQ({ priority: e.currentTarget.value })}>
              <option value="">{t('common.any')}</option>
              {FSM_PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {t(`fsm.priority.${p}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {q.customerId ? (
          <p class="filters__check">
            <button type="button" class="link" onClick={() => setQ({ customerId: '' })}>
              {t('fsm.jobs.allCustomers')}
            </button>
          </p>
        ) : null}
      </form>
      {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
      {!list.data ? (
        list.error ? null : <Loading />
      ) : list.data.data.length === 0 ? (
        <Empty title={t('fsm.jobs.empty')}>{isManager.value ? t('fsm.jobs.emptyAdmin') : t('fsm.jobs.emptyMember')}</Empty>
      ) : (
        <div class="card">
          <table class="table--stack">
            <thead>
              <tr>
                <th>{t('fsm.jobs.job')}</th>
                <th>{t('fsm.jobs.customer')}</th>
                <th>{t('fsm.jobs.statusLabel')}</th>
                <th>{t('fsm.jobs.duration')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.map((j) => (
                <tr key={j.id} data-testid="field-job-row">
                  <td class="cell--primary">
                    <a href={`/field/jobs/${j.id}`} data-testid="field-job-link">
                      {j.number} · {j.title}
                    </a>
                  </td>
                  <td data-label={t('fsm.jobs.customer')}>
                    <span class="stacked">
                      <span>{j.customerName ?? '—'}</span>
                      <span class="small muted">{j.siteName ?? ''}</span>
                    </span>
                  </td>
                  <td data-label={t('fsm.jobs.statusLabel')}>
                    <span class="tags">
                      <JobStatus status={j.status} />
                      <JobPriority level={j.priority} />
                    </span>
                  </td>
                  <td data-label={t('fsm.jobs.duration')}>{t('fsm.minutes', { count: j.durationMin })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data ? (
        <Pagination page={list.data.meta.page} totalPages={list.data.meta.totalPages} total={list.data.meta.total} onPage={(p) => setQ({ page: String(p) })} />
      ) : null}
    </>
  );
}
