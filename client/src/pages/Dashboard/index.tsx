import { ApplicationStatus } from '../../components/job-bits';
import { Badge, Button, ErrorNote, Loading, PageHeader } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { formatDateTime, timeAgo } from '../../lib/format';
import { lastEvent, notifications, unreadCount } from '../../lib/notifications';
import { notificationText } from '../../lib/notification-text';
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
    toast(accept ? t('partners.accepted') : t('partners.declined'), { tone: 'success' });
    await data.reload();
  });
  const invites = data.data?.partners.filter((p) => p.status === 'pending' && p.direction === 'received') ?? [];
  const firstName = user.name.split(' ')[0] ?? user.name;
  return (
    <>
      <PageHeader title={t('dashboard.hello', { name: firstName })} tabTitle={t('dashboard.title')}>
        <span class="muted">{t('common.roleAt', { role: t(`common.roles.${user.role}`), company: currentCompany.value?.name ?? '' })}</span>
      </PageHeader>
      {data.error ? <ErrorNote error={data.error} retry={data.reload} /> : null}
      {!data.data ? (
        data.error ? null : <Loading />
      ) : (
        <div class="grid">
          <section class="card" aria-labelledby="dash-open">
            <h2 id="dash-open">
              {t('dashboard.openJobs')} <Badge tone="info">{data.data.openJobs.meta.total}</Badge>
            </h2>
            {data.data.openJobs.data.length === 0 ? (
              <p class="muted">{t('dashboard.noOpenJobs')}</p>
            ) : (
              <ul class="list">
                {data.data.openJobs.data.map((j) => (
                  <li key={j.id}>
                    <a href={manager ? `/manage/jobs/${j.id}` : `/jobs/${j.id}`}>{j.title}</a>
                  </li>
                ))}
              </ul>
            )}
            {manager ? <a href="/manage/jobs">{t('dashboard.manageJobs')}</a> : <a href="/jobs">{t('dashboard.jobBoard')}</a>}
          </section>
          {data.data.pending ? (
            <section class="card" aria-labelledby="dash-pending">
              <h2 id="dash-pending">
                {t('dashboard.pending')} <Badge tone={data.data.pending.meta.total ? 'warn' : 'neutral'}>{data.data.pending.meta.total}</Badge>
              </h2>
              {data.data.pending.data.length === 0 ? (
                <p class="muted">{t('dashboard.nothingToReview')}</p>
              ) : (
                <ul class="list">
                  {data.data.pending.data.map((a) => (
                    <li key={a.id}>
                      <a href={`/manage/jobs/${a.jobId}`}>{t('dashboard.appliedTo', { name: a.applicantName ?? '', job: a.jobTitle ?? '' })}</a>
                      <div class="small muted">{timeAgo(a.createdAt)}</div>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ) : null}
          <section class="card" aria-labelledby="dash-invites" data-testid="invites">
            <h2 id="dash-invites">
              {t('dashboard.invites')} <Badge tone={invites.length ? 'warn' : 'neutral'}>{invites.length}</Badge>
            </h2>
            {respond.error ? <ErrorNote error={respond.error} /> : null}
            {invites.length === 0 ? (
              <p class="muted">{t('dashboard.noInvites')}</p>
            ) : (
              <ul class="list">
                {invites.map((p) => (
                  <li key={p.id}>
                    {t('dashboard.wantsToPartner', { company: p.partner.name })}
                    {manager ? (
                      <div class="row row--spaced">
                        <Button busy={respond.busy} onClick={() => respond.run(p.id, true)} data-testid="invite-accept">
                          {t('partners.accept')}
                        </Button>
                        <Button variant="secondary" disabled={respond.busy} onClick={() => respond.run(p.id, false)}>
                          {t('partners.decline')}
                        </Button>
                      </div>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
            <a href="/partnerships">{t('dashboard.partners')}</a>
          </section>
          <section class="card" aria-labelledby="dash-notifications">
            <h2 id="dash-notifications">
              {t('dashboard.notifications')} <Badge tone={unreadCount.value ? 'warn' : 'neutral'}>{t('dashboard.unread', { count: unreadCount.value })}</Badge>
            </h2>
            {notifications.value.length === 0 ? (
              <p class="muted">{t('dashboard.caughtUp')}</p>
            ) : (
              <ul class="list">
                {notifications.value.slice(0, 5).map((n) => (
                  <li key={n.id} class={n.readAt ? '' : 'unread'}>
                    {notificationText(n).title}
                    <div class="small muted">{timeAgo(n.updatedAt)}</div>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section class="card" aria-labelledby="dash-mine">
            <h2 id="dash-mine">{t('dashboard.mine')}</h2>
            {data.data.mine.data.length === 0 ? (
              <p class="muted">
                {t('dashboard.noneYet')} <a href="/jobs">{t('dashboard.browse')}</a>
              </p>
            ) : (
              <ul class="list">
                {data.data.mine.data.map((a) => (
                  <li key={a.id}>
                    <a href={`/jobs/${a.jobId}`}>{a.jobTitle}</a> <ApplicationStatus status={a.status} />
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
