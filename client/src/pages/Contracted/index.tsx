import { cmmsEvent, WO_STATUSES, WoBadges } from '../../components/cmms-bits';
import { Empty, ErrorNote, Field, Loading, PageHeader, Pagination } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';

/** Work orders other companies contracted to ours: only those, only while the partnership is active; live. */
export function Contracted() {
  const [q, setQ] = useQueryState({ page: '1', status: 'active', overdue: '' });
  const live = cmmsEvent('cmms.workorder.')?.id ?? null;
  const list = useAsync(() => {
    const status = q.status === 'all' ? undefined : q.status === 'active' ? 'open,in_progress,on_hold' : q.status;
    return call(api.cmms.contracted.$get({ query: { page: q.page, limit: '20', sortBy: 'dueAt', sortOrder: 'asc', ...(status ? { status } : {}), ...(q.overdue ? { overdue: 'true' } : {}) } }));
  }, [q.page, q.status, q.overdue, live]);
  return (
    <>
      <PageHeader title={t('cmms.contracted.title')} />
      <p class="muted measure">{t('cmms.contracted.intro')}</p>
      <form class="filters card" role="search" aria-label={t('cmms.wo.filters')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('cmms.wo.status')}>
          {(a) => (
            <select {...a} name="status" value={q.status} onChange={(e) => setQ({ status: e.currentTarget.value })}>
              <option value="active">{t('cmms.wo.activeStatuses')}</option>
              <option value="all">{t('common.any')}</option>
              {WO_STATUSES.map((s) => (
                <option value={s}>{t(`cmms.status.${s}`)}</option>
              ))}
            </select>
          )}
        </Field>
        <div class="checks filters__check">
          <label>
            <input type="checkbox" checked={q.overdue === 'true'} onChange={(e) => setQ({ overdue: e.currentTarget.checked ? 'true' : '' })} /> {t('cmms.wo.overdueOnly')}
          </label>
        </div>
      </form>
      {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
      {!list.data ? (
        list.error ? null : <Loading />
      ) : list.data.data.length === 0 ? (
        <Empty title={t('cmms.contracted.empty')}>{t('cmms.contracted.emptyHint')}</Empty>
      ) : (
        <ul class="grid plain-list">
          {list.data.data.map((w) => (
            <li key={w.id} class="card stack" data-testid="contracted-wo">
              <div>
                <h2 class="card__title">
                  <a href={`/maintenance/contracted/${w.id}`}>
                    {w.number} · {w.title}
                  </a>
                </h2>
                <div class="small muted">
                  {[w.companyName, w.assetName, w.dueAt ? t('cmms.wo.due', { date: formatDate(w.dueAt) }) : null].filter(Boolean).join(' · ')}
                </div>
              </div>
              <WoBadges wo={w} />
            </li>
          ))}
        </ul>
      )}
      {list.data ? <Pagination page={list.data.meta.page} totalPages={list.data.meta.totalPages} total={list.data.meta.total} onPage={(p) => setQ({ page: String(p) })} /> : null}
    </>
  );
}
