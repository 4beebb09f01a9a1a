import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { api, call } from '../lib/api';
import { isManager } from '../lib/session';
import { toast } from '../lib/toasts';
import { useAsync } from '../lib/use-async';
import { JobStatus } from './fsm-bits';
import { FieldJobForm } from './fsm-job-form';
import { Button, ErrorNote } from './ui';

/**
 * On a work order contracted to us: its field job (link), or for a contractor admin "Create field job" from it (our
 * customer and site; title and description from the work order by default).
 */
export function FieldJobFromWorkOrder({ workOrderId, title, open }: { workOrderId: string; title: string; open: boolean }) {
  const [adding, setAdding] = useState(false);
  // The field job carrying it out (a cancelled one may be followed by a new one: the live one first).
  const jobs = useAsync(
    () =>
      call(api.fsm.jobs.$get({ query: { sourceWorkOrderId: workOrderId, limit: '20', sortBy: 'createdAt', sortOrder: 'desc' } })).then((list) =>
        list.data.filter((j) => j.status !== 'cancelled'),
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
