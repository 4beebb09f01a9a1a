import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { Badge, Button, ErrorNote, Field, FormError, Loading } from '../../components/ui';
import { JobBadges, Skills } from '../../components/job-bits';
import { api, call } from '../../lib/api';
import { formatDate, formatDateTime } from '../../lib/format';
import { currentUser, isStaff } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useSubmit } from '../../lib/use-submit';

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
    toast('Application sent', { body: 'The company will review it; you will be notified.', tone: 'success' });
  });
  if (job.error) return <ErrorNote error={job.error} retry={job.reload} />;
  if (!job.data) return <Loading />;
  const j = job.data;
  const manages = user && (isStaff.value || (user.role === 'admin_empresa' && user.companyId === j.companyId));
  return (
    <article class="card">
      <p class="small">
        <a href="/jobs">← All jobs</a>
      </p>
      <h1>{j.title}</h1>
      <p class="muted">
        {j.companyName} · posted {formatDate(j.createdAt)} · {j.vacancies} {j.vacancies === 1 ? 'vacancy' : 'vacancies'}
      </p>
      <JobBadges job={j} />
      <p style="white-space:pre-line;margin-top:1rem">{j.description}</p>
      <Skills skills={j.requiredSkills} />
      <hr style="border:none;border-top:1px solid var(--border);margin:1.25rem 0" />
      {manages ? (
        <p>
          <a class="btn btn--secondary" href={`/manage/jobs/${j.id}`}>
            Manage job and applications
          </a>
        </p>
      ) : null}
      {!user ? (
        <p>
          <a class="btn btn--primary" href={`/login?next=/jobs/${j.id}`}>
            Log in to apply
          </a>
        </p>
      ) : mine.data ? (
        <p class="alert alert--info" data-testid="applied">
          You applied on {formatDateTime(mine.data.createdAt)}. Status: <Badge tone={mine.data.status === 'accepted' ? 'good' : mine.data.status === 'rejected' ? 'bad' : 'warn'}>{mine.data.status}</Badge>
        </p>
      ) : j.status !== 'open' ? (
        <p class="alert alert--info">This job is {j.status} and no longer takes applications.</p>
      ) : (
        <form onSubmit={apply.onSubmit()} noValidate aria-label="Apply">
          <h2>Apply</h2>
          <FormError error={apply.error} fields={['coverLetter']} />
          <Field label="Cover letter (optional)" error={apply.fields.coverLetter}>
            {(a) => <textarea {...a} value={letter} maxLength={5000} onInput={(e) => setLetter(e.currentTarget.value)} />}
          </Field>
          <Button type="submit" busy={apply.busy}>
            Send application
          </Button>
        </form>
      )}
    </article>
  );
}
