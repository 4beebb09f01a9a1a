import { useState } from 'preact/hooks';
import type { DirectoryEntry } from '../../../../src/modules/companies/companies.schemas';
import { Badge, Button, Empty, ErrorNote, Field, FormError, Loading, PageHeader } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { isManager } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useSubmit } from '../../lib/use-submit';

const tone = { active: 'good', pending: 'warn', declined: 'bad', ended: 'neutral' } as const;

/** What the directory offers for a company: an invite, or where the two companies already stand. */
function DirectoryAction({ entry, busy, onInvite, onAccept }: { entry: DirectoryEntry; busy: boolean; onInvite: () => void; onAccept: (id: string) => void }) {
  const p = entry.partnership;
  if (!p) {
    return (
      <Button busy={busy} onClick={onInvite} data-testid="invite">
        {t('partners.find.invite')}
      </Button>
    );
  }
  if (p.status === 'active') return <Badge tone="good" testId="directory-status">{t('partners.find.partner')}</Badge>;
  if (p.direction === 'sent') return <Badge tone="warn" testId="directory-status">{t('partners.find.inviteSent')}</Badge>;
  return (
    <span class="row">
      <Badge tone="warn" testId="directory-status">
        {t('partners.find.invitedYou')}
      </Badge>
      <Button busy={busy} onClick={() => onAccept(p.id)}>
        {t('partners.accept')}
      </Button>
    </span>
  );
}

function FindCompany({ onChanged }: { onChanged: () => void }) {
  const [search, setSearch] = useState('');
  const [term, setTerm] = useState('');
  const results = useAsync(
    () => (term ? call(api.companies.directory.$get({ query: { search: term, limit: '10' } })).then((b) => b.data) : Promise.resolve([])),
    [term],
  );
  // The directory row itself shows the outcome ("Invite sent"), so no toast repeats what the user just did.
  const act = useSubmit(async (what: 'invite' | 'accept', id: string) => {
    if (what === 'invite') await call(api.partnerships.$post({ json: { companyId: id } }));
    else await call(api.partnerships[':id'].accept.$post({ param: { id } }));
    await results.reload();
    onChanged();
  });
  return (
    <section class="card" aria-labelledby="find-company">
      <h2 id="find-company">{t('partners.find.title')}</h2>
      <p class="muted small">{t('partners.find.intro')}</p>
      <form class="search-row" onSubmit={(e) => (e.preventDefault(), setTerm(search.trim()))} role="search" aria-labelledby="find-company">
        <Field label={t('partners.find.name')} class="search-row__field">
          {(a) => <input {...a} name="company" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />}
        </Field>
        <Button type="submit" variant="secondary" data-testid="directory-search">
          {t('partners.find.submit')}
        </Button>
      </form>
      <FormError error={act.error} />
      {results.error ? <ErrorNote error={results.error} retry={results.reload} /> : null}
      {term && results.data ? (
        results.data.length === 0 ? (
          <Empty title={t('partners.find.none', { term })} />
        ) : (
          <ul class="list" aria-label={t('partners.find.results')} aria-live="polite">
            {results.data.map((c) => (
              <li key={c.id} class="row row--between" data-testid="directory-entry">
                <span>{c.name}</span>
                <DirectoryAction entry={c} busy={act.busy} onInvite={() => act.run('invite', c.id)} onAccept={(id) => act.run('accept', id)} />
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
  const act = useSubmit(async (id: string, what: 'accept' | 'decline' | 'end' | 'cancel') => {
    if (what === 'end' && !confirm(t('partners.confirmEnd'))) return;
    if (what === 'cancel' && !confirm(t('partners.confirmCancel'))) return;
    if (what === 'accept') await call(api.partnerships[':id'].accept.$post({ param: { id } }));
    else if (what === 'decline') await call(api.partnerships[':id'].decline.$post({ param: { id } }));
    else await call(api.partnerships[':id'].$delete({ param: { id } }));
    const done = { accept: t('partners.accepted'), decline: t('partners.declined'), end: t('partners.ended'), cancel: t('partners.cancelled') }[what];
    toast(done, { tone: 'success' });
    await list.reload();
  });
  const manager = isManager.value;
  return (
    <>
      <PageHeader title={t('partners.title')} />
      {manager ? <FindCompany onChanged={list.reload} /> : null}
      <section class="card" aria-labelledby="partnerships-title">
        <h2 id="partnerships-title">{t('partners.list.title')}</h2>
        <FormError error={act.error} />
        {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
        {!list.data ? (
          list.error ? null : <Loading />
        ) : list.data.data.length === 0 ? (
          <Empty title={t('partners.list.empty')}>{manager ? t('partners.list.emptyHint') : t('partners.list.emptyMember')}</Empty>
        ) : (
          <ul class="list">
            {list.data.data.map((p) => (
              <li key={p.id} class="row row--between" data-testid="partnership">
                <div>
                  <strong>{p.partner.name}</strong> <Badge tone={tone[p.status]}>{t(`partners.status.${p.status}`)}</Badge>
                  <div class="small muted">
                    {p.direction === 'sent' ? t('partners.list.sent', { date: formatDate(p.createdAt) }) : t('partners.list.received', { date: formatDate(p.createdAt) })}
                  </div>
                </div>
                {manager ? (
                  <div class="row">
                    {p.status === 'pending' && p.direction === 'received' ? (
                      <>
                        <Button busy={act.busy} onClick={() => act.run(p.id, 'accept')}>
                          {t('partners.accept')}
                        </Button>
                        <Button variant="secondary" disabled={act.busy} onClick={() => act.run(p.id, 'decline')}>
                          {t('partners.decline')}
                        </Button>
                      </>
                    ) : null}
                    {p.status === 'active' ? (
                      <Button variant="ghost" disabled={act.busy} onClick={() => act.run(p.id, 'end')}>
                        {t('partners.end')}
                      </Button>
                    ) : null}
                    {p.status === 'pending' && p.direction === 'sent' ? (
                      <Button variant="ghost" disabled={act.busy} onClick={() => act.run(p.id, 'cancel')}>
                        {t('partners.cancelInvite')}
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
