import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import type { Application } from '../../../../src/modules/jobs/jobs.schemas';
import { ApplicationStatus, JobBadges, Skills } from '../../components/job-bits';
import { JobForm } from '../../components/job-form';
import { Button, Empty, ErrorNote, FormError, Loading, PageError, PageHeader, Pagination } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { lastEvent } from '../../lib/notifications';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useSubmit } from '../../lib/use-submit';

const norm = (s: string) => s.trim().toLocaleLowerCase();

/** The job's required skills, each marked as one the applicant has or lacks, and the applicant's other skills. */
function SkillMatch({ required, skills }: { required: string[]; skills: string[] | undefined }) {
  const has = new Set((skills ?? []).map(norm));
  const matched = required.filter((s) => has.has(norm(s)));
  const wanted = new Set(required.map(norm));
  const others = (skills ?? []).filter((s) => !wanted.has(norm(s)));
  return (
    <div class="skill-match" data-testid="skill-match">
      <p class="small">
        <strong>{t('jobs.applications.skillsMatch', { count: required.length, matched: matched.length })}</strong>
      </p>
      {required.length ? (
        <ul class="tags tags--list">
          {required.map((s) => {
            const ok = has.has(norm(s));
            return (
              <li>
                <span class={`badge ${ok ? 'badge--good' : 'badge--neutral badge--missing'}`}>
                  <span aria-hidden="true">{ok ? '✓ ' : '✗ '}</span>
                  {s}
                  <span class="sr-only"> ({ok ? t('jobs.applications.hasSkill') : t('jobs.applications.missingSkill')})</span>
                </span>
              </li>
            );
          })}
        </ul>
      ) : null}
      {others.length ? (
        <p class="small muted">
          {t('jobs.applications.otherSkills')}: {others.join(', ')}
        </p>
      ) : !skills?.length ? (
        <p class="small muted">{t('jobs.applications.noSkills')}</p>
      ) : null}
    </div>
  );
}

function ApplicationItem({ a, required, canAccept, busy, onReview }: { a: Application; required: string[]; canAccept: boolean; busy: boolean; onReview: (status: 'accepted' | 'rejected') => void }) {
  return (
    <li data-testid="application">
      <div class="row row--between">
        <div>
          <strong>{a.applicantName}</strong>
          {a.applicantCompanyName ? <span class="muted"> · {a.applicantCompanyName}</span> : null}
          <div class="small muted break">{a.applicantEmail}</div>
          <div class="small muted">{t('jobs.applications.appliedAt', { date: formatDateTime(a.createdAt) })}</div>
        </div>
        {a.status === 'pending' ? (
          <div class="row">
            <Button busy={busy} disabled={!canAccept} onClick={() => onReview('accepted')} data-testid="accept">
              {t('jobs.applications.accept')}
            </Button>
            <Button variant="secondary" disabled={busy} onClick={() => onReview('rejected')} data-testid="reject">
              {t('jobs.applications.reject')}
            </Button>
          </div>
        ) : (
          <ApplicationStatus status={a.status} testId="application-status" />
        )}
      </div>
      <SkillMatch required={required} skills={a.applicantSkills} />
      {a.coverLetter ? (
        <blockquote class="cover-letter small" aria-label={t('jobs.applications.coverLetter')}>
          {a.coverLetter}
        </blockquote>
      ) : null}
    </li>
  );
}

/** One job of the company: edit, close/reopen, delete, and review its applications (live). */
export function ManageJob() {
  const { params } = useRoute();
  const { route } = useLocation();
  const id = params.id!;
  const [editing, setEditing] = useState(false);
  const [page, setPage] = useState(1);
  const job = useAsync(() => call(api.jobs[':id'].$get({ param: { id } })).then((b) => b.data), [id]);
  const ev = lastEvent.value;
  const live = ev && ev.data.jobId === id ? ev.id : null;
  const apps = useAsync(() => call(api.jobs[':id'].applications.$get({ param: { id }, query: { page: String(page), limit: '20' } })), [id, page, live]);
  const act = useSubmit(async (what: 'close' | 'open' | 'delete') => {
    if (what === 'delete') {
      if (!confirm(t('jobs.manage.confirmDelete'))) return;
      await call(api.jobs[':id'].$delete({ param: { id } }));
      toast(t('jobs.manage.deleted'), { tone: 'success' });
      return route('/manage/jobs');
    }
    const body = await call(api.jobs[':id'].$patch({ param: { id }, json: { status: what === 'close' ? 'closed' : 'open' } }));
    job.setData(() => body.data);
    toast(what === 'close' ? t('jobs.manage.closed') : t('jobs.manage.reopened'), { tone: 'success' });
  });
  const review = useSubmit(async (applicationId: string, status: 'accepted' | 'rejected') => {
    const body = await call(api.jobs[':id'].applications[':applicationId'].$patch({ param: { id, applicationId }, json: { status } }));
    toast(status === 'accepted' ? t('jobs.applications.acceptedToast') : t('jobs.applications.rejectedToast'), { tone: 'success' });
    if (body.data.jobStatus === 'filled') toast(t('jobs.applications.filled'), { body: t('jobs.applications.filledBody'), tone: 'info' });
    await Promise.all([apps.reload(), job.reload()]);
  });
  const back = (
    <p class="small">
      <a href="/manage/jobs">
        <span aria-hidden="true">← </span>
        {t('jobs.manage.back')}
      </a>
    </p>
  );
  if (job.error) return <PageError error={job.error} retry={job.reload} />;
  if (!job.data) return <Loading />;
  const j = job.data;
  return (
    <>
      {back}
      <PageHeader title={j.title}>
        <Button variant="secondary" onClick={() => setEditing(!editing)} aria-expanded={editing}>
          {editing ? t('jobs.manage.stopEditing') : t('jobs.manage.edit')}
        </Button>
        {j.status === 'open' ? (
          <Button variant="secondary" busy={act.busy} onClick={() => act.run('close')}>
            {t('jobs.manage.close')}
          </Button>
        ) : (
          <Button variant="secondary" busy={act.busy} onClick={() => act.run('open')}>
            {t('jobs.manage.reopen')}
          </Button>
        )}
        <Button variant="danger" disabled={act.busy} onClick={() => act.run('delete')}>
          {t('jobs.manage.delete')}
        </Button>
      </PageHeader>
      <FormError error={act.error} />
      <section class="card">
        {editing ? (
          <JobForm
            job={j}
            onCancel={() => setEditing(false)}
            onSaved={(saved) => {
              job.setData(() => saved);
              setEditing(false);
              toast(t('jobs.manage.saved'), { tone: 'success' });
            }}
          />
        ) : (
          <>
            <JobBadges job={j} />
            <p class="prose">{j.description}</p>
            <Skills skills={j.requiredSkills} />
          </>
        )}
      </section>
      <section class="card" aria-labelledby="applications-title">
        <div class="row row--between">
          <h2 id="applications-title">{t('jobs.applications.title')}</h2>
          {apps.data ? (
            <span class="muted" data-testid="vacancies-left">
              {t('jobs.applications.accepted', { count: apps.data.meta.accepted })} ·{' '}
              {t('jobs.applications.vacanciesLeft', { count: apps.data.meta.vacanciesLeft, total: j.vacancies })}
            </span>
          ) : null}
        </div>
        <FormError error={review.error} />
        {apps.error ? <ErrorNote error={apps.error} retry={apps.reload} /> : null}
        {!apps.data ? (
          apps.error ? null : <Loading />
        ) : apps.data.data.length === 0 ? (
          <Empty title={t('jobs.applications.empty')}>{t('jobs.applications.emptyHint')}</Empty>
        ) : (
          <ul class="list">
            {apps.data.data.map((a) => (
              <ApplicationItem
                key={a.id}
                a={a}
                required={j.requiredSkills}
                canAccept={apps.data!.meta.vacanciesLeft > 0}
                busy={review.busy}
                onReview={(status) => review.run(a.id, status)}
              />
            ))}
          </ul>
        )}
        {apps.data ? <Pagination page={apps.data.meta.page} totalPages={apps.data.meta.totalPages} total={apps.data.meta.total} onPage={setPage} /> : null}
      </section>
    </>
  );
}
