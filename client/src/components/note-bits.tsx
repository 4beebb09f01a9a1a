import type { ZettelSummary } from '../../../src/modules/zettels/zettels.schemas';
import type { MentionKind } from '../../../src/modules/zettels/zettels.table';
import { t } from '../i18n';
import { api, call } from '../lib/api';
import { Badge } from './ui';

export type Visibility = ZettelSummary['visibility'];
export const VISIBILITIES: readonly Visibility[] = ['personal', 'company', 'partners'];

/** The notes' pages (one place for their addresses). */
export const notesPath = '/knowledge/notes';
export const noteHref = (id: string) => `${notesPath}/${id}`;
export const historyHref = (id: string, version?: number) => `${notesPath}/${id}/history${version ? `?v=${version}` : ''}`;
export const newNoteHref = (title?: string) => `${notesPath}/new${title ? `?title=${encodeURIComponent(title)}` : ''}`;
export const tagHref = (tag: string) => `${notesPath}?tag=${encodeURIComponent(tag)}`;

/**
 * The page of a mentioned record, where the app has one (`null`: shown as text). Jobs have /jobs/:id. When the
 * marketplace and maintenance screens exist in app.tsx, their lines go here (e.g. `service: (id) => /services/${id}`).
 */
export const MENTION_ROUTES: Record<MentionKind, ((id: string) => string) | null> = {
  job: (id) => `/jobs/${id}`,
  service: null,
  asset: null,
  workorder: null,
};

/**
 * A title folded as the server matches `[[links]]` (src/modules/zettels/zettels.parser.ts `titleKey`): accents,
 * case and runs of spaces ignored.
 */
export const foldTitle = (title: string) =>
  title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim();

const VISIBILITY_TONE: Record<Visibility, 'neutral' | 'info' | 'good'> = { personal: 'neutral', company: 'info', partners: 'good' };

export function VisibilityBadge({ visibility }: { visibility: Visibility }) {
  return (
    <Badge tone={VISIBILITY_TONE[visibility]} testId="note-visibility">
      {t(`zettels.visibility.${visibility}`)}
    </Badge>
  );
}

export function NoteTags({ tags, link = true }: { tags: readonly string[]; link?: boolean }) {
  if (tags.length === 0) return null;
  return (
    <ul class="tags tags--list" aria-label={t('zettels.note.tags')}>
      {tags.map((tag) => (
        <li key={tag}>
          {link ? (
            <a class="badge badge--tag" href={tagHref(tag)}>
              #{tag}
            </a>
          ) : (
            <span class="badge badge--tag">#{tag}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

let members: Promise<Map<string, string>> | null = null;
let membersOf: string | null = null;

/**
 * Names of the people of the caller's company (who saved a version, who wrote a note), loaded once per company and
 * kept for the tab's life; an empty map if the list cannot be read (then the screens say "someone").
 */
export function loadMembers(companyId: string | undefined): Promise<Map<string, string>> {
  if (members && membersOf === (companyId ?? null)) return members;
  membersOf = companyId ?? null;
  members = call(api.employees.$get({ query: { limit: '100', sortBy: 'name', sortOrder: 'asc' } }))
    .then((b) => new Map(b.data.map((u) => [u.id, u.name])))
    .catch(() => {
      members = null;
      return new Map<string, string>();
    });
  return members;
}
