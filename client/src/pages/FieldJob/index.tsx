import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { BackLink } from '../../components/cmms-bits';
import { dayLabel, fsmEvent, JobPriority, JobStatus, loadTechnicians, mapLink, namesOf, todayUtc, utcDay, VisitStatus, windowText } from '../../components/fsm-bits';
import { FieldJobForm } from '../../components/fsm-job-form';
import { VisitForm } from '../../components/fsm-visit-form';
import { Badge, Button, Empty, FormError, Loading, PageError, PageHeader } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { isManager } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useSubmit } from '../../lib/use-submit';

const OPEN = ['unscheduled', 'scheduled', 'in_progress'];

/** A field job: details, its visits, and for admins edit, cancel and "schedule a visit"; live. */
export function FieldJob() {
  const { params } = useRoute();
  const id = params.id!;
  const job = useAsync(() => call(api.fsm.jobs[':id'].$get({ param: { id } })).then((b) => b.data), [id]);
  const techs = useAsync(() => loadTechnicians(), []);
  const [editing, setEditing] = useState(false);
  const [scheduling, setScheduling] = useState(false);
  const ev = fsmEvent('fsm.job.', 'fsm.visit.');
  const live = ev && ev.data.jobId === id ? ev.id : null;
  useEffect(() => {
    if (live) void job.reload();
  }, [live]);
  const cancel = useSubmit(async () => {
    if (!job.data || !confirm(t('fsm.job.confirmCancel'))) return;
    await call(api.fsm.jobs[':id'].$patch({ param: { id }, json: { status: 'cancelled', version: job.data.version } }));
    toast(t('fsm.job.cancelled'), { tone: 'success' });
    void job.reload();
  });
  const back = <BackLink href="/field/jobs">{t('fsm.jobs.back')}</BackLink>;
  if (job.error)
    return (
      <>
        {back}
        <PageError error={job.error} retry={job.reload} />
      </>
    );
  if (!job.data) return <Loading />;
  const j = job.data;
  const admin = isManager.value;
  const open = OPEN.includes(j.status);
  return (
    <>
      {back}
      <PageHeader title={`${j.number} · ${j.title}`} tabTitle={j.number}>
        {admin && open ? (
          <>
            <Button variant="secondary" onClick={() => setEditing(!editing)} aria-expanded={editing} data-testid="edit-field-job">
              {t('fsm.edit')}
            </Button>
            <Button variant="ghost" busy={cancel.busy} onClick={() => cancel.run()} data-testid="cancel-field-job">
              {t('fsm.job.cancel')}
            </Button>
          </>
        ) : null}
      </PageHeader>
      <FormError error={cancel.error} />
      <section class="card" aria-label={t('fsm.job.details')}>
        {editing ? (
          <FieldJobForm
            job={j}
            onCancel={() => setEditing(false)}
            onSaved={() => {
              setEditing(false);
              toast(t('fsm.job.saved'), { tone: 'success' });
              void job.reload();
            }}
          />
        ) : (
          <div class="stack">
            <span class="tags">
              <JobStatus status={j.status} />
              <JobPriority level={j.priority} />
              {j.sourceWorkOrderId ? <Badge tone="info">{t('fsm.job.fromWorkOrder')}</Badge> : null}
            </span>
            <dl class="facts">
              <div>
                <dt>{t('fsm.jobs.customer')}</dt>
                <dd>
                  <a href={`/field/customers/${j.customerId}`}>{j.customerName ?? '—'}</a>
                </dd>
              </div>
              <div>
                <dt>{t('fsm.jobs.site')}</dt>
                <dd>
                  {j.siteName ?? '—'}
                  {j.siteAddress ? <div class="small muted">{j.siteAddress}</div> : null}
                  {j.lat !== null && j.lat !== undefined && j.lng !== null && j.lng !== undefined ? (
                    <a class="small" href={mapLink(j.lat, j.lng)} target="_blank" rel="noopener noreferrer">
                      {t('fsm.visit.openMap')}
                    </a>
                  ) : null}
                </dd>
              </div>
              <div>
                <dt>{t('fsm.jobs.duration')}</dt>
                <dd>{t('fsm.minutes', { count: j.durationMin })}</dd>
              </div>
              <div>
                <dt>{t('fsm.jobs.skills')}</dt>
                <dd>{j.requiredSkills.length ? j.requiredSkills.join(', ') : '—'}</dd>
              </div>
              <div>
                <dt>{t('fsm.job.created')}</dt>
                <dd>{formatDateTime(j.createdAt)}</dd>
              </div>
              {j.completedAt ? (
                <>
                  <div>
                    <dt>{t('fsm.job.completed')}</dt>
                    <dd>{formatDateTime(j.completedAt)}</dd>
                  </div>
                </>
              ) : null}
            </dl>
            {j.description ? <p class="prose">{j.description}</p> : null}
          </div>
        )}
      </section>
      <section class="card" aria-labelledby="visits-title">
        <div class="row row--between">
          <h2 id="visits-title">{t('fsm.job.visits')}</h2>
          {admin && open ? (
            <Button variant="secondary" onClick={() => setScheduling(!scheduling)} aria-expanded={scheduling} data-testid="schedule-visit">
              {t('fsm.job.schedule')}
            </Button>
          ) : null}
        </div>
        {scheduling && techs.data ? (
          <div class="card card--inset">
            <VisitForm
              job={j}
              technicians={techs.data}
              initial={{ technicianIds: [], day: todayUtc(), start: '12:00' }}
              onCancel={() => setScheduling(false)}
              onStale={() => void job.reload()}
              onSaved={() => {
                setScheduling(false);
                toast(t('fsm.visit.scheduled'), { tone: 'success' });
                void job.reload();
              }}
            />
          </div>
        ) : null}
        {j.visits.length === 0 ? (
          <Empty title={t('fsm.job.noVisits')}>{admin && open ? t('fsm.job.noVisitsAdmin') : null}</Empty>
        ) : (
          <ul class="list">
            {j.visits.map((v) => (
              <li key={v.id} class="row row--between" data-testid="job-visit">
                <span class="stacked">
                  <a href={`/field/visits/${v.id}`}>
                    {dayLabel(utcDay(v.start))} · {windowText(v.start, v.end)}
                  </a>
                  <span class="small muted">{namesOf(v.technicianIds, techs.data)}</span>
                </span>
                <VisitStatus status={v.status} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <p class="small muted">{t('common.lastChanged', { when: formatDateTime(j.updatedAt) })}</p>
    </>
  );
}
