import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { RatingText, ServiceBadges, budgetText } from '../../components/service-bits';
import { ServiceForm } from '../../components/service-form';
import { Badge, Button, Empty, ErrorNote, Field, Loading, PageHeader, Pagination } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { lastEvent } from '../../lib/notifications';
import { currentUser, isManager } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';

type Sort = 'createdAt' | 'deadline' | 'budgetMax';
const TABS = ['others', 'ours'] as const;

/**
 * The marketplace: service requests the company can bid on (open public ones, and partners-only ones of its partners),
 * or its own requests; filters, full-text search, sort and page in the URL. Admins publish a new request here.
 */
export function Services() {
  const { route } = useLocation();
  const companyId = currentUser.value!.companyId;
  const [q, setQ] = useQueryState({ tab: 'others', page: '1', search: '', status: 'open', category: '', types: '', company: '', sort: '' });
  const ours = q.tab === 'ours';
  const [search, setSearch] = useState(q.search);
  useEffect(() => setSearch(q.search), [q.search]);
  const [category, setCategory] = useState(q.category);
  useEffect(() => setCategory(q.category), [q.category]);
  const [creating, setCreating] = useState(false);
  // A request published, changed or ended (ours, or one shared with us) shows up without a reload.
  const changed = lastEvent.value?.type.startsWith('services.service.') ? lastEvent.value.id : null;
  const list = useAsync(() => {
    const [sortBy, sortOrder] = q.sort ? (q.sort.split(':') as [Sort, 'asc' | 'desc']) : [undefined, undefined];
    const owner = ours ? companyId : q.company;
    return call(
      api.services.$get({
        query: {
          page: q.page,
          limit: '12',
          ...(q.search ? { search: q.search } : {}),
          ...(q.status !== 'all' ? { status: q.status } : {}),
          ...(q.category ? { category: q.category } : {}),
          ...(q.types ? { types: q.types } : {}),
          ...(owner ? { companyId: owner } : {}),
          ...(sortBy ? { sortBy, sortOrder } : {}),
        },
      }),
    );
  }, [q.tab, q.page, q.search, q.status, q.category, q.types, q.company, q.sort, changed]);
  // Companies to filter by (the directory lists every other company, with its rating).
  const companies = useAsync(() => call(api.companies.directory.$get({ query: { limit: '100', sortBy: 'name' } })).then((b) => b.data), []);
  const rating = new Map(companies.data?.map((c) => [c.id, c.rating]));
  return (
    <>
      <PageHeader title={t('services.market.title')}>
        {isManager.value ? (
          <Button onClick={() => setCreating(!creating)} aria-expanded={creating} data-testid="new-service">
            {creating ? t('services.market.closeForm') : t('services.market.new')}
          </Button>
        ) : null}
      </PageHeader>
      {creating ? (
        <section class="card spaced-bottom" aria-labelledby="new-service-title">
          <h2 id="new-service-title">{t('services.form.heading')}</h2>
          <ServiceForm
            onCancel={() => setCreating(false)}
            onSaved={(s) => {
              toast(t('services.form.published'), { tone: 'success' });
              route(`/services/${s.id}`);
            }}
          />
        </section>
      ) : null}
      <div class="row row--between segmented">
        <div class="row" role="group" aria-label={t('services.market.tabs')}>
          {TABS.map((tab) => (
            <button
              class={`btn ${q.tab === tab ? 'btn--primary' : 'btn--secondary'}`}
              aria-pressed={q.tab === tab}
              data-testid={`tab-${tab}`}
              onClick={() => setQ({ tab, status: tab === 'ours' ? 'all' : 'open', company: '' })}
            >
              {t(`services.market.tab.${tab}`)}
            </button>
          ))}
        </div>
        <label class="inline-field small">
          {t('services.market.sort')}
          <select name="sort" value={q.sort} onChange={(e) => setQ({ sort: e.currentTarget.value })}>
            <option value="">{q.search ? t('services.market.bestMatch') : t('services.market.newest')}</option>
            {q.search ? <option value="createdAt:desc">{t('services.market.newest')}</option> : null}
            <option value="createdAt:asc">{t('services.market.oldest')}</option>
            <option value="deadline:asc">{t('services.market.deadlineSoon')}</option>
            <option value="budgetMax:desc">{t('services.market.budgetHigh')}</option>
            <option value="budgetMax:asc">{t('services.market.budgetLow')}</option>
          </select>
        </label>
      </div>
      <form class="filters card" role="search" aria-label={t('services.market.filters')} onSubmit={(e) => (e.preventDefault(), setQ({ search: search.trim(), category: category.trim() }))}>
        <Field label={t('services.market.search')} hint={t('services.market.searchHint')} class="filters__wide">
          {(a) => (
            <div class="input-with-button">
              <input {...a} name="search" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} placeholder={t('services.market.searchPlaceholder')} />
              <Button type="submit" variant="secondary">
                {t('common.search')}
              </Button>
            </div>
          )}
        </Field>
        <Field label={t('services.market.category')} hint={t('common.commaSeparated')}>
          {(a) => (
            <input
              {...a}
              name="category"
              value={category}
              onInput={(e) => setCategory(e.currentTarget.value)}
              onChange={(e) => setQ({ category: e.currentTarget.value.trim() })}
              placeholder={t('services.market.categoryPlaceholder')}
            />
          )}
        </Field>
        <Field label={t('services.market.status')}>
          {(a) => (
            <select {...a} name="status" value={q.status} onChange={(e) => setQ({ status: e.currentTarget.value })}>
              <option value="open">{t('services.status.open')}</option>
              <option value="all">{t('common.any')}</option>
              <option value="awarded">{t('services.status.awarded')}</option>
              <option value="closed">{t('services.status.closed')}</option>
              <option value="cancelled">{t('services.status.cancelled')}</option>
            </select>
          )}
        </Field>
        <Field label={t('services.market.visibility')}>
          {(a) => (
            <select {...a} name="types" value={q.types} onChange={(e) => setQ({ types: e.currentTarget.value })}>
              <option value="">{t('common.any')}</option>
              <option value="public">{t('services.types.public')}</option>
              <option value="partners">{t('services.types.partners')}</option>
            </select>
          )}
        </Field>
        {ours ? null : (
          <Field label={t('services.market.company')}>
            {(a) => (
              <select {...a} name="company" value={q.company} onChange={(e) => setQ({ company: e.currentTarget.value })}>
                <option value="">{t('services.market.anyCompany')}</option>
                {companies.data?.map((c) => <option value={c.id}>{c.name}</option>)}
              </select>
            )}
          </Field>
        )}
      </form>
      {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
      {!list.data ? (
        list.error ? null : <Loading label={t('services.market.loading')} />
      ) : list.data.data.length === 0 ? (
        <Empty title={ours ? t('services.market.emptyOurs') : t('services.market.empty')}>
          {ours && isManager.value ? t('services.market.emptyOursHint') : t('services.market.emptyHint')}
        </Empty>
      ) : (
        <ul class="grid plain-list" aria-label={t('services.market.list')}>
          {list.data.data.map((s) => {
            const own = s.companyId === companyId;
            return (
              <li key={s.id} class="card stack" data-testid="service-card">
                <div>
                  <h2 class="card__title">
                    <a href={`/services/${s.id}`}>{s.title}</a>
                  </h2>
                  <div class="small muted">
                    {s.companyName}
                    {own ? null : (
                      <>
                        {' · '}
                        <RatingText rating={rating.get(s.companyId)} />
                      </>
                    )}
                  </div>
                </div>
                <ServiceBadges service={s} />
                <dl class="facts facts--compact">
                  <div>
                    <dt>{t('services.detail.budget')}</dt>
                    <dd>{budgetText(s)}</dd>
                  </div>
                  <div>
                    <dt>{t('services.detail.deadline')}</dt>
                    <dd>{s.deadline ? formatDate(s.deadline) : t('services.detail.noDeadline')}</dd>
                  </div>
                  <div>
                    <dt>{t('services.detail.proposals')}</dt>
                    <dd data-testid="proposal-count">{t('services.detail.proposalCount', { count: s.proposalCount })}</dd>
                  </div>
                </dl>
                <p class="small muted">
                  {t('services.market.posted', { date: formatDate(s.createdAt) })}
                  {own ? (
                    <>
                      {' '}
                      <Badge tone="info">{t('services.market.yours')}</Badge>
                    </>
                  ) : null}
                </p>
              </li>
            );
          })}
        </ul>
      )}
      {list.data ? (
        <Pagination
          page={list.data.meta.page}
          totalPages={list.data.meta.totalPages}
          total={list.data.meta.total}
          estimated={list.data.meta.totalEstimated}
          onPage={(p) => setQ({ page: String(p) })}
        />
      ) : null}
    </>
  );
}
