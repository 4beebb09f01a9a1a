import { useEffect, useId, useState } from 'preact/hooks';
import type { Offering } from '../../../../src/modules/services/services.schemas';
import { MoneyField, moneyText, readMoney } from '../../components/money';
import { RatingText } from '../../components/service-bits';
import { Badge, Button, Empty, ErrorNote, Field, FormError, Loading, PageHeader, Pagination } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { formatMinor } from '../../lib/format';
import { currentUser, isManager } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';
import { useSubmit } from '../../lib/use-submit';

const VIEWS = ['all', 'ours'] as const;
const FIELDS = ['title', 'description', 'category', 'priceFrom', 'currency', 'active'];

const priceText = (o: Pick<Offering, 'priceFrom' | 'currency'>) => (o.priceFrom === null ? t('services.offerings.onRequest') : t('services.offerings.from', { price: formatMinor(o.priceFrom, o.currency) }));

/** Create or change an offering of the company's catalogue. */
function OfferingForm({ offering, defaultCurrency, onSaved, onCancel }: { offering?: Offering; defaultCurrency: string; onSaved: (o: Offering) => void; onCancel: () => void }) {
  const [v, setV] = useState(() => ({
    title: offering?.title ?? '',
    description: offering?.description ?? '',
    category: offering?.category ?? '',
    currency: offering?.currency ?? defaultCurrency,
    priceFrom: moneyText(offering?.priceFrom, offering?.currency ?? defaultCurrency),
    active: offering?.active ?? true,
  }));
  const currency = /^[A-Za-z]{3}$/.test(v.currency.trim()) ? v.currency.trim().toUpperCase() : defaultCurrency;
  const form = useSubmit(async () => {
    const { priceFrom } = readMoney({ priceFrom: { text: v.priceFrom, currency } });
    const json = { title: v.title, description: v.description, category: v.category, currency: v.currency.trim().toUpperCase(), active: v.active };
    const body = offering
      ? await call(api.offerings[':id'].$patch({ param: { id: offering.id }, json: { ...json, priceFrom: priceFrom ?? null } }))
      : await call(api.offerings.$post({ json: { ...json, ...(priceFrom !== undefined ? { priceFrom } : {}) } }));
    onSaved(body.data);
  });
  const set = (k: 'title' | 'description' | 'category' | 'currency') => (e: Event) => setV({ ...v, [k]: (e.currentTarget as HTMLInputElement).value });
  const f = form.fields;
  return (
    <form onSubmit={form.onSubmit()} noValidate aria-label={offering ? t('services.offerings.form.editLabel') : t('services.offerings.form.newLabel')}>
      <FormError error={form.error} fields={FIELDS} />
      <Field label={t('services.offerings.form.title')} error={f.title}>
        {(a) => <input {...a} name="title" value={v.title} onInput={set('title')} maxLength={200} />}
      </Field>
      <Field label={t('services.offerings.form.description')} error={f.description}>
        {(a) => <textarea {...a} name="description" value={v.description} onInput={set('description')} />}
      </Field>
      <div class="grid">
        <Field label={t('services.offerings.form.category')} error={f.category} hint={t('services.form.categoryHint')}>
          {(a) => <input {...a} name="category" value={v.category} onInput={set('category')} maxLength={60} />}
        </Field>
        <Field label={t('services.form.currency')} error={f.currency}>
          {(a) => <input {...a} name="currency" value={v.currency} onInput={set('currency')} maxLength={3} autocapitalize="characters" />}
        </Field>
        <MoneyField
          label={t('services.offerings.form.priceFrom')}
          name="priceFrom"
          currency={currency}
          value={v.priceFrom}
          onInput={(text) => setV({ ...v, priceFrom: text })}
          error={f.priceFrom}
          hint={t('services.offerings.form.priceFromHint')}
        />
      </div>
      <div class="checks field">
        <label>
          <input type="checkbox" name="active" checked={v.active} onChange={() => setV({ ...v, active: !v.active })} /> {t('services.offerings.form.active')}
        </label>
      </div>
      <div class="row">
        <Button type="submit" busy={form.busy} data-testid="offering-submit">
          {offering ? t('services.offerings.form.save') : t('services.offerings.form.create')}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

function OfferingCard({ o, own, ours, manage, defaultCurrency, onChanged }: { o: Offering; own: boolean; ours: boolean; manage: boolean; defaultCurrency: string; onChanged: (o: Offering | null) => void }) {
  const [editing, setEditing] = useState(false);
  const titleId = useId();
  const act = useSubmit(async (what: 'toggle' | 'delete') => {
    if (what === 'delete') {
      if (!confirm(t('services.offerings.confirmDelete', { title: o.title }))) return;
      await call(api.offerings[':id'].$delete({ param: { id: o.id } }));
      toast(t('services.offerings.deleted'), { tone: 'success' });
      return onChanged(null);
    }
    const body = await call(api.offerings[':id'].$patch({ param: { id: o.id }, json: { active: !o.active } }));
    toast(body.data.active ? t('services.offerings.activated') : t('services.offerings.deactivated'), { tone: 'success' });
    onChanged(body.data);
  });
  if (editing) {
    return (
      <li class="card">
        <OfferingForm
          offering={o}
          defaultCurrency={defaultCurrency}
          onCancel={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            toast(t('services.offerings.saved'), { tone: 'success' });
            onChanged(saved);
          }}
        />
      </li>
    );
  }
  return (
    <li class="card stack" data-testid="offering">
      <div>
        <h2 class="card__title" id={titleId}>
          {o.title}
        </h2>
        <div class="small muted">
          {o.companyName} · <RatingText rating={o.rating} />
        </div>
      </div>
      <span class="tags">
        <Badge>{o.category}</Badge>
        {ours ? <Badge tone={o.active ? 'good' : 'neutral'}>{o.active ? t('services.offerings.active') : t('services.offerings.inactive')}</Badge> : null}
        {own && !ours ? <Badge tone="info">{t('services.market.yours')}</Badge> : null}
      </span>
      <p class="prose small clamp">{o.description}</p>
      <p>
        <strong>{priceText(o)}</strong>
      </p>
      {manage ? (
        <>
          <FormError error={act.error} />
          <div class="row">
            <Button variant="secondary" onClick={() => setEditing(true)} aria-describedby={titleId} data-testid="edit-offering">
              {t('services.offerings.edit')}
            </Button>
            <Button variant="secondary" busy={act.busy} onClick={() => act.run('toggle')} aria-describedby={titleId} data-testid="toggle-offering">
              {o.active ? t('services.offerings.deactivate') : t('services.offerings.activate')}
            </Button>
            <Button variant="ghost" disabled={act.busy} onClick={() => act.run('delete')} aria-describedby={titleId}>
              {t('services.offerings.delete')}
            </Button>
          </div>
        </>
      ) : null}
    </li>
  );
}

/** The offerings catalogue: every company's active offerings (search, category), and the company's own to manage. */
export function Offerings() {
  const companyId = currentUser.value!.companyId;
  const [q, setQ] = useQueryState({ view: 'all', page: '1', search: '', category: '' });
  const ours = q.view === 'ours';
  const manage = ours && isManager.value;
  const [search, setSearch] = useState(q.search);
  useEffect(() => setSearch(q.search), [q.search]);
  const [category, setCategory] = useState(q.category);
  useEffect(() => setCategory(q.category), [q.category]);
  const [creating, setCreating] = useState(false);
  const settings = useAsync(() => call(api.settings.$get()).then((b) => b.data), []);
  const list = useAsync(
    () =>
      call(
        api.offerings.$get({
          query: {
            page: q.page,
            limit: '12',
            ...(ours ? { companyId } : { active: 'true' }),
            ...(q.search ? { search: q.search } : {}),
            ...(q.category ? { category: q.category } : {}),
            ...(ours ? { sortBy: 'title', sortOrder: 'asc' } : {}),
          },
        }),
      ),
    [q.view, q.page, q.search, q.category],
  );
  const defaultCurrency = settings.data?.defaultCurrency ?? 'EUR';
  const ownRating = ours ? list.data?.data[0]?.rating : undefined;
  return (
    <>
      <PageHeader title={ours ? t('services.offerings.oursTitle') : t('services.offerings.title')} tabTitle={t('services.offerings.title')}>
        {ours && isManager.value ? (
          <Button onClick={() => setCreating(!creating)} aria-expanded={creating} data-testid="new-offering">
            {creating ? t('services.market.closeForm') : t('services.offerings.new')}
          </Button>
        ) : null}
      </PageHeader>
      <div class="row segmented" role="group" aria-label={t('services.offerings.tabs')}>
        {VIEWS.map((view) => (
          <button class={`btn ${q.view === view ? 'btn--primary' : 'btn--secondary'}`} aria-pressed={q.view === view} data-testid={`tab-${view}`} onClick={() => (setCreating(false), setQ({ view }))}>
            {t(`services.offerings.tab.${view}`)}
          </button>
        ))}
      </div>
      {ours && ownRating ? (
        <p class="small" data-testid="own-rating">
          {t('services.offerings.ourRating')} <RatingText rating={ownRating} />
        </p>
      ) : null}
      {creating ? (
        <section class="card spaced-bottom" aria-labelledby="new-offering-title">
          <h2 id="new-offering-title">{t('services.offerings.new')}</h2>
          <OfferingForm
            defaultCurrency={defaultCurrency}
            onCancel={() => setCreating(false)}
            onSaved={() => {
              setCreating(false);
              toast(t('services.offerings.created'), { tone: 'success' });
              void list.reload();
            }}
          />
        </section>
      ) : null}
      <form class="filters card" role="search" aria-label={t('services.offerings.filters')} onSubmit={(e) => (e.preventDefault(), setQ({ search: search.trim(), category: category.trim() }))}>
        <Field label={t('services.offerings.search')} hint={t('services.offerings.searchHint')} class="filters__wide">
          {(a) => (
            <div class="input-with-button">
              <input {...a} name="search" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
              <Button type="submit" variant="secondary">
                {t('common.search')}
              </Button>
            </div>
          )}
        </Field>
        <Field label={t('services.market.category')} hint={t('common.commaSeparated')}>
          {(a) => <input {...a} name="category" value={category} onInput={(e) => setCategory(e.currentTarget.value)} placeholder={t('services.market.categoryPlaceholder')} />}
        </Field>
      </form>
      {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
      {!list.data ? (
        list.error ? null : <Loading />
      ) : list.data.data.length === 0 ? (
        <Empty title={ours ? t('services.offerings.emptyOurs') : t('services.offerings.empty')}>
          {ours ? (isManager.value ? t('services.offerings.emptyOursHint') : t('services.offerings.emptyOursMember')) : t('services.offerings.emptyHint')}
        </Empty>
      ) : (
        <ul class="grid plain-list" aria-label={ours ? t('services.offerings.oursTitle') : t('services.offerings.title')}>
          {list.data.data.map((o) => (
            <OfferingCard
              key={o.id}
              o={o}
              own={o.companyId === companyId}
              ours={ours}
              manage={manage && o.companyId === companyId}
              defaultCurrency={defaultCurrency}
              onChanged={(next) => (next ? list.setData((cur) => cur && { ...cur, data: cur.data.map((x) => (x.id === next.id ? next : x)) }) : void list.reload())}
            />
          ))}
        </ul>
      )}
      {list.data ? <Pagination page={list.data.meta.page} totalPages={list.data.meta.totalPages} total={list.data.meta.total} onPage={(p) => setQ({ page: String(p) })} /> : null}
    </>
  );
}
