import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { api, call } from '../lib/api';
import { isManager } from '../lib/session';
import { toast } from '../lib/toasts';
import { useAsync } from '../lib/use-async';
import { allPages } from './cmms-bits';
import { JobStatus } from './fsm-bits';
import { FieldJobForm } from './fsm-job-form';
import { Button, ErrorNote } from './ui';

/**
 * On a work order contracted to us: its field job (link), or for a contractor admin "Create field job" from it (our
 * customer and site; title and description from the work order by default).
 */
export function FieldJobFromWorkOrder({ workOrderId, title, open }: { workOrderId: string; title: string; open: boolean }) {
  const [adding, setAdding] = useState(false);
  // The jobs list has no work-order filter: look through the company's jobs (newest first) for the one carrying it out.
  const jobs = useAsync(
    () =>
      allPages((page) => call(api.fsm.jobs.$get({ query: { page: String(page), limit: '100', sortBy: 'createdAt', sortOrder: 'desc' } })), 1000).then((list) =>
        list.filter((j) => j.sourceWorkOrderId === workOrderId && j.status !== 'cancelled'),
      ),
    [workOrderId],
  );
  const existing = jobs.data?.[0];
  return (
    <section class="card" aria-labelledby="field-job-title" data-testid="wo-field-job">
      <h2 id="field-job-title">{t('fsm.fromWo.title')}</h2>
      {jobs.error ? <ErrorNote error={jobs.error} retry={jobs.reload} /> : null}
      {existing ? (
        <p class="row">
          <a href={`/field/jobs/${existing.id}`} data-testid="wo-field-job-link">
            {existing.number} · {existing.title}
          </a>
          <JobStatus status={existing.status} />
        </p>
      ) : jobs.data ? (
        adding ? (
          <FieldJobForm
            sourceWorkOrderId={workOrderId}
            defaultTitle={title}
            onCancel={() => setAdding(false)}
            onSaved={(job) => {
              setAdding(false);
              toast(t('fsm.jobs.created', { number: job.number }), { tone: 'success' });
              void jobs.reload();
            }}
          />
        ) : (
          <>
            <p class="small muted">{t('fsm.fromWo.hint')}</p>
            {isManager.value && open ? (
              <Button variant="secondary" onClick={() => setAdding(true)} data-testid="create-field-job">
                {t('fsm.fromWo.create')}
              </Button>
            ) : null}
          </>
        )
      ) : null}
    </section>
  );
}
