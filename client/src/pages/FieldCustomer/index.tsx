import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import type { Customer, Site } from '../../../../src/modules/fsm/fsm.schemas';
import { BackLink } from '../../components/cmms-bits';
import { loadSites, mapLink } from '../../components/fsm-bits';
import { Button, Empty, ErrorNote, Field, FormError, Loading, PageError, PageHeader } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { formatNumber } from '../../lib/format';
import { isManager } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useSubmit } from '../../lib/use-submit';

/** "−23.55" → -23.55; empty → null; anything else NaN (the server says what is wrong). */
const coordinate = (text: string) => (text.trim() === '' ? null : Number(text.trim().replace(',', '.').replace('−', '-')));

function CustomerForm({ customer, onDone }: { customer: Customer; onDone: (saved?: Customer) => void }) {
  const [v, setV] = useState({ name: customer.name, email: customer.email ?? '', phone: customer.phone ?? '' });
  const form = useSubmit(async () => {
    const body = await call(api.fsm.customers[':id'].$patch({ param: { id: customer.id }, json: { name: v.name, email: v.email.trim() || null, phone: v.phone.trim() || null } }));
    toast(t('fsm.customers.saved'), { tone: 'success' });
    onDone(body.data);
  });
  return (
    <form onSubmit={form.onSubmit()} noValidate aria-label={t('fsm.customers.edit')}>
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
        <Button type="submit" busy={form.busy}>
          {t('common.save')}
        </Button>
        <Button type="button" variant="ghost" onClick={() => onDone()}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

/** Add a site to a customer, or change one. */
function SiteForm({ customerId, site, onDone }: { customerId: string; site?: Site; onDone: (saved: boolean) => void }) {
  const [v, setV] = useState({
    name: site?.name ?? '',
    address: site?.address ?? '',
    lat: site?.lat === null || site?.lat === undefined ? '' : String(site.lat),
    lng: site?.lng === null || site?.lng === undefined ? '' : String(site.lng),
    accessNotes: site?.accessNotes ?? '',
  });
  const form = useSubmit(async () => {
    const lat = coordinate(v.lat);
    const lng = coordinate(v.lng);
    if (site) {
      await call(api.fsm.sites[':id'].$patch({ param: { id: site.id }, json: { name: v.name, address: v.address, lat, lng, accessNotes: v.accessNotes } }));
      toast(t('fsm.sites.saved'), { tone: 'success' });
    } else {
      await call(
        api.fsm.customers[':id'].sites.$post({
          param: { id: customerId },
          json: { name: v.name, address: v.address, ...(lat !== null ? { lat } : {}), ...(lng !== null ? { lng } : {}), ...(v.accessNotes.trim() ? { accessNotes: v.accessNotes } : {}) },
        }),
      );
      toast(t('fsm.sites.created'), { tone: 'success' });
    }
    onDone(true);
  });
  return (
    <form class="card card--inset" onSubmit={form.onSubmit()} noValidate aria-label={site ? t('fsm.sites.editNamed', { name: site.name }) : t('fsm.sites.new')}>
      <FormError error={form.error} fields={['name', 'address', 'lat', 'lng', 'accessNotes']} />
      <div class="form-grid">
        <Field label={t('fsm.sites.name')} error={form.fields.name}>
          {(a) => <input {...a} name="siteName" value={v.name} onInput={(e) => setV({ ...v, name: e.currentTarget.value })} />}
        </Field>
        <Field label={t('fsm.sites.address')} error={form.fields.address}>
          {(a) => <input {...a} name="address" value={v.address} onInput={(e) => setV({ ...v, address: e.currentTarget.value })} />}
        </Field>
        <Field label={t('fsm.sites.lat')} error={form.fields.lat} hint={t('fsm.sites.latHint')}>
          {(a) => <input {...a} name="lat" inputMode="decimal" value={v.lat} onInput={(e) => setV({ ...v, lat: e.currentTarget.value })} />}
        </Field>
        <Field label={t('fsm.sites.lng')} error={form.fields.lng}>
          {(a) => <input {...a} name="lng" inputMode="decimal" value={v.lng} onInput={(e) => setV({ ...v, lng: e.currentTarget.value })} />}
        </Field>
      </div>
      <Field label={t('fsm.sites.accessNotes')} error={form.fields.accessNotes}>
        {(a) => <textarea {...a} name="accessNotes" value={v.accessNotes} onInput={(e) => setV({ ...v, accessNotes: e.currentTarget.value })} />}
      </Field>
      <div class="row">
        <Button type="submit" busy={form.busy} data-testid="site-submit">
          {site ? t('common.save') : t('fsm.sites.create')}
        </Button>
        <Button type="button" variant="ghost" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

function SiteItem({ site, admin, onChanged }: { site: Site; admin: boolean; onChanged: () => void }) {
  const [editing, setEditing] = useState(false);
  const remove = useSubmit(async () => {
    if (!confirm(t('fsm.sites.confirmDelete', { name: site.name }))) return;
    await call(api.fsm.sites[':id'].$delete({ param: { id: site.id } }));
    toast(t('fsm.sites.deleted'), { tone: 'success' });
    onChanged();
  });
  if (editing) return <li><SiteForm customerId={site.customerId} site={site} onDone={(saved) => (setEditing(false), saved && onChanged())} /></li>;
  return (
    <li data-testid="site">
      <div class="row row--between">
        <strong>{site.name}</strong>
        {admin ? (
          <span class="row">
            <Button variant="secondary" class="btn--small" onClick={() => setEditing(true)} aria-label={t('fsm.sites.editNamed', { name: site.name })}>
              {t('fsm.edit')}
            </Button>
            <Button variant="ghost" class="btn--small" busy={remove.busy} onClick={() => remove.run()} aria-label={t('fsm.sites.deleteNamed', { name: site.name })}>
              {t('fsm.delete')}
            </Button>
          </span>
        ) : null}
      </div>
      <div class="small">{site.address}</div>
      <div class="small muted">
        {site.lat !== null && site.lng !== null ? (
          <a href={mapLink(site.lat, site.lng)} target="_blank" rel="noopener noreferrer">
            {t('fsm.sites.coordinates', { lat: formatNumber(site.lat), lng: formatNumber(site.lng) })}
          </a>
        ) : (
          t('fsm.sites.noCoordinates')
        )}
      </div>
      {site.accessNotes ? <p class="small prose">{t('fsm.sites.accessNotesText', { notes: site.accessNotes })}</p> : null}
      <FormError error={remove.error} />
    </li>
  );
}

/** A customer and its sites; admins change, add and delete them. */
export function FieldCustomer() {
  const { params } = useRoute();
  const { route } = useLocation();
  const id = params.id!;
  const customer = useAsync(() => call(api.fsm.customers[':id'].$get({ param: { id } })).then((b) => b.data), [id]);
  const sites = useAsync(() => loadSites(id), [id]);
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
  const admin = isManager.value;
  const remove = useSubmit(async () => {
    if (!confirm(t('fsm.customers.confirmDelete'))) return;
    await call(api.fsm.customers[':id'].$delete({ param: { id } }));
    toast(t('fsm.customers.deleted'), { tone: 'success' });
    route('/field/customers');
  });
  const back = <BackLink href="/field/customers">{t('fsm.customers.back')}</BackLink>;
  if (customer.error)
    return (
      <>
        {back}
        <PageError error={customer.error} retry={customer.reload} />
      </>
    );
  if (!customer.data) return <Loading />;
  const c = customer.data;
  return (
    <>
      {back}
      <PageHeader title={c.name}>
        <a class="btn btn--secondary" href={`/field/jobs?customerId=${c.id}`}>
          {t('fsm.customers.jobs')}
        </a>
        {admin ? (
          <>
            <Button variant="secondary" onClick={() => setEditing(!editing)} aria-expanded={editing}>
              {t('fsm.edit')}
            </Button>
            <Button variant="ghost" busy={remove.busy} onClick={() => remove.run()}>
              {t('fsm.customers.delete')}
            </Button>
          </>
        ) : null}
      </PageHeader>
      <FormError error={remove.error} />
      <section class="card" aria-label={t('fsm.customers.details')}>
        {editing ? (
          <CustomerForm customer={c} onDone={(saved) => (setEditing(false), saved && customer.setData(() => saved))} />
        ) : (
          <dl class="facts facts--compact">
            <div>
              <dt>{t('fsm.customers.email')}</dt>
              <dd>{c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : '—'}</dd>
            </div>
            <div>
              <dt>{t('fsm.customers.phone')}</dt>
              <dd>{c.phone ? <a href={`tel:${c.phone.replace(/[^\d+]/g, '')}`}>{c.phone}</a> : '—'}</dd>
            </div>
          </dl>
        )}
      </section>
      <section class="card" aria-labelledby="sites-title">
        <div class="row row--between">
          <h2 id="sites-title">{t('fsm.sites.title')}</h2>
          {admin ? (
            <Button variant="secondary" onClick={() => setAdding(!adding)} aria-expanded={adding} data-testid="new-site">
              {t('fsm.sites.new')}
            </Button>
          ) : null}
        </div>
        {adding ? <SiteForm customerId={id} onDone={(saved) => (setAdding(false), saved && void sites.reload())} /> : null}
        {sites.error ? <ErrorNote error={sites.error} retry={sites.reload} /> : null}
        {!sites.data ? (
          sites.error ? null : <Loading />
        ) : sites.data.length === 0 ? (
          <Empty title={t('fsm.sites.empty')}>{admin ? t('fsm.sites.emptyAdmin') : null}</Empty>
        ) : (
          <ul class="list">
            {sites.data.map((s) => (
              <SiteItem key={s.id} site={s} admin={admin} onChanged={() => void sites.reload()} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
