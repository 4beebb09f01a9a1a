import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { auditColumns, softDelete, stringArray } from '../../core/db/columns';
import { companies, users } from '../../core/tenancy/tenancy.table';

export const VISIBILITIES = ['personal', 'company', 'partners'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
export const LINK_KINDS = ['title', 'id'] as const;
export const MENTION_KINDS = ['job', 'asset', 'workorder', 'service'] as const;
export type MentionKind = (typeof MENTION_KINDS)[number];

const live = sql`deleted_at IS NULL`;

export const zettels = sqliteTable(
  'zettels',
  {
    /** Internal, stable integer key: the FTS5 index, the list index and the links are keyed on it. */
    seq: integer().primaryKey(),
    id: text().notNull().unique(),
    companyId: text()
      .notNull()
      .references(() => companies.id),
    authorId: text()
      .notNull()
      .references(() => users.id),
    /** Denormalized for lists (set and kept in sync by triggers on zettels and users), so a page costs no joins. */
    authorName: text().notNull().default(''),
    title: text().notNull(),
    /** The title folded for matching `[[Title]]` links: case, accents and spacing ignored (see zettels.parser.ts). */
    titleKey: text().notNull(),
    body: text().notNull().default(''),
    tags: stringArray(),
    visibility: text({ enum: VISIBILITIES }).notNull(),
    /** Grows by one with every saved change of title, body, tags or visibility (optimistic concurrency). */
    version: integer().notNull().default(1),
    /**
     * A fresh id per write: the statements of one write that must only apply if its guarded UPDATE did (links,
     * mentions, its event) check it, so a write that lost a race never touches what the winner wrote.
     */
    writeId: text().notNull(),
    ...auditColumns,
    ...softDelete,
  },
  (t) => [
    // `[[Title]]` resolution: the live zettels carrying a folded title.
    index('zettels_title_key_idx').on(t.titleKey).where(live),
    // A partnership starting shares the live partners zettels of both companies (zettel_shares).
    index('zettels_company_visibility_idx').on(t.companyId, t.visibility).where(live),
    // A user's rename reaches their zettels' author_name.
    index('zettels_author_idx').on(t.authorId),
    // The trash: deleted zettels by author and by company, newest deletion first.
    index('zettels_deleted_author_idx').on(t.authorId, t.deletedAt).where(sql`deleted_at IS NOT NULL`),
    index('zettels_deleted_company_idx').on(t.companyId, t.visibility, t.deletedAt).where(sql`deleted_at IS NOT NULL`),
  ],
);

/**
 * Every live zettel once with tag '' and once per tag, with the columns the lists filter and sort on, kept by
 * triggers on zettels (hand-written migration). Each arm of a list walks one of these indexes in the requested order
 * and stops at the page, whatever the filters (the tag filter is the `tag` column; no filter is tag '').
 */
export const zettelIndex = sqliteTable(
  'zettel_index',
  {
    seq: integer().notNull(),
    tag: text().notNull(),
    companyId: text().notNull(),
    visibility: text({ enum: VISIBILITIES }).notNull(),
    authorId: text().notNull(),
    updatedAt: text().notNull(),
    titleKey: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.seq, t.tag] }),
    index('zettel_index_company_updated_idx').on(t.tag, t.companyId, t.visibility, t.updatedAt, t.seq),
    index('zettel_index_company_title_idx').on(t.tag, t.companyId, t.visibility, t.titleKey, t.seq),
    index('zettel_index_author_updated_idx').on(t.tag, t.companyId, t.authorId, t.visibility, t.updatedAt, t.seq),
    index('zettel_index_author_title_idx').on(t.tag, t.companyId, t.authorId, t.visibility, t.titleKey, t.seq),
    index('zettel_index_visibility_updated_idx').on(t.tag, t.visibility, t.updatedAt, t.seq),
    index('zettel_index_visibility_title_idx').on(t.tag, t.visibility, t.titleKey, t.seq),
  ],
);

/**
 * Each live `partners` zettel once more per company in an active partnership with its own (the `audience`), and per
 * tag ('' = every zettel), kept by triggers on zettels AND on partnerships (hand-written migration): a partnership
 * that starts or ends adds or removes its rows in the same transaction. It is the access path of the partner arm of a
 * list (an index walk of the viewer's own audience range that stops at the page); who may see a row is still checked
 * against the live partnerships in every statement.
 */
export const zettelShares = sqliteTable(
  'zettel_shares',
  {
    seq: integer().notNull(),
    tag: text().notNull(),
    audienceId: text().notNull(),
    companyId: text().notNull(),
    authorId: text().notNull(),
    updatedAt: text().notNull(),
    titleKey: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.seq, t.tag, t.audienceId] }),
    index('zettel_shares_updated_idx').on(t.tag, t.audienceId, t.updatedAt, t.seq),
    index('zettel_shares_title_idx').on(t.tag, t.audienceId, t.titleKey, t.seq),
    index('zettel_shares_author_updated_idx').on(t.tag, t.audienceId, t.authorId, t.updatedAt, t.seq),
    index('zettel_shares_author_title_idx').on(t.tag, t.audienceId, t.authorId, t.titleKey, t.seq),
    // A partnership ending removes the rows of one company pair.
    index('zettel_shares_pair_idx').on(t.audienceId, t.companyId),
  ],
);

/**
 * Live zettels counted per (company, visibility, author, tag), plus the rollups (company, visibility, '*', tag) and
 * ('*', visibility, '*', tag); tag '' counts every zettel. Partner companies' `partners` zettels count for each
 * audience company under the pseudo-visibility `shared` ((audience, 'shared', author, tag) and (audience, 'shared',
 * '*', tag)), plus the rollups 'any' (a company's non-personal zettels) and 'all' (every zettel, company '*'). Kept
 * by triggers on zettel_index and zettel_shares, so list totals and the tags endpoint add up a few rows instead of
 * counting notes. The hand-written migration recreates it WITHOUT ROWID (a row is read once, from its key), which
 * drizzle-kit cannot express: a generated migration that rebuilds this table must keep that.
 */
export const zettelCounts = sqliteTable(
  'zettel_counts',
  {
    companyId: text().notNull(),
    visibility: text().notNull(),
    authorId: text().notNull(),
    tag: text().notNull(),
    n: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.visibility, t.authorId, t.tag] })],
);

/** The `[[…]]` links of each zettel's current body, once per distinct target, in order of first appearance. */
export const zettelLinks = sqliteTable(
  'zettel_links',
  {
    zettelSeq: integer()
      .notNull()
      .references(() => zettels.seq),
    ord: integer().notNull(),
    kind: text({ enum: LINK_KINDS }).notNull(),
    /** `title`: the folded title; `id`: the zettel id (lowercase). */
    target: text().notNull(),
    /** As written (shown while the link resolves to nothing). */
    text: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.zettelSeq, t.ord] }), index('zettel_links_target_idx').on(t.target, t.zettelSeq)],
);

/** The `@kind:<id>` mentions of each zettel's current body, once per record, in order of first appearance. */
export const zettelMentions = sqliteTable(
  'zettel_mentions',
  {
    zettelSeq: integer()
      .notNull()
      .references(() => zettels.seq),
    ord: integer().notNull(),
    kind: text({ enum: MENTION_KINDS }).notNull(),
    refId: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.zettelSeq, t.ord] }), index('zettel_mentions_ref_idx').on(t.kind, t.refId)],
);

/** Every earlier version of a zettel, written by the update that replaced it. */
export const zettelRevisions = sqliteTable(
  'zettel_revisions',
  {
    zettelId: text()
      .notNull()
      .references(() => zettels.id),
    version: integer().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    tags: stringArray(),
    visibility: text({ enum: VISIBILITIES }).notNull(),
    /** Who saved this version. */
    editedBy: text(),
    /** When this version was saved. */
    createdAt: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.zettelId, t.version] })],
);

export type ZettelRow = typeof zettels.$inferSelect;
export type RevisionRow = typeof zettelRevisions.$inferSelect;
