import { and, Column, eq, inArray, is as isColumn, ne, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Caller } from '../../core/auth/caller';
import { can } from '../../core/auth/roles';
import type { Db } from '../../core/env';
import { activePartnerIdsQuery } from '../../core/tenancy/tenancy.queries';
import { partnerships } from '../../core/tenancy/tenancy.table';
import { VISIBILITIES, type Visibility } from './zettels.table';

/**
 * THE rule of who sees and who edits a zettel. Everything that encodes it is built here: the single-row and link
 * conditions (`sees`), the list arms over zettel_index and zettel_shares (`listArms`), the counter terms behind
 * totals and tags (`countTerms`), the sources of the search index, the list index and the partner shares (the views
 * below, which the triggers read) and the search expression (`ftsScope`). A test (test/zettels.test.ts, "views")
 * fails when the migrated views differ from what this file generates, and the visibility tests compare get, list,
 * search, totals, tags and graph for every kind of viewer.
 *
 * Seeing: `personal` → its author; `company` → every member of its company; `partners` → its company and every company
 * in an active partnership with it (read inside each statement: an ended partnership hides them at once); staff users
 * (`zettels:view-all`) see every zettel; an API key acts for its company and never sees personal zettels.
 * Editing (`canEdit`): the author edits their own; an admin_empresa also edits the company's `company`/`partners`
 * zettels; nobody edits another company's zettels (partners read only; staff edit only their own).
 */
export type ZettelViewer =
  | { kind: 'all' }
  /** A member (userId) or an API key of the company (userId null: never personal zettels). */
  | { kind: 'company'; companyId: string; userId: string | null };

export function zettelViewerOf(caller: Caller): ZettelViewer {
  if (caller.kind === 'apiKey') return { kind: 'company', companyId: caller.companyId, userId: null };
  if (can(caller.role, 'zettels:view-all')) return { kind: 'all' };
  return { kind: 'company', companyId: caller.companyId, userId: caller.id };
}

/** The caller may change, delete and restore the zettel (which they can already see). */
export function canEdit(caller: Caller, z: { companyId: string; authorId: string; visibility: Visibility }): boolean {
  if (z.companyId !== caller.companyId) return false;
  if (caller.kind === 'apiKey') return z.visibility !== 'personal';
  if (z.authorId === caller.id) return true;
  return caller.role === 'admin_empresa' && z.visibility !== 'personal';
}

/** The columns the rule reads, from zettels or zettel_index (or an alias of either). */
export interface RuleColumns {
  companyId: SQLiteColumn | SQL;
  visibility: SQLiteColumn | SQL;
  authorId: SQLiteColumn | SQL;
}

type Value = string | SQL | SQLiteColumn;
type Operand = SQL | SQLiteColumn;
// drizzle's operators are typed for a column or an SQL on the left, not a union of both.
const is = (l: Operand, r: unknown) => eq(l as SQL, r);
const isNot = (l: Operand, r: unknown) => ne(l as SQL, r);
const within = (l: Operand, r: SQL | readonly string[] | ReturnType<typeof activePartnerIdsQuery>) => inArray(l as SQL, r as string[]);

/**
 * `who` sees the zettel in `z`: of their company unless personal (personal: only its author; `userId` null never),
 * or shared with partners by a company in an active partnership with theirs. `who`'s values may be constants,
 * placeholders or columns (the author of a linking zettel, see zettels.queries.ts).
 */
export function sees(db: Db, who: { companyId: Value; userId: Value | null }, z: RuleColumns): SQL {
  const own = who.userId === null ? isNot(z.visibility, 'personal') : or(isNot(z.visibility, 'personal'), is(z.authorId, who.userId));
  return or(and(is(z.companyId, who.companyId), own), and(is(z.visibility, 'partners'), partnerOf(db, who.companyId, z.companyId)))!;
}

/**
 * `company` is in an active partnership with `of`. A fixed company (a constant or placeholder) reads its partner set
 * once per statement; a column (the author of each linking zettel) checks the pair through the partnership indexes.
 */
function partnerOf(db: Db, of: Value, company: Operand): SQL {
  if (!isColumn(of, Column)) return within(company, activePartnerIdsQuery(db, of as string));
  return sql`EXISTS (SELECT 1 FROM ${partnerships} WHERE ${partnerships.status} = 'active' AND ((${partnerships.requesterCompanyId} = ${of} AND ${partnerships.targetCompanyId} = ${company}) OR (${partnerships.targetCompanyId} = ${of} AND ${partnerships.requesterCompanyId} = ${company})))`;
}

/** The viewer's rule as one condition (undefined: everything). */
export const visibleTo = (db: Db, viewer: ZettelViewer, z: RuleColumns): SQL | undefined => (viewer.kind === 'all' ? undefined : sees(db, viewer, z));

export interface RuleFilters {
  visibility?: readonly Visibility[] | undefined;
  /** Only this author's zettels. */
  authorId?: string | SQL | undefined;
  /** The author's company (a subquery), where the viewer's rule does not fix the company. */
  authorCompany?: SQL | undefined;
}

/** The columns of zettel_shares the partner arm reads. */
export interface ShareColumns {
  audienceId: SQLiteColumn;
  companyId: SQLiteColumn;
  authorId: SQLiteColumn;
}

/** One arm of a list: a condition over zettel_index, or (the partner arm) over zettel_shares. */
export type ListArm = { table: 'index'; where: SQL } | { table: 'shares'; where: SQL };

/**
 * The rule as disjoint arms (without the tag and the order), each served by one index in the list's order, so a
 * compound SELECT merges them and stops at the page. Partner companies' zettels come from the viewer's own range of
 * zettel_shares, still checked against the live partnerships. `[]`: nothing visible.
 */
export function listArms(db: Db, viewer: ZettelViewer, f: RuleFilters, ix: RuleColumns, sh: ShareColumns): ListArm[] {
  const wanted = (v: Visibility) => !f.visibility || f.visibility.includes(v);
  const byAuthor = (col: Operand) => (f.authorId === undefined ? undefined : is(col, f.authorId));
  const index = (where: SQL | undefined): ListArm => ({ table: 'index', where: where! });
  if (viewer.kind === 'all') {
    // Staff: one arm per visibility; an author filter also fixes the author's company (the indexes lead with it).
    const company = f.authorId === undefined || !f.authorCompany ? undefined : is(ix.companyId, f.authorCompany);
    return VISIBILITIES.filter(wanted).map((v) => index(and(is(ix.visibility, v), company, byAuthor(ix.authorId))));
  }
  const arms: ListArm[] = [];
  const me = viewer.companyId;
  if (wanted('company')) arms.push(index(and(is(ix.companyId, me), is(ix.visibility, 'company'), byAuthor(ix.authorId))));
  if (wanted('partners')) arms.push(index(and(is(ix.companyId, me), is(ix.visibility, 'partners'), byAuthor(ix.authorId))));
  // Personal: the viewer's own only. With an author filter the arm is kept and compared in SQL (the value may be a
  // placeholder), so a filter naming someone else finds nothing.
  if (wanted('personal') && viewer.userId !== null) {
    arms.push(index(and(is(ix.companyId, me), is(ix.authorId, viewer.userId), is(ix.visibility, 'personal'), byAuthor(ix.authorId))));
  }
  if (wanted('partners')) {
    arms.push({ table: 'shares', where: and(is(sh.audienceId, me), within(sh.companyId, activePartnerIdsQuery(db, me)), byAuthor(sh.authorId))! });
  }
  return arms;
}

/**
 * The counter rows (zettel_counts) whose sum is the number of zettels `listArms` lists, for one tag ('' = all): one
 * primary-key range per term, using the rollups ('any': a company's non-personal zettels; 'all': every zettel) when
 * no filter splits them.
 */
export function countTerms(viewer: ZettelViewer, f: RuleFilters, c: RuleColumns): SQL[] {
  const wanted = VISIBILITIES.filter((v) => !f.visibility || f.visibility.includes(v));
  if (wanted.length === 0) return [];
  const author = f.authorId ?? '*';
  const everyVisibility = wanted.length === VISIBILITIES.length;
  if (viewer.kind === 'all') {
    if (f.authorId === undefined) return [everyVisibility ? and(is(c.companyId, '*'), is(c.visibility, 'all'), is(c.authorId, '*'))! : and(is(c.companyId, '*'), within(c.visibility, wanted), is(c.authorId, '*'))!];
    return [and(is(c.companyId, f.authorCompany ?? sql`NULL`), within(c.visibility, wanted), is(c.authorId, author))!];
  }
  const me = viewer.companyId;
  const shared = wanted.filter((v) => v !== 'personal');
  const terms: SQL[] = [];
  if (shared.length === 2 && f.authorId === undefined) terms.push(and(is(c.companyId, me), is(c.visibility, 'any'), is(c.authorId, '*'))!);
  else if (shared.length) terms.push(and(is(c.companyId, me), within(c.visibility, shared), is(c.authorId, author))!);
  if (wanted.includes('personal') && viewer.userId !== null) {
    terms.push(and(is(c.companyId, me), is(c.visibility, 'personal'), is(c.authorId, viewer.userId), f.authorId === undefined ? undefined : is(c.authorId, f.authorId))!);
  }
  // Partner companies' partners zettels, counted per audience company (zettel_shares' counters).
  if (wanted.includes('partners')) terms.push(and(is(c.companyId, me), is(c.visibility, 'shared'), is(c.authorId, author))!);
  return terms;
}

/** An id as one search-index token (UUID without dashes). */
export const idToken = (id: string) => id.replace(/-/g, '').toLowerCase();

/** A tag as one search-index token: `t` and its UTF-8 bytes in hex (what `lower(hex(tag))` gives in SQL). */
export function tagToken(tag: string): string {
  let hex = '';
  for (const b of new TextEncoder().encode(tag)) hex += b.toString(16).padStart(2, '0');
  return `t${hex}`;
}

/**
 * The search expression's visibility and filter part (`scope` column tokens, see `ftsSourceView`), or undefined for
 * no condition. A company viewer's group is left open: the query closes it after appending the tokens of its active
 * partners, read in the same statement (`partnerTokens` in zettels.queries.ts).
 */
export function ftsScope(viewer: ZettelViewer, f: RuleFilters & { tag?: string | undefined; authorId?: string | undefined }): { filters: string[]; open: string | undefined } {
  const filters: string[] = [];
  if (f.visibility) filters.push(`scope : (${f.visibility.map((v) => `v${v}`).join(' OR ')})`);
  if (f.authorId) filters.push(`scope : a${idToken(f.authorId)}`);
  if (f.tag) filters.push(`scope : ${tagToken(f.tag)}`);
  if (viewer.kind === 'all') return { filters, open: undefined };
  const own = [`s${idToken(viewer.companyId)}`, ...(viewer.userId ? [`u${idToken(viewer.userId)}`] : [])];
  return { filters, open: `scope : (${own.join(' OR ')}` };
}

/**
 * The search index's source: each live zettel's text, and a `scope` column of tokens: `s<company>` shared with its
 * company (company and partners visibility), `p<company>` shared with that company's partners, `u<author>` personal,
 * and the filter tokens `v<visibility>`, `a<author>` and `t<tag bytes in hex>` per tag.
 */
export const ftsSourceView = () => `CREATE VIEW \`zettels_fts_source\` AS
SELECT
	seq,
	title,
	body,
	coalesce((SELECT group_concat(value, ' ') FROM json_each(zettels.tags)), '') AS tags,
	CASE WHEN visibility = 'personal' THEN 'u' || replace(author_id, '-', '') ELSE 's' || replace(company_id, '-', '') END
		|| CASE WHEN visibility = 'partners' THEN ' p' || replace(company_id, '-', '') ELSE '' END
		|| ' v' || visibility
		|| ' a' || replace(author_id, '-', '')
		|| coalesce((SELECT group_concat(' t' || lower(hex(value)), '') FROM json_each(zettels.tags)), '')
		AS scope
FROM zettels
WHERE deleted_at IS NULL`;

/** The list index's source: each live zettel once with tag '' and once per tag (see zettel_index). */
export const indexSourceView = () => `CREATE VIEW \`zettel_index_source\` AS
SELECT DISTINCT
	z.seq AS seq,
	j.value AS tag,
	z.company_id AS company_id,
	z.visibility AS visibility,
	z.author_id AS author_id,
	z.updated_at AS updated_at,
	z.title_key AS title_key
FROM zettels z, json_each(json_insert(z.tags, '$[#]', '')) j
WHERE z.deleted_at IS NULL`;

/**
 * The partner shares' source: each live partners zettel once per company in an active partnership with its own (the
 * audience), and per tag ('' included).
 */
export const sharesSourceView = () => `CREATE VIEW \`zettel_shares_source\` AS
SELECT DISTINCT
	z.seq AS seq,
	j.value AS tag,
	CASE WHEN p.requester_company_id = z.company_id THEN p.target_company_id ELSE p.requester_company_id END AS audience_id,
	z.company_id AS company_id,
	z.author_id AS author_id,
	z.updated_at AS updated_at,
	z.title_key AS title_key
FROM zettels z
	JOIN partnerships p ON p.status = 'active' AND (p.requester_company_id = z.company_id OR p.target_company_id = z.company_id),
	json_each(json_insert(z.tags, '$[#]', '')) j
WHERE z.deleted_at IS NULL AND z.visibility = 'partners'`;

/** Every view this file generates, by name (a test compares them with the migrated database). */
export const GENERATED_VIEWS = { zettels_fts_source: ftsSourceView, zettel_index_source: indexSourceView, zettel_shares_source: sharesSourceView };

/** A viewer for SQL built once per shape: its values become placeholders `me` and `user`. */
export function placeholderViewer(viewer: ZettelViewer): ZettelViewer {
  if (viewer.kind === 'all') return viewer;
  return {
    kind: 'company',
    companyId: sql.placeholder('me') as unknown as string,
    userId: viewer.userId === null ? null : (sql.placeholder('user') as unknown as string),
  };
}
