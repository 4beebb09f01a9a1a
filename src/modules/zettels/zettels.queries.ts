import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias, integer, sqliteTable, text, unionAll } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../core/env';
import { ftsMatch, SEARCH_COUNT_SLACK, searchCountQuery, searchTotal } from '../../core/db/fts';
import { countOf, offsetOf, pageOf, windowOf } from '../../core/db/page';
import { batchPrebuilt } from '../../core/db/prebuilt';
import { activePartnerIdsQuery } from '../../core/tenancy/tenancy.queries';
import { companies, users } from '../../core/tenancy/tenancy.table';
import type { ParsedLink, ParsedMention } from './zettels.parser';
import type { ZettelListQuery } from './zettels.schemas';
import { zettelCounts, zettelIndex, zettelLinks, zettelShares, zettelMentions, zettelRevisions, zettels, type MentionKind, type Visibility, type ZettelRow } from './zettels.table';
import { countTerms, ftsScope, listArms, placeholderViewer, sees, visibleTo, type RuleFilters, type ZettelViewer } from './zettels.visibility';

/** The FTS5 index (hand-written migration; declared here only for querying, not for drizzle-kit). */
const zettelsFts = sqliteTable('zettels_fts', { rowid: integer(), title: text(), body: text(), tags: text(), scope: text() });

/** The graph holds at most this many zettels (the most recently updated the caller can see). */
export const GRAPH_MAX_NODES = 2000;
/** Backlinks of one zettel: at most this many (the most recently created linking zettels). */
export const MAX_BACKLINKS = 1000;
/** The tags endpoint answers at most this many tags (the most used). */
export const MAX_TAGS_LISTED = 1000;
/** A search counts exactly up to this many matches past the caller's page; beyond, its total is estimated. */

const live = isNull(zettels.deletedAt);
const placeholder = (name: string) => sql.placeholder(name) as unknown as string;

/** A zettel as lists show it (no body, links or mentions). */
export interface SummaryRow {
  seq: number;
  id: string;
  companyId: string;
  authorId: string;
  authorName: string;
  title: string;
  excerpt: string;
  tags: string[];
  visibility: Visibility;
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string | null;
  deletedAt: string | null;
}

const summaryFields = {
  seq: zettels.seq,
  id: zettels.id,
  companyId: zettels.companyId,
  authorId: zettels.authorId,
  authorName: zettels.authorName,
  title: zettels.title,
  excerpt: sql<string>`substr(${zettels.body}, 1, 200)`.as('excerpt'),
  tags: zettels.tags,
  visibility: zettels.visibility,
  version: zettels.version,
  createdAt: zettels.createdAt,
  updatedAt: zettels.updatedAt,
  updatedBy: zettels.updatedBy,
  deletedAt: zettels.deletedAt,
};

/** A summary row as D1 returns it by column name (prebuilt statements). */
const decodeSummary = (r: Record<string, unknown>): SummaryRow => ({
  seq: Number(r.seq),
  id: String(r.id),
  companyId: String(r.company_id),
  authorId: String(r.author_id),
  authorName: String(r.author_name),
  title: String(r.title),
  excerpt: String(r.excerpt),
  tags: JSON.parse(String(r.tags)) as string[],
  visibility: r.visibility as Visibility,
  version: Number(r.version),
  createdAt: String(r.created_at),
  updatedAt: String(r.updated_at),
  updatedBy: (r.updated_by as string | null) ?? null,
  deletedAt: (r.deleted_at as string | null) ?? null,
});

const SORT = {
  index: { updatedAt: zettelIndex.updatedAt, title: zettelIndex.titleKey },
  shares: { updatedAt: zettelShares.updatedAt, title: zettelShares.titleKey },
} as const;
type SortBy = keyof typeof SORT.index;

const armsOf = (db: Db, viewer: ZettelViewer, f: RuleFilters) => listArms(db, viewer, f, zettelIndex, zettelShares);

/**
 * The visible zettels' seqs in list order, as a compound SELECT of the rule's arms over zettel_index: each arm walks
 * its index in order and SQLite merges them, stopping at `limit` (+ `offset`). Values are placeholders (`me`,
 * `user`, `author`, `tag`), so the statement is built once per shape. Undefined when nothing is visible.
 */
/** The company of the author filter's user (placeholder `author`). */
const authorCompany = sql`(SELECT ${users.companyId} FROM ${users} WHERE ${users.id} = ${sql.placeholder('author')})`;

function orderedSeqs(db: Db, viewer: ZettelViewer, f: { visibility?: readonly Visibility[] | undefined; authorId?: boolean }, sortBy: SortBy, dir: 'ASC' | 'DESC', limit: unknown, offset?: unknown) {
  const byAuthor = f.authorId ? { authorId: placeholder('author'), authorCompany } : {};
  const arms = armsOf(db, placeholderViewer(viewer), { visibility: f.visibility, ...byAuthor }).map((arm) => {
    const table = arm.table === 'index' ? zettelIndex : zettelShares;
    return db
      .select({ seq: table.seq, k: sql<string>`${SORT[arm.table][sortBy]}`.as('k') })
      .from(table)
      .where(and(eq(table.tag, placeholder('tag')), arm.where));
  });
  if (arms.length === 0) return undefined;
  const order = sql.raw(`k ${dir}, seq ${dir}`);
  const compound = arms.length === 1 ? arms[0]!.orderBy(order) : unionAll(arms[0]!, arms[1]!, ...arms.slice(2)).orderBy(order);
  const limited = compound.limit(limit as number);
  return (offset === undefined ? limited : limited.offset(offset as number)).as('p');
}

/** `zettels_fts MATCH` the search text (placeholder `text`); a company viewer's open scope group is closed here. */
function searchMatch(db: Db, viewer: ZettelViewer): SQL {
  if (viewer.kind === 'all') return sql`${zettelsFts} MATCH ${sql.placeholder('text')}`;
  const partners = activePartnerIdsQuery(db, placeholder('me')).as('partners');
  const partnerTokens = sql`coalesce((SELECT group_concat(' OR p' || replace(${partners.id}, '-', ''), '') FROM ${partners}), '')`;
  return sql`${zettelsFts} MATCH (${sql.placeholder('text')} || ${partnerTokens} || ')')`;
}


/**
 * A page of visible zettels and its total, in one D1 round trip. Without `search`, the rule's arms over zettel_index
 * (tag '' or the tag filter) in the requested order, and the total summed from zettel_counts. With `search`, one FTS5
 * expression carries the words, the visibility rule and the filters; ranked by bm25 inside FTS5 (only the page's rows
 * leave the index) unless `sortBy` is given; its total is exact up to 30 matches past the page, estimated beyond.
 */
export async function listZettels(db: Db, viewer: ZettelViewer, q: ZettelListQuery): Promise<{ rows: SummaryRow[]; total: number; estimated?: boolean }> {
  const offset = offsetOf(q);
  const dir = q.sortOrder === 'asc' ? 'ASC' : 'DESC';
  const values = {
    me: viewer.kind === 'all' ? undefined : viewer.companyId,
    user: viewer.kind === 'all' ? undefined : (viewer.userId ?? undefined),
    author: q.authorId,
    tag: q.tag ?? '',
    limit: q.limit,
    offset,
  };
  const viewerShape = viewer.kind === 'all' ? 'all' : viewer.userId === null ? 'key' : 'member';
  const match = q.search ? ftsMatch(q.search) : undefined;
  if (match) {
    const scope = ftsScope(viewer, { visibility: q.visibility, authorId: q.authorId, tag: q.tag });
    const text = [`{title body tags} : (${match})`, ...scope.filters, ...(scope.open ? [scope.open] : [])].join(' AND ');
    const cap = offset + q.limit + SEARCH_COUNT_SLACK;
    const [rows = [], [counted] = []] = await batchPrebuilt(
      db,
      JSON.stringify(['zettels-search', viewerShape, q.sortBy, q.sortOrder]),
      () => {
        const m = searchMatch(db, placeholderViewer(viewer));
        const [limit, skip] = [sql.placeholder('limit'), sql.placeholder('offset')];
        let page;
        if (q.sortBy) {
          const column = q.sortBy === 'title' ? zettels.titleKey : zettels.updatedAt;
          page = db
            .select(summaryFields)
            .from(zettelsFts)
            .innerJoin(zettels, eq(zettels.seq, zettelsFts.rowid))
            .where(and(m, live))
            .orderBy(dir === 'ASC' ? asc(column) : desc(column), dir === 'ASC' ? asc(zettels.seq) : desc(zettels.seq))
            .limit(limit)
            .offset(skip);
        } else {
          const hits = db
            .select({ seq: zettelsFts.rowid, rank: sql<number>`${zettelsFts}.rank`.as('rank') })
            .from(zettelsFts)
            .where(m)
            .orderBy(sql`${zettelsFts}.rank`)
            .limit(limit)
            .offset(skip)
            .as('hits');
          page = db
            .select(summaryFields)
            .from(hits)
            .innerJoin(zettels, eq(zettels.seq, hits.seq))
            .where(live)
            .orderBy(sql`${hits.rank}`);
        }
        return [page, searchCountQuery(db, zettelsFts, zettels.seq, m)];
      },
      { ...values, text, cap },
    );
    return { rows: rows.map(decodeSummary), ...searchTotal(counted, cap) };
  }

  const sortBy = q.sortBy ?? 'updatedAt';
  // Nothing to list (e.g. an API key asking for personal zettels): no statement at all.
  if (armsOf(db, viewer, { visibility: q.visibility }).length === 0) return { rows: [], total: 0 };
  const shape = JSON.stringify(['zettels', viewerShape, q.visibility, q.authorId !== undefined, sortBy, dir]);
  const build = () => {
    const p = orderedSeqs(db, viewer, { visibility: q.visibility, authorId: q.authorId !== undefined }, sortBy, dir, sql.placeholder('limit'), sql.placeholder('offset'))!;
    const page = db
      .select(summaryFields)
      .from(p)
      .innerJoin(zettels, eq(zettels.seq, p.seq))
      .orderBy(sql.raw(`"p"."k" ${dir}, "p"."seq" ${dir}`));
    const terms = countTerms(placeholderViewer(viewer), { visibility: q.visibility, ...(q.authorId === undefined ? {} : { authorId: placeholder('author'), authorCompany }) }, zettelCounts);
    const total = db
      .select({ n: sql<number>`coalesce(sum(${zettelCounts.n}), 0)`.as('n') })
      .from(zettelCounts)
      .where(and(eq(zettelCounts.tag, placeholder('tag')), or(...terms)));
    return [page, total];
  };
  const [rows = [], [counted] = []] = await batchPrebuilt(db, shape, build, values);
  return { rows: rows.map(decodeSummary), total: Number(counted?.n ?? 0) };
}

/** One zettel row; `deleted`: live (false), in the trash (true) or either ('any'). */
export const zettelRowQuery = (db: Db, viewer: ZettelViewer, id: string, deleted: boolean | 'any' = false) =>
  db
    .select()
    .from(zettels)
    .where(
      and(
        eq(zettels.id, id),
        deleted === 'any' ? undefined : deleted ? isNotNull(zettels.deletedAt) : live,
        visibleTo(db, viewer, zettels),
      ),
    )
    .limit(1);

export async function getZettelRow(db: Db, viewer: ZettelViewer, id: string, deleted: boolean | 'any' = false) {
  const [row] = await zettelRowQuery(db, viewer, id, deleted);
  return row;
}

// Aliases for link resolution: `lz` the linking zettel, `lc` its company, `cand` a candidate target.
const lz = alias(zettels, 'lz');
const lc = alias(companies, 'lc');
const CAND = 'cand';
const cand = alias(zettels, CAND);
/** Above any seq: the link-target preference key is `rank * SEQ_SPAN + seq` (stays within 2^53). */
const SEQ_SPAN = 1_000_000_000_000_000;
const target = alias(zettels, 't');

/**
 * The seq of the zettel a link row resolves to for this reader (NULL: none). Candidates: the live zettels with the
 * link's folded title (or id) that the linking zettel's author can see (staff authors: any) AND the reader can see
 * (the same rule, `sees`, from both sides). Among several, one of the linking zettel's own company first, then a
 * shared one before a personal one, then the oldest. Computed per read, so links resolve as soon as such a zettel
 * exists, follow renames, and stop resolving the moment a partnership ends or a target turns personal.
 */
function linkTarget(db: Db, viewer: ZettelViewer): SQL {
  const base = and(
    isNull(cand.deletedAt),
    or(eq(lc.isPlatform, 'yes'), sees(db, { companyId: lz.companyId, userId: lz.authorId }, cand)),
    visibleTo(db, viewer, cand),
  );
  // SQLite resolves a subquery's ORDER BY without the outer row, so the preference is a key minimised instead:
  // (other company, personal) as the high digits, the seq as the low ones.
  const preference = sql`((${cand.companyId} <> ${lz.companyId}) * 2 + (${cand.visibility} = 'personal')) * ${sql.raw(String(SEQ_SPAN))} + ${cand.seq}`;
  const pick = (key: SQL) => sql`(SELECT min(${preference}) % ${sql.raw(String(SEQ_SPAN))} FROM ${zettels} ${sql.identifier(CAND)} WHERE ${and(key, base)})`;
  return sql`(CASE ${zettelLinks.kind} WHEN 'id' THEN ${pick(eq(cand.id, zettelLinks.target))} ELSE ${pick(eq(cand.titleKey, zettelLinks.target))} END)`;
}

/** The links of zettel `id` in body order, each with its target for this reader (or none). */
export const linksQuery = (db: Db, viewer: ZettelViewer, id: string) =>
  db
    .select({
      kind: zettelLinks.kind,
      text: zettelLinks.text,
      targetId: sql<string | null>`${target.id}`.as('target_id'),
      targetTitle: sql<string | null>`${target.title}`.as('target_title'),
    })
    .from(zettelLinks)
    .innerJoin(lz, eq(lz.seq, zettelLinks.zettelSeq))
    .innerJoin(lc, eq(lc.id, lz.companyId))
    .leftJoin(target, eq(target.seq, linkTarget(db, viewer)))
    .where(eq(lz.id, id))
    .orderBy(asc(zettelLinks.ord));

/** Zettels this reader can see whose links resolve (for them) to zettel `id`; newest first, bounded. */
export const backlinksQuery = (db: Db, viewer: ZettelViewer, id: string) => {
  const z = alias(zettels, 'z');
  return db
    .selectDistinct({ seq: lz.seq, id: lz.id, title: lz.title })
    .from(z)
    .innerJoin(zettelLinks, sql`${zettelLinks.target} IN (${z.titleKey}, ${z.id})`)
    .innerJoin(lz, eq(lz.seq, zettelLinks.zettelSeq))
    .innerJoin(lc, eq(lc.id, lz.companyId))
    .where(and(eq(z.id, id), isNull(lz.deletedAt), ne(lz.seq, z.seq), visibleTo(db, viewer, lz), eq(linkTarget(db, viewer), z.seq)))
    .orderBy(desc(lz.seq))
    .limit(MAX_BACKLINKS);
};

export const mentionsQuery = (db: Db, id: string) =>
  db
    .select({ kind: zettelMentions.kind, id: zettelMentions.refId })
    .from(zettelMentions)
    .innerJoin(zettels, eq(zettels.seq, zettelMentions.zettelSeq))
    .where(eq(zettels.id, id))
    .orderBy(asc(zettelMentions.ord));

/** A zettel for a reader: its row, its links, backlinks and mention rows, in one D1 round trip. */
export async function loadZettelParts(db: Db, viewer: ZettelViewer, id: string, deleted: boolean | 'any' = false) {
  const [[row], links, backlinks, mentions] = await db.batch([zettelRowQuery(db, viewer, id, deleted), linksQuery(db, viewer, id), backlinksQuery(db, viewer, id), mentionsQuery(db, id)]);
  if (!row) return undefined;
  return { row, links, backlinks, mentions: mentions as { kind: MentionKind; id: string }[] };
}

/**
 * The graph over what the viewer can see: the GRAPH_MAX_NODES most recently updated zettels (with the tag, if
 * given), and every link between two of them as this reader resolves it. One D1 round trip.
 */
export async function graphOf(db: Db, viewer: ZettelViewer, tag: string | undefined) {
  const values = {
    me: viewer.kind === 'all' ? undefined : viewer.companyId,
    user: viewer.kind === 'all' ? undefined : (viewer.userId ?? undefined),
    tag: tag ?? '',
  };
  if (armsOf(db, viewer, {}).length === 0) return { nodes: [], edges: [], truncated: false };
  const build = () => {
    const nodesOf = (limit: number) => orderedSeqs(db, viewer, {}, 'updatedAt', 'DESC', limit)!;
    const p = nodesOf(GRAPH_MAX_NODES + 1);
    const inner = nodesOf(GRAPH_MAX_NODES);
    const nodes = db
    .select({ seq: zettels.seq, id: zettels.id, title: zettels.title, tags: zettels.tags })
    .from(p)
    .innerJoin(zettels, eq(zettels.seq, p.seq))
    .orderBy(sql.raw(`"p"."k" DESC, "p"."seq" DESC`));
    const edges = db
      .select({ from: sql<number>`${zettelLinks.zettelSeq}`.as('from_seq'), to: sql<number | null>`${linkTarget(db, placeholderViewer(viewer))}`.as('to_seq') })
      .from(zettelLinks)
      .innerJoin(lz, eq(lz.seq, zettelLinks.zettelSeq))
      .innerJoin(lc, eq(lc.id, lz.companyId))
      .where(inArray(zettelLinks.zettelSeq, db.select({ seq: inner.seq }).from(inner)));
    return [nodes, edges];
  };
  // Built once per viewer kind with placeholders (the arms are the lists' own), then bound to this request's values.
  const [nodeRows = [], edgeRows = []] = await batchPrebuilt(db, JSON.stringify(['zettels-graph', viewer.kind === 'all' ? 'all' : viewer.userId === null ? 'key' : 'member']), build, values);
  const truncated = nodeRows.length > GRAPH_MAX_NODES;
  const kept = nodeRows.slice(0, GRAPH_MAX_NODES);
  const idOf = new Map(kept.map((n) => [Number(n.seq), String(n.id)]));
  const seen = new Set<string>();
  const out: { from: string; to: string }[] = [];
  for (const e of edgeRows) {
    const from = idOf.get(Number(e.from_seq));
    const to = e.to_seq === null ? undefined : idOf.get(Number(e.to_seq));
    if (!from || !to || from === to || seen.has(`${from}>${to}`)) continue;
    seen.add(`${from}>${to}`);
    out.push({ from, to });
  }
  return {
    nodes: kept.map((n) => ({ id: String(n.id), title: String(n.title), tags: JSON.parse(String(n.tags)) as string[] })),
    edges: out,
    truncated,
  };
}

/**
 * Tags with how many visible zettels carry each, most used first: the viewer's counter terms as the arms of one
 * compound SELECT (each a primary-key range of zettel_counts past tag '': one row per tag and term), added up here
 * rather than by an outer GROUP BY, which would read every row twice.
 */
export async function tagCounts(db: Db, viewer: ZettelViewer) {
  const arms = countTerms(viewer, {}, zettelCounts).map((term) =>
    db.select({ tag: zettelCounts.tag, n: zettelCounts.n }).from(zettelCounts).where(and(term, gt(zettelCounts.tag, ''))),
  );
  if (arms.length === 0) return [];
  const rows = await (arms.length === 1 ? arms[0]! : unionAll(arms[0]!, arms[1]!, ...arms.slice(2)));
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.tag, (counts.get(r.tag) ?? 0) + r.n);
  return [...counts]
    .filter(([, count]) => count > 0)
    .map(([tag, count]) => ({ tag, count }))
    .sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0))
    .slice(0, MAX_TAGS_LISTED);
}

/**
 * Earlier versions of a zettel the viewer can see: each as if the zettel still had that version's visibility (a
 * version saved while it was personal stays its author's).
 */
export async function listRevisions(db: Db, viewer: ZettelViewer, z: ZettelRow, q: { page: number; limit: number; sortOrder: 'asc' | 'desc' }) {
  const where = and(eq(zettelRevisions.zettelId, z.id), revisionVisible(db, viewer, z));
  const page = await pageOf(
    db,
    windowOf(db.select().from(zettelRevisions).where(where).orderBy(q.sortOrder === 'asc' ? asc(zettelRevisions.version) : desc(zettelRevisions.version)), q),
    countOf(db, zettelRevisions, where),
  );
  return page;
}

const revisionVisible = (db: Db, viewer: ZettelViewer, z: ZettelRow) =>
  visibleTo(db, viewer, { companyId: sql`${z.companyId}`, authorId: sql`${z.authorId}`, visibility: zettelRevisions.visibility });

export async function getRevision(db: Db, viewer: ZettelViewer, z: ZettelRow, version: number) {
  const [row] = await db
    .select()
    .from(zettelRevisions)
    .where(and(eq(zettelRevisions.zettelId, z.id), eq(zettelRevisions.version, version), revisionVisible(db, viewer, z)))
    .limit(1);
  return row;
}

/** The trash: deleted zettels the caller may restore (their own; an admin_empresa also the company's shared ones). */
export async function listTrash(db: Db, who: { userId: string; companyId: string; companyAdmin: boolean }, q: { page: number; limit: number; sortOrder: 'asc' | 'desc' }) {
  const where = and(
    isNotNull(zettels.deletedAt),
    or(eq(zettels.authorId, who.userId), who.companyAdmin ? and(eq(zettels.companyId, who.companyId), inArray(zettels.visibility, ['company', 'partners'])) : undefined),
  );
  const page = await pageOf(
    db,
    windowOf(
      db
        .select({ z: summaryFields })
        .from(zettels)
        .where(where)
        .orderBy(q.sortOrder === 'asc' ? asc(zettels.deletedAt) : desc(zettels.deletedAt), asc(zettels.seq)),
      q,
    ),
    countOf(db, zettels, where),
  );
  return { rows: page.rows.map((r) => r.z as SummaryRow), total: page.total };
}

// Writes. Links and mentions are written from one bound JSON array each (no 100-parameter limit), and only if the
// zettel row carries this write's id: a write that lost its version race changes nothing.

const ofWrite = (id: string, writeId: string) => sql`(SELECT ${zettels.seq} FROM ${zettels} WHERE ${zettels.id} = ${id} AND ${zettels.writeId} = ${writeId})`;

/** `json_each` over the bound JSON array `rows` (aliased `j`). */
const jsonRows = (rows: unknown[][]) => sql`json_each(${JSON.stringify(rows)}) j`;
const item = (i: number) => sql`json_extract(j.value, ${`$[${i}]`})`;

export const insertLinks = (db: Db, id: string, writeId: string, links: readonly ParsedLink[]) =>
  db.insert(zettelLinks).select(
    db
      .select({
        zettelSeq: sql<number>`${ofWrite(id, writeId)}`.as('zettel_seq'),
        ord: sql<number>`j.key`.as('ord'),
        kind: sql<'title' | 'id'>`${item(0)}`.as('kind'),
        target: sql<string>`${item(1)}`.as('target'),
        text: sql<string>`${item(2)}`.as('text'),
      })
      .from(jsonRows(links.map((l) => [l.kind, l.target, l.text])))
      .where(sql`${ofWrite(id, writeId)} IS NOT NULL`),
  );

export const insertMentions = (db: Db, id: string, writeId: string, mentions: readonly ParsedMention[]) =>
  db.insert(zettelMentions).select(
    db
      .select({
        zettelSeq: sql<number>`${ofWrite(id, writeId)}`.as('zettel_seq'),
        ord: sql<number>`j.key`.as('ord'),
        kind: sql<MentionKind>`${item(0)}`.as('kind'),
        refId: sql<string>`${item(1)}`.as('ref_id'),
      })
      .from(jsonRows(mentions.map((m) => [m.kind, m.id])))
      .where(sql`${ofWrite(id, writeId)} IS NOT NULL`),
  );

export const deleteLinks = (db: Db, id: string, writeId: string) => db.delete(zettelLinks).where(eq(zettelLinks.zettelSeq, ofWrite(id, writeId)));
export const deleteMentions = (db: Db, id: string, writeId: string) => db.delete(zettelMentions).where(eq(zettelMentions.zettelSeq, ofWrite(id, writeId)));

/** Keeps the current version as a revision, only while it is still `version` (the same guard as the update). */
export const keepRevision = (db: Db, id: string, version: number) =>
  db.insert(zettelRevisions).select(
    db
      .select({
        zettelId: zettels.id,
        version: zettels.version,
        title: zettels.title,
        body: zettels.body,
        tags: zettels.tags,
        visibility: zettels.visibility,
        editedBy: sql<string | null>`${zettels.updatedBy}`.as('edited_by'),
        createdAt: sql<string>`${zettels.updatedAt}`.as('created_at'),
      })
      .from(zettels)
      .where(and(eq(zettels.id, id), eq(zettels.version, version), live)),
  );
