import { useEffect, useState } from 'preact/hooks';
import { Empty, ErrorNote, Field, Loading, PageHeader, Pagination } from '../../components/ui';
import { JobBadges, Skills } from '../../components/job-bits';
import { api, call } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { currentUser } from '../../lib/session';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';

/** The job board: public jobs for visitors; for members also internal and partner jobs they may see. */
export function Jobs() {
  const [q, setQ] = useQueryState({ page: '1', search: '', types: '', status: 'open', specialized: '', sort: '' });
  const [search, setSearch] = useState(q.search);
  useEffect(() => setSearch(q.search), [q.search]);
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
  const signedIn = Boolean(currentUser.value);
  return (
    <>
      <PageHeader title="Job board" />
      {!signedIn ? (
        <p class="muted">
          Public openings from every company on Completo. <a href="/login">Log in</a> to apply and to see internal and partner jobs.
        </p>
      ) : null}
      <form class="filters card" role="search" onSubmit={(e) => (e.preventDefault(), setQ({ search: search.trim() }))}>
        <Field label="Search jobs" hint="Title, description or skills">
          {(a) => <input {...a} type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} placeholder="e.g. técnico, hvac" />}
        </Field>
        {signedIn ? (
          <Field label="Type">
            {(a) => (
              <select {...a} value={q.types} onChange={(e) => setQ({ types: e.currentTarget.value })}>
                <option value="">Any</option>
                <option value="public">Public</option>
                <option value="internal">Internal</option>
                <option value="partners">Partners</option>
              </select>
            )}
          </Field>
        ) : null}
        {signedIn ? (
          <Field label="Status">
            {(a) => (
              <select {...a} value={q.status} onChange={(e) => setQ({ status: e.currentTarget.value })}>
                <option value="open">Open</option>
                <option value="">Any</option>
                <option value="closed">Closed</option>
                <option value="filled">Filled</option>
              </select>
            )}
          </Field>
        ) : null}
        <Field label="Kind">
          {(a) => (
            <select {...a} value={q.specialized} onChange={(e) => setQ({ specialized: e.currentTarget.value })}>
              <option value="">All roles</option>
              <option value="true">Specialized</option>
              <option value="false">General</option>
            </select>
          )}
        </Field>
        <Field label="Sort">
          {(a) => (
            <select {...a} value={q.sort} onChange={(e) => setQ({ sort: e.currentTarget.value })}>
              <option value="">{q.search ? 'Best match' : 'Newest'}</option>
              <option value="createdAt:desc">Newest</option>
              <option value="createdAt:asc">Oldest</option>
              <option value="title:asc">Title A–Z</option>
              <option value="vacancies:desc">Most vacancies</option>
            </select>
          )}
        </Field>
      </form>
      {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
      {!list.data ? (
        <Loading label="Loading jobs…" />
      ) : list.data.data.length === 0 ? (
        <Empty title="No jobs match">Try fewer filters or another search.</Empty>
      ) : (
        <ul class="grid" aria-label="Jobs" style="list-style:none;padding:0;margin:0">
          {list.data.data.map((j) => (
            <li key={j.id} class="card stack" data-testid="job-card">
              <div>
                <h2 style="margin:0">
                  <a href={`/jobs/${j.id}`}>{j.title}</a>
                </h2>
                <div class="small muted">
                  {j.companyName} · {formatDate(j.createdAt)} · {j.vacancies} {j.vacancies === 1 ? 'vacancy' : 'vacancies'}
                </div>
              </div>
              <JobBadges job={j} />
              <Skills skills={j.requiredSkills} />
            </li>
          ))}
        </ul>
      )}
      {list.data ? <Pagination page={list.data.meta.page} totalPages={list.data.meta.totalPages} total={list.data.meta.total} estimated={list.data.meta.totalEstimated} onPage={(p) => setQ({ page: String(p) })} /> : null}
    </>
  );
}
