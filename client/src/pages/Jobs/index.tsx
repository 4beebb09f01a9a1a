import { useEffect, useState } from 'preact/hooks';
import type { Application } from '../../../../src/modules/jobs/jobs.schemas';
import { APPLICATION_TONE, JobBadges, Skills } from '../../components/job-bits';
import { Badge, Empty, ErrorNote, Field, Loading, PageHeader, Pagination } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { signedIn } from '../../lib/session';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';

/** The job board: public jobs for visitors; for members also internal and partner jobs they may see. */
export function Jobs() {
  const [q, setQ] = useQueryState({ page: '1', search: '', types: '', status: 'open', specialized: '', sort: '' });
  const [search, setSearch] = useState(q.search);
  useEffect(() => setSearch(q.search), [q.search]);
  const member = signedIn.value;
  const list = useAsync(() => {
    const [sortBy, sortOrder] = q.sort ? (q.sort.split(':') as ['createdAt' | 'title' | 'vacancies', 'asc' | 'desc']) : [undefined, undefined];
    return call(
      api.jobs.$get({
        query: {
          page: q.page,
          limit: '12',
          ...(q.search ? { search: q.search } : {}),
          ...(q.types ? { types: q.types } : {}),
          ...(q.status ? { status: q.status } : {}),
          ...(q.specialized ? { isSpecialized: q.specialized as 'true' | 'false' } : {}),
          ...(sortBy ? { sortBy, sortOrder } : {}),
        },
      }),
    );
  }, [q.page, q.search, q.types, q.status, q.specialized, q.sort]);
  // Where the member already applied, the card says so (their latest 100 applications cover any board page).
  const applied = useAsync(
    () =>
      member
        ? call(api.applications.mine.$get({ query: { limit: '100', sortBy: 'createdAt', sortOrder: 'desc' } })).then(
            (b) => new Map<string, Application['status']>(b.data.map((a) => [a.jobId, a.status])),
          )
        : Promise.resolve(new Map<string, Application['status']>()),
    [member],
  );
  return (
    <>
      <PageHeader title={t('jobs.board.title')} />
      {!member ? (
        <p class="muted">
          {t('jobs.board.intro')} <a href="/login?next=/jobs">{t('jobs.board.loginLink')}</a> {t('jobs.board.loginHint')}
        </p>
      ) : null}
      <form class="filters card" role="search" aria-label={t('jobs.board.filters')} onSubmit={(e) => (e.preventDefault(), setQ({ search: search.trim() }))}>
        <Field label={t('jobs.board.search')} hint={t('jobs.board.searchHint')} class="filters__wide">
          {(a) => <input {...a} name="search" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} placeholder={t('jobs.board.searchPlaceholder')} />}
        </Field>
        {member ? (
          <Field label={t('jobs.board.visibility')}>
            {(a) => (
              <select {...a} value={q.types} onChange={(e) => setQ({ types: e.currentTarget.value })}>
                <option value="">{t('common.any')}</option>
                <option value="public">{t('jobs.types.public')}</option>
                <option value="internal">{t('jobs.types.internal')}</option>
                <option value="partners">{t('jobs.types.partners')}</option>
              </select>
            )}
          </Field>
        ) : null}
        {member ? (
          <Field label={t('jobs.board.status')}>
            {(a) => (
              <select {...a} value={q.status} onChange={(e) => setQ({ status: e.currentTarget.value })}>
                <option value="open">{t('jobs.status.open')}</option>
                <option value="">{t('common.any')}</option>
                <option value="closed">{t('jobs.status.closed')}</option>
                <option value="filled">{t('jobs.status.filled')}</option>
              </select>
            )}
          </Field>
        ) : null}
        <Field label={t('jobs.board.specialization')}>
          {(a) => (
            <select {...a} value={q.specialized} onChange={(e) => setQ({ specialized: e.currentTarget.value })}>
              <option value="">{t('jobs.board.allRoles')}</option>
              <option value="true">{t('jobs.board.specializedOnly')}</option>
              <option value="false">{t('jobs.board.generalOnly')}</option>
            </select>
          )}
        </Field>
        <Field label={t('jobs.board.sort')}>
          {(a) => (
            <select {...a} value={q.sort} onChange={(e) => setQ({ sort: e.currentTarget.value })}>
              <option value="">{q.search ? t('jobs.board.bestMatch') : t('jobs.board.newest')}</option>
              {q.search ? <option value="createdAt:desc">{t('jobs.board.newest')}</option> : null}
              <option value="createdAt:asc">{t('jobs.board.oldest')}</option>
              <option value="title:asc">{t('jobs.board.titleAz')}</option>
              <option value="vacancies:desc">{t('jobs.board.mostVacancies')}</option>
            </select>
          )}
        </Field>
      </form>
      {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
      {!list.data ? (
        list.error ? null : <Loading label={t('jobs.board.loading')} />
      ) : list.data.data.length === 0 ? (
        <Empty title={t('jobs.board.empty')}>{t('jobs.board.emptyHint')}</Empty>
      ) : (
        <ul class="grid plain-list" aria-label={t('jobs.board.list')}>
          {list.data.data.map((j) => {
            const status = applied.data?.get(j.id);
            return (
              <li key={j.id} class="card stack" data-testid="job-card">
                <div>
                  <h2 class="card__title">
                    <a href={`/jobs/${j.id}`}>{j.title}</a>
                  </h2>
                  <div class="small muted">
                    {j.companyName} · {formatDate(j.createdAt)} · {t('jobs.vacancies', { count: j.vacancies })}
                  </div>
                </div>
                <JobBadges job={j} />
                {status ? (
                  <p class="applied-note">
                    <Badge tone={APPLICATION_TONE[status]} testId="job-applied">
                      {t('jobs.board.applied', { status: t(`jobs.applicationStatus.${status}`) })}
                    </Badge>
                  </p>
                ) : null}
                <Skills skills={j.requiredSkills} />
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
