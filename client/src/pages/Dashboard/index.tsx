import { Badge, Button, ErrorNote, Loading, PageHeader } from '../../components/ui';
import { api, call } from '../../lib/api';
import { formatDateTime, roleLabel, timeAgo } from '../../lib/format';
import { lastEvent, notifications, unreadCount } from '../../lib/notifications';
import { currentCompany, currentUser, isManager } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useSubmit } from '../../lib/use-submit';

export function Dashboard() {
  const user = currentUser.value!;
  const manager = isManager.value;
  const refreshKey = lastEvent.value?.id;
  const data = useAsync(async () => {
    const [openJobs, partners, pending, mine] = await Promise.all([
      call(api.jobs.$get({ query: { companyId: user.companyId, status: 'open', limit: '5' } })),
      call(api.partnerships.$get({ query: { status: 'pending,active', limit: '100' } })),
      manager ? call(api.applications.received.$get({ query: { status: 'pending', limit: '5' } })) : Promise.resolve(null),
      call(api.applications.mine.$get({ query: { limit: '5' } })),
    ]);
    return { openJobs, partners: partners.data, pending, mine };
  }, [refreshKey]);
  const respond = useSubmit(async (id: string, accept: boolean) => {
    if (accept) await call(api.partnerships[':id'].accept.$post({ param: { id } }));
    else await call(api.partnerships[':id'].decline.$post({ param: { id } }));
    toast(accept ? 'Partnership active' : 'Invite declined', { tone: 'success' });
    await data.reload();
  });
  const invites = data.data?.partners.filter((p) => p.status === 'pending' && p.direction === 'received') ?? [];
  return (
    <>
      <PageHeader title={`Hello, ${user.name.split(' ')[0]}`}>
        <span class="muted">
          {roleLabel[user.role]} at {currentCompany.value?.name}
        </span>
      </PageHeader>
      {data.error ? <ErrorNote error={data.error} retry={data.reload} /> : null}
      {!data.data ? (
        <Loading />
      ) : (
        <div class="grid">
          <section class="card" aria-label="Open jobs">
            <h2>
              Open jobs <Badge tone="info">{data.data.openJobs.meta.total}</Badge>
            </h2>
            {data.data.openJobs.data.length === 0 ? (
              <p class="muted">No open jobs.</p>
            ) : (
              <ul class="list">
                {data.data.openJobs.data.map((j) => (
                  <li key={j.id}>
                    <a href={manager ? `/manage/jobs/${j.id}` : `/jobs/${j.id}`}>{j.title}</a>
                  </li>
                ))}
              </ul>
            )}
            {manager ? <a href="/manage/jobs">Manage jobs →</a> : <a href="/jobs">Job board →</a>}
          </section>
          {data.data.pending ? (
            <section class="card" aria-label="Pending applications">
              <h2>
                Pending applications <Badge tone={data.data.pending.meta.total ? 'warn' : 'neutral'}>{data.data.pending.meta.total}</Badge>
              </h2>
              {data.data.pending.data.length === 0 ? (
                <p class="muted">Nothing to review.</p>
              ) : (
                <ul class="list">
                  {data.data.pending.data.map((a) => (
                    <li key={a.id}>
                      <a href={`/manage/jobs/${a.jobId}`}>{a.applicantName}</a> → {a.jobTitle}
                      <div class="small muted">{timeAgo(a.createdAt)}</div>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ) : null}
          <section class="card" aria-label="Partnership invites">
            <h2>
              Partnership invites <Badge tone={invites.length ? 'warn' : 'neutral'}>{invites.length}</Badge>
            </h2>
            {respond.error ? <ErrorNote error={respond.error} /> : null}
            {invites.length === 0 ? (
              <p class="muted">No invites waiting.</p>
            ) : (
              <ul class="list">
                {invites.map((p) => (
                  <li key={p.id}>
                    <strong>{p.partner.name}</strong> wants to partner with you.
                    {manager ? (
                      <div class="row" style="margin-top:.4rem">
                        <Button busy={respond.busy} onClick={() => respond.run(p.id, true)}>
                          Accept
                        </Button>
                        <Button variant="secondary" disabled={respond.busy} onClick={() => respond.run(p.id, false)}>
                          Decline
                        </Button>
                      </div>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
            <a href="/partnerships">Partners →</a>
          </section>
          <section class="card" aria-label="Notifications">
            <h2>
              Notifications <Badge tone={unreadCount.value ? 'warn' : 'neutral'}>{unreadCount.value} unread</Badge>
            </h2>
            {notifications.value.length === 0 ? (
              <p class="muted">You are all caught up.</p>
            ) : (
              <ul class="list">
                {notifications.value.slice(0, 5).map((n) => (
                  <li key={n.id} class={n.readAt ? '' : 'unread'}>
                    {n.title}
                    <div class="small muted">{timeAgo(n.updatedAt)}</div>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section class="card" aria-label="My applications">
            <h2>My applications</h2>
            {data.data.mine.data.length === 0 ? (
              <p class="muted">
                None yet. <a href="/jobs">Browse jobs</a>.
              </p>
            ) : (
              <ul class="list">
                {data.data.mine.data.map((a) => (
                  <li key={a.id}>
                    <a href={`/jobs/${a.jobId}`}>{a.jobTitle}</a> <Badge>{a.status}</Badge>
                    <div class="small muted">{formatDateTime(a.createdAt)}</div>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      )}
    </>
  );
}
