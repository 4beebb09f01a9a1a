import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { ApplicationStatus, JobBadges, Skills } from '../../components/job-bits';
import { Button, Field, FormError, Loading, PageError } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { formatDate, formatDateTime } from '../../lib/format';
import { currentUser, isStaff } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useSubmit } from '../../lib/use-submit';
import { useTitle } from '../../lib/use-title';

export function JobDetail() {
  const { params } = useRoute();
  const id = params.id!;
  const user = currentUser.value;
  const job = useAsync(() => call(api.jobs[':id'].$get({ param: { id } })).then((b) => b.data), [id]);
  const mine = useAsync(
    () => (user ? call(api.applications.mine.$get({ query: { jobId: id } })).then((b) => b.data[0] ?? null) : Promise.resolve(null)),
    [id, user?.id],
  );
  const [letter, setLetter] = useState('');
  const apply = useSubmit(async () => {
    const body = await call(api.jobs[':id'].apply.$post({ param: { id }, json: letter.trim() ? { coverLetter: letter.trim() } : {} }));
    mine.setData(() => body.data);
    toast(t('jobs.detail.sent'), { body: t('jobs.detail.sentBody'), tone: 'success' });
  });
  useTitle(job.data?.title ?? (job.error ? null : t('jobs.board.title')));
  if (job.error) return <PageError error={job.error} retry={job.reload} />;
  if (!job.data) return <Loading />;
  const j = job.data;
  const manages = user && (isStaff.value || (user.role === 'admin_empresa' && user.companyId === j.companyId));
  return (
    <article class="card">
      <p class="small">
        <a href="/jobs">
          <span aria-hidden="true">← </span>
          {t('jobs.detail.back')}
        </a>
      </p>
      <h1>{j.title}</h1>
      <p class="muted">
        {j.companyName} · {t('jobs.detail.posted', { date: formatDate(j.createdAt) })} · {t('jobs.vacancies', { count: j.vacancies })}
      </p>
      <JobBadges job={j} />
      <p class="prose">{j.description}</p>
      <Skills skills={j.requiredSkills} />
      <hr class="divider" />
      {manages ? (
        <p>
          <a class="btn btn--secondary" href={`/manage/jobs/${j.id}`}>
            {t('jobs.detail.manage')}
          </a>
        </p>
      ) : null}
      {!user ? (
        <p>
          <a class="btn btn--primary" href={`/login?next=/jobs/${j.id}`}>
            {t('jobs.detail.loginToApply')}
          </a>
        </p>
      ) : mine.data ? (
        <p class="alert alert--info" data-testid="applied">
          {t('jobs.detail.applied', { date: formatDateTime(mine.data.createdAt) })} {t('jobs.detail.statusLabel')} <ApplicationStatus status={mine.data.status} />
        </p>
      ) : j.status !== 'open' ? (
        <p class="alert alert--info">{t(`jobs.detail.notOpen.${j.status}`)}</p>
      ) : (
        <form onSubmit={apply.onSubmit()} noValidate aria-labelledby="apply-title">
          <h2 id="apply-title">{t('jobs.detail.apply')}</h2>
          <FormError error={apply.error} fields={['coverLetter']} />
          <Field label={t('jobs.detail.coverLetter')} error={apply.fields.coverLetter}>
            {(a) => <textarea {...a} name="coverLetter" value={letter} maxLength={5000} onInput={(e) => setLetter(e.currentTarget.value)} />}
          </Field>
          <Button type="submit" busy={apply.busy} data-testid="apply-submit">
            {t('jobs.detail.send')}
          </Button>
        </form>
      )}
    </article>
  );
}
