import { ProposalStatus } from '../../components/service-bits';
import { Empty, ErrorNote, Loading, PageHeader, Pagination } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { formatDateTime, formatMinor } from '../../lib/format';
import { lastEvent } from '../../lib/notifications';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';

const STATUSES = ['submitted', 'accepted', 'rejected', 'withdrawn'] as const;

/** The company's proposals, newest first, each with its status (live as they are accepted or rejected). */
export function MyProposals() {
  const [q, setQ] = useQueryState({ page: '1', status: '' });
  const ev = lastEvent.value;
  const decided = ev && ev.type.startsWith('services.proposal.') ? ev.id : null;
  const list = useAsync(
    () => call(api.proposals.mine.$get({ query: { page: q.page, limit: '20', sortBy: 'createdAt', sortOrder: 'desc', ...(q.status ? { status: q.status } : {}) } })),
    [q.page, q.status, decided],
  );
  return (
    <>
      <PageHeader title={t('services.mine.title')}>
        <label class="inline-field small">
          {t('services.mine.status')}
          <select name="status" value={q.status} onChange={(e) => setQ({ status: e.currentTarget.value })}>
            <option value="">{t('common.any')}</option>
            {STATUSES.map((s) => (
              <option value={s}>{t(`services.proposalStatus.${s}`)}</option>
            ))}
          </select>
        </label>
      </PageHeader>
      {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
      {!list.data ? (
        list.error ? null : <Loading />
      ) : list.data.data.length === 0 ? (
        <Empty title={t('services.mine.empty')}>
          <p>{t('services.mine.emptyHint')}</p>
          <a class="btn btn--secondary" href="/services">
            {t('services.mine.marketLink')}
          </a>
        </Empty>
      ) : (
        <ul class="card list" aria-label={t('services.mine.title')}>
          {list.data.data.map((p) => (
            <li key={p.id} class="row row--between" data-testid="my-proposal">
              <div class="stacked">
                <a href={`/services/${p.serviceId}`}>
                  <strong>{p.serviceTitle ?? t('services.mine.request')}</strong>
                </a>
                <span class="small">
                  {t('services.mine.summary', {
                    price: formatMinor(p.price, p.currency),
                    net: formatMinor(p.netAmount, p.currency),
                    days: t('services.proposals.days', { count: p.timelineDays }),
                  })}
                </span>
                <span class="small muted">
                  {t('services.mine.sent', { date: formatDateTime(p.createdAt) })}
                  {p.updatedAt !== p.createdAt ? ` · ${t('services.mine.updated', { date: formatDateTime(p.updatedAt) })}` : ''}
                </span>
              </div>
              <div class="row">
                <ProposalStatus status={p.status} testId="my-proposal-status" />
                {p.status === 'accepted' ? (
                  <a class="btn btn--secondary" href="/engagements?role=provider">
                    {t('services.mine.engagement')}
                  </a>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      {list.data ? <Pagination page={list.data.meta.page} totalPages={list.data.meta.totalPages} total={list.data.meta.total} onPage={(p) => setQ({ page: String(p) })} /> : null}
    </>
  );
}
