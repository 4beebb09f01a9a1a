import { useState } from 'preact/hooks';
import { Badge, Button, Empty, ErrorNote, Field, FormError, Loading, PageHeader } from '../../components/ui';
import { api, call } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { isManager } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useSubmit } from '../../lib/use-submit';

const tone = { active: 'good', pending: 'warn', declined: 'bad', ended: 'neutral' } as const;

function FindCompany({ onInvited }: { onInvited: () => void }) {
  const [search, setSearch] = useState('');
  const [term, setTerm] = useState('');
  const results = useAsync(
    () => (term ? call(api.companies.directory.$get({ query: { search: term, limit: '10' } })).then((b) => b.data) : Promise.resolve([])),
    [term],
  );
  const invite = useSubmit(async (companyId: string, name: string) => {
    await call(api.partnerships.$post({ json: { companyId } }));
    toast('Invite sent', { body: `${name} will see it in their partners list.`, tone: 'success' });
    onInvited();
  });
  return (
    <section class="card" aria-label="Find a company">
      <h2>Invite a partner company</h2>
      <p class="muted small">Partners see each other's jobs shared with partners, and hear about partner events.</p>
      <form class="row" onSubmit={(e) => (e.preventDefault(), setTerm(search.trim()))} role="search">
        <div style="flex:1">
          <Field label="Company name">{(a) => <input {...a} type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />}</Field>
        </div>
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
      <FormError error={invite.error} />
      {term && results.data ? (
        results.data.length === 0 ? (
          <Empty title={`No company named like “${term}”`} />
        ) : (
          <ul class="list">
            {results.data.map((c) => (
              <li key={c.id} class="row row--between">
                <span>{c.name}</span>
                <Button busy={invite.busy} onClick={() => invite.run(c.id, c.name)}>
                  Invite
                </Button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </section>
  );
}

export function Partnerships() {
  const list = useAsync(() => call(api.partnerships.$get({ query: { limit: '100', sortBy: 'updatedAt' } })), []);
  const act = useSubmit(async (id: string, what: 'accept' | 'decline' | 'end') => {
    if (what === 'end' && !confirm('End this partnership? Partner jobs stop being shared at once.')) return;
    if (what === 'accept') await call(api.partnerships[':id'].accept.$post({ param: { id } }));
    else if (what === 'decline') await call(api.partnerships[':id'].decline.$post({ param: { id } }));
    else await call(api.partnerships[':id'].$delete({ param: { id } }));
    toast(what === 'accept' ? 'Partnership active' : what === 'decline' ? 'Invite declined' : 'Partnership ended', { tone: 'success' });
    await list.reload();
  });
  return (
    <>
      <PageHeader title="Partners" />
      {isManager.value ? <FindCompany onInvited={list.reload} /> : null}
      <section class="card" aria-label="Partnerships">
        <h2>Your partnerships</h2>
        <FormError error={act.error} />
        {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
        {!list.data ? (
          <Loading />
        ) : list.data.data.length === 0 ? (
          <Empty title="No partnerships yet">Search for a company above to invite it.</Empty>
        ) : (
          <ul class="list">
            {list.data.data.map((p) => (
              <li key={p.id} class="row row--between">
                <div>
                  <strong>{p.partner.name}</strong> <Badge tone={tone[p.status]}>{p.status}</Badge>
                  <div class="small muted">
                    {p.direction === 'sent' ? 'You invited them' : 'They invited you'} · {formatDate(p.createdAt)}
                  </div>
                </div>
                {isManager.value ? (
                  <div class="row">
                    {p.status === 'pending' && p.direction === 'received' ? (
                      <>
                        <Button busy={act.busy} onClick={() => act.run(p.id, 'accept')}>
                          Accept
                        </Button>
                        <Button variant="secondary" disabled={act.busy} onClick={() => act.run(p.id, 'decline')}>
                          Decline
                        </Button>
                      </>
                    ) : null}
                    {p.status === 'active' || (p.status === 'pending' && p.direction === 'sent') ? (
                      <Button variant="ghost" disabled={act.busy} onClick={() => act.run(p.id, 'end')}>
                        {p.status === 'pending' ? 'Cancel invite' : 'End'}
                      </Button>
                    ) : null}
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
