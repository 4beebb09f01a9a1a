import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { Button, Empty, ErrorNote, Field, FormError, Loading, PageHeader, Pagination } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { isManager } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';
import { useSubmit } from '../../lib/use-submit';

/** A new customer: name, email, phone (admins). Opens the customer's page to add its sites. */
function NewCustomer({ onCancel }: { onCancel: () => void }) {
  const { route } = useLocation();
  const [v, setV] = useState({ name: '', email: '', phone: '' });
  const form = useSubmit(async () => {
    const body = await call(
      api.fsm.customers.$post({ json: { name: v.name, ...(v.email.trim() ? { email: v.email.trim() } : {}), ...(v.phone.trim() ? { phone: v.phone.trim() } : {}) } }),
    );
    toast(t('fsm.customers.created'), { tone: 'success' });
    route(`/field/customers/${body.data.id}`);
  });
  return (
    <form class="card spaced-bottom" onSubmit={form.onSubmit()} noValidate aria-label={t('fsm.customers.new')}>
      <FormError error={form.error} fields={['name', 'email', 'phone']} />
      <div class="form-grid">
        <Field label={t('fsm.customers.name')} error={form.fields.name}>
          {(a) => <input {...a} name="name" value={v.name} onInput={(e) => setV({ ...v, name: e.currentTarget.value })} />}
        </Field>
        <Field label={t('fsm.customers.email')} error={form.fields.email}>
          {(a) => <input {...a} name="email" type="email" value={v.email} onInput={(e) => setV({ ...v, email: e.currentTarget.value })} />}
        </Field>
        <Field label={t('fsm.customers.phone')} error={form.fields.phone}>
          {(a) => <input {...a} name="phone" type="tel" value={v.phone} onInput={(e) => setV({ ...v, phone: e.currentTarget.value })} />}
        </Field>
      </div>
      <div class="row">
        <Button type="submit" busy={form.busy} data-testid="customer-submit">
          {t('fsm.customers.create')}
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

/** The company's customers: search and page in the URL; admins add one. */
export function FieldCustomers() {
  const [q, setQ] = useQueryState({ page: '1', search: '' });
  const [search, setSearch] = useState(q.search);
  useEffect(() => setSearch(q.search), [q.search]);
  const [adding, setAdding] = useState(false);
  const list = useAsync(
    () => call(api.fsm.customers.$get({ query: { page: q.page, limit: '20', ...(q.search ? { search: q.search } : { sortBy: 'name', sortOrder: 'asc' }) } })),
    [q.page, q.search],
  );
  return (
    <>
      <PageHeader title={t('fsm.customers.title')}>
        {isManager.value ? (
          <Button onClick={() => setAdding(!adding)} aria-expanded={adding} data-testid="new-customer">
            {t('fsm.customers.new')}
          </Button>
        ) : null}
      </PageHeader>
      {adding ? <NewCustomer onCancel={() => setAdding(false)} /> : null}
      <form class="filters card" role="search" aria-label={t('fsm.customers.filters')} onSubmit={(e) => (e.preventDefault(), setQ({ search: search.trim() }))}>
        <Field label={t('fsm.customers.search')} class="filters__wide">
          {(a) => <input {...a} name="search" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />}
        </Field>
      </form>
      {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
      {!list.data ? (
        list.error ? null : <Loading />
      ) : list.data.data.length === 0 ? (
        <Empty title={q.search ? t('fsm.customers.noMatch') : t('fsm.customers.empty')}>{isManager.value ? t('fsm.customers.emptyAdmin') : t('fsm.customers.emptyMember')}</Empty>
      ) : (
        <div class="card">
          <table class="table--stack">
            <thead>
              <tr>
                <th>{t('fsm.customers.name')}</th>
                <th>{t('fsm.customers.email')}</th>
                <th>{t('fsm.customers.phone')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.map((c) => (
                <tr key={c.id} data-testid="customer-row">
                  <td class="cell--primary">
                    <a href={`/field/customers/${c.id}`}>{c.name}</a>
                  </td>
                  <td data-label={t('fsm.customers.email')} class="break">
                    {c.email ?? '—'}
                  </td>
                  <td data-label={t('fsm.customers.phone')}>{c.phone ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data ? (
        <Pagination page={list.data.meta.page} totalPages={list.data.meta.totalPages} total={list.data.meta.total} onPage={(p) => setQ({ page: String(p) })} />
      ) : null}
    </>
  );
}
