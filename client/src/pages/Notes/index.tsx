import { useEffect, useState } from 'preact/hooks';
import { NoteTags, VisibilityBadge, VISIBILITIES, loadMembers, newNoteHref, noteHref } from '../../components/note-bits';
import { Empty, ErrorNote, Field, Loading, PageHeader, Pagination } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { formatNumber, timeAgo } from '../../lib/format';
import { lastEvent } from '../../lib/notifications';
import { currentCompany, currentUser } from '../../lib/session';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';

/** An excerpt without the Markdown marks that would read as noise in a list (mentions by their kind). */
const plainExcerpt = (md: string) =>
  md
    .replace(/@(job|asset|workorder|service):[0-9a-fA-F-]{0,36}/g, (_, kind: 'job' | 'asset' | 'workorder' | 'service') => `@${t(`zettels.mentions.kinds.${kind}`)}`)
    .replace(/```[^\n]*|~~~[^\n]*/g, ' ')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/\[\[([^\]|\n]*)\|([^\]\n]*)\]\]/g, '$2')
    .replace(/\[\[([^\]\n]*)\]\]/g, '$1')
    .replace(/\[\[/g, '')
    .replace(/[*_`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** The knowledge base: search, filters (tag, visibility, author), sort and page in the URL; a new note. */
export function Notes() {
  const [q, setQ] = useQueryState({ page: '1', search: '', tag: '', visibility: '', author: '', sort: '' });
  const [search, setSearch] = useState(q.search);
  useEffect(() => setSearch(q.search), [q.search]);
  const me = currentUser.value;
  const ev = lastEvent.value;
  // Someone created, changed or trashed a note: the page follows (a new event id reloads it).
  const live = ev && ev.type.startsWith('zettels.') ? ev.id : null;
  const list = useAsync(() => {
    const [sortBy, sortOrder] = q.sort ? (q.sort.split(':') as ['updatedAt' | 'title', 'asc' | 'desc']) : [undefined, undefined];
    const authorId = q.author === 'me' ? me?.id : q.author;
    return call(
      api.zettels.$get({
        query: {
          page: q.page,
          limit: '20',
          ...(q.search ? { search: q.search } : {}),
          ...(q.tag ? { tag: q.tag } : {}),
          ...(q.visibility ? { visibility: q.visibility } : {}),
          ...(authorId ? { authorId } : {}),
          ...(sortBy ? { sortBy, sortOrder } : {}),
        },
      }),
    );
  }, [q.page, q.search, q.tag, q.visibility, q.author, q.sort, live]);
  const tags = useAsync(() => call(api.zettels.tags.$get()).then((b) => b.data), [live]);
  const people = useAsync(() => loadMembers(currentCompany.value?.id), []);
  const filtered = Boolean(q.search || q.tag || q.visibility || q.author);
  return (
    <>
      <PageHeader title={t('zettels.list.title')}>
        <a class="btn btn--secondary" href="/knowledge/graph">
          {t('zettels.list.graph')}
        </a>
        <a class="btn btn--primary" href={newNoteHref()} data-testid="new-note">
          {t('zettels.list.new')}
        </a>
      </PageHeader>
      <p class="muted measure">{t('zettels.list.intro')}</p>
      <form class="filters card" role="search" aria-label={t('zettels.list.filters')} onSubmit={(e) => (e.preventDefault(), setQ({ search: search.trim() }))}>
        <Field label={t('zettels.list.search')} hint={t('zettels.list.searchHint')} class="filters__wide">
          {(a) => <input {...a} name="search" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} placeholder={t('zettels.list.searchPlaceholder')} />}
        </Field>
        <Field label={t('zettels.list.tag')}>
          {(a) => (
            <select {...a} name="tag" value={q.tag} onChange={(e) => setQ({ tag: e.currentTarget.value })}>
              <option value="">{t('zettels.list.anyTag')}</option>
              {/* A tag from the address that no visible note carries any more still shows as chosen. */}
              {q.tag && tags.data && !tags.data.some((x) => x.tag === q.tag) ? <option value={q.tag}>{q.tag}</option> : null}
              {(tags.data ?? []).map((x) => (
                <option key={x.tag} value={x.tag}>
                  {t('zettels.list.tagCount', { tag: x.tag, count: formatNumber(x.count) })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('zettels.list.visibility')}>
          {(a) => (
            <select {...a} name="visibility" value={q.visibility} onChange={(e) => setQ({ visibility: e.currentTarget.value })}>
              <option value="">{t('common.any')}</option>
              {VISIBILITIES.map((v) => (
                <option key={v} value={v}>
                  {t(`zettels.visibility.${v}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('zettels.list.author')}>
          {(a) => (
            <select {...a} name="author" value={q.author} onChange={(e) => setQ({ author: e.currentTarget.value })}>
              <option value="">{t('zettels.list.anyone')}</option>
              <option value="me">{t('zettels.list.me')}</option>
              {[...(people.data ?? new Map<string, string>())]
                .filter(([id]) => id !== me?.id)
                .map(([id, name]) => (
                  <option key={id} value={id}>
                    {name}
                  </option>
                ))}
            </select>
          )}
        </Field>
        <Field label={t('zettels.list.sort')}>
          {(a) => (
            <select {...a} name="sort" value={q.sort} onChange={(e) => setQ({ sort: e.currentTarget.value })}>
              <option value="">{q.search ? t('zettels.list.bestMatch') : t('zettels.list.recent')}</option>
              {q.search ? <option value="updatedAt:desc">{t('zettels.list.recent')}</option> : null}
              <option value="updatedAt:asc">{t('zettels.list.oldest')}</option>
              <option value="title:asc">{t('zettels.list.titleAz')}</option>
              <option value="title:desc">{t('zettels.list.titleZa')}</option>
            </select>
          )}
        </Field>
      </form>
      {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
      {!list.data ? (
        list.error ? null : <Loading label={t('zettels.list.loading')} />
      ) : list.data.data.length === 0 ? (
        filtered ? (
          <Empty title={t('zettels.list.noMatch')}>{t('zettels.list.noMatchHint')}</Empty>
        ) : (
          <Empty title={t('zettels.list.empty')}>
            <p>{t('zettels.list.emptyHint')}</p>
            <a class="btn btn--primary" href={newNoteHref()}>
              {t('zettels.list.new')}
            </a>
          </Empty>
        )
      ) : (
        <ul class="list card" aria-label={t('zettels.list.results')} aria-busy={list.loading}>
          {list.data.data.map((z) => (
            <li key={z.id} class="note-item" data-testid="note-item">
              <h2 class="card__title">
                <a href={noteHref(z.id)}>{z.title}</a>
              </h2>
              <div class="row small muted">
                <VisibilityBadge visibility={z.visibility} />
                <span>{t('zettels.list.byWhen', { author: z.authorName, when: timeAgo(z.updatedAt) })}</span>
              </div>
              {z.excerpt ? <p class="note-item__excerpt small">{plainExcerpt(z.excerpt)}</p> : null}
              <NoteTags tags={z.tags} />
            </li>
          ))}
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
