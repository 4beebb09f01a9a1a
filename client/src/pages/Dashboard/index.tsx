import { Badge, Button, ErrorNote, Loading, PageHeader } from '../../components/ui';
import { api, call } from '../../lib/api';
import { roleLabel } from '../../lib/format';
import { currentCompany, currentUser, isManager } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useSubmit } from '../../lib/use-submit';

export function Dashboard() {
  const user = currentUser.value!;
  const data = useAsync(async () => {
    const [team, partners] = await Promise.all([
      call(api.employees.$get({ query: { limit: '1' } })),
      call(api.partnerships.$get({ query: { status: 'pending,active', limit: '100' } })),
    ]);
    return { teamSize: team.meta.total, partnerships: partners.data };
  }, []);
  const respond = useSubmit(async (id: string, accept: boolean) => {
    if (accept) await call(api.partnerships[':id'].accept.$post({ param: { id } }));
    else await call(api.partnerships[':id'].decline.$post({ param: { id } }));
    toast(accept ? 'Partnership active' : 'Invite declined', { tone: 'success' });
    await data.reload();
  });
  const invites = data.data?.partnerships.filter((p) => p.status === 'pending' && p.direction === 'received') ?? [];
  const active = data.data?.partnerships.filter((p) => p.status === 'active') ?? [];
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
          <section class="card" aria-label="Team">
            <h2>Team</h2>
            <p class="stat">{data.data.teamSize}</p>
            <a href="/employees">Manage the team →</a>
          </section>
          <section class="card" aria-label="Partners">
            <h2>Partners</h2>
            <p class="stat">{active.length}</p>
            <a href="/partnerships">See partnerships →</a>
          </section>
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
                    {isManager.value ? (
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
          </section>
        </div>
      )}
    </>
  );
}
