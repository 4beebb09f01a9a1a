import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { Badge, Button, Empty, ErrorNote, FormError, Loading, PageHeader, Pagination } from '../../components/ui';
import { JobBadges, Skills } from '../../components/job-bits';
import { JobForm } from '../../components/job-form';
import { api, call } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { lastEvent } from '../../lib/notifications';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useSubmit } from '../../lib/use-submit';

const tone = { pending: 'warn', accepted: 'good', rejected: 'bad' } as const;

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
      if (!confirm('Delete this job? It disappears from every list.')) return;
      await call(api.jobs[':id'].$delete({ param: { id } }));
      toast('Job deleted', { tone: 'success' });
      return route('/manage/jobs');
    }
    const body = await call(api.jobs[':id'].$patch({ param: { id }, json: { status: what === 'close' ? 'closed' : 'open' } }));
    job.setData(() => body.data);
    toast(what === 'close' ? 'Job closed' : 'Job reopened', { tone: 'success' });
  });
  const review = useSubmit(async (applicationId: string, status: 'accepted' | 'rejected') => {
    const body = await call(api.jobs[':id'].applications[':applicationId'].$patch({ param: { id, applicationId }, json: { status } }));
    toast(status === 'accepted' ? 'Application accepted' : 'Application rejected', { tone: 'success' });
    if (body.data.jobStatus === 'filled') toast('All vacancies filled', { body: 'The job is now marked filled.', tone: 'info' });
    await Promise.all([apps.reload(), job.reload()]);
  });
  if (job.error) return <ErrorNote error={job.error} retry={job.reload} />;
  if (!job.data) return <Loading />;
  const j = job.data;
  return (
    <>
      <p class="small">
        <a href="/manage/jobs">← Our jobs</a>
      </p>
      <PageHeader title={j.title}>
        <Button variant="secondary" onClick={() => setEditing(!editing)} aria-expanded={editing}>
          {editing ? 'Stop editing' : 'Edit'}
        </Button>
        {j.status === 'open' ? (
          <Button variant="secondary" busy={act.busy} onClick={() => act.run('close')}>
            Close
          </Button>
        ) : (
          <Button variant="secondary" busy={act.busy} onClick={() => act.run('open')}>
            Reopen
          </Button>
        )}
        <Button variant="danger" disabled={act.busy} onClick={() => act.run('delete')}>
          Delete
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
              toast('Job saved', { tone: 'success' });
            }}
          />
        ) : (
          <>
            <JobBadges job={j} />
            <p style="white-space:pre-line;margin-top:.75rem">{j.description}</p>
            <Skills skills={j.requiredSkills} />
          </>
        )}
      </section>
      <section class="card" aria-label="Applications">
        <div class="row row--between">
          <h2>Applications</h2>
          {apps.data ? (
            <span class="muted" data-testid="vacancies-left">
              {apps.data.meta.accepted} accepted · {apps.data.meta.vacanciesLeft} of {j.vacancies} vacancies left
            </span>
          ) : null}
        </div>
        <FormError error={review.error} />
        {apps.error ? <ErrorNote error={apps.error} retry={apps.reload} /> : null}
        {!apps.data ? (
          <Loading />
        ) : apps.data.data.length === 0 ? (
          <Empty title="No applications yet">They will appear here live as they arrive.</Empty>
        ) : (
          <ul class="list">
            {apps.data.data.map((a) => (
              <li key={a.id} data-testid="application">
                <div class="row row--between">
                  <div>
                    <strong>{a.applicantName}</strong> <span class="small muted">{a.applicantEmail}</span>
                    <div class="small muted">Applied {formatDateTime(a.createdAt)}</div>
                  </div>
                  {a.status === 'pending' ? (
                    <div class="row">
                      <Button busy={review.busy} disabled={apps.data!.meta.vacanciesLeft === 0} onClick={() => review.run(a.id, 'accepted')}>
                        Accept
                      </Button>
                      <Button variant="secondary" disabled={review.busy} onClick={() => review.run(a.id, 'rejected')}>
                        Reject
                      </Button>
                    </div>
                  ) : (
                    <Badge tone={tone[a.status]}>{a.status}</Badge>
                  )}
                </div>
                {a.coverLetter ? <p class="small" style="white-space:pre-line;margin:.4rem 0 0">{a.coverLetter}</p> : null}
              </li>
            ))}
          </ul>
        )}
        {apps.data ? <Pagination page={apps.data.meta.page} totalPages={apps.data.meta.totalPages} total={apps.data.meta.total} onPage={setPage} /> : null}
      </section>
    </>
  );
}
