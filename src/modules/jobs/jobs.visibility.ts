import { and, eq, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { SharedRule } from '../../core/tenancy/scope';
import { jobs } from './jobs.table';

/**
 * THE definition of who sees a job, as data. Everything that encodes the rule is derived from it:
 *  - the list and single-row conditions (`jobRule`, used through the kit's `sharedArms`),
 *  - the search index's visibility tokens (`ftsSourceView`, the view the FTS triggers read),
 *  - the counters behind list totals (`countKeysView`, the view the job_counts triggers read, and `COUNT_TERMS`).
 * The two views live in the database (migrations); `test/jobs-visibility.test.ts` fails when the views in the migrated
 * database differ from what this file generates, and the jobs tests compare lists, searches and totals for every
 * viewer and filter.
 *
 * The rule (the kit's shared-records rule): a job's own company sees it always; other companies only while it is
 * open — public ones to everyone (anonymous visitors too), partner-shared ones to companies in an active partnership.
 */
type Condition = { column: SQLiteColumn; value: string | number };
const OPEN: Condition = { column: jobs.status, value: 'open' };
const PUBLIC: Condition = { column: jobs.isPublic, value: 1 };
const NOT_PUBLIC: Condition = { column: jobs.isPublic, value: 0 };
const PARTNERS: Condition = { column: jobs.isPartners, value: 1 };

/** The row sets the rule is made of (each a conjunction of conditions). */
const SETS = {
  openPublic: [OPEN, PUBLIC],
  /** Shared with partners (may also be public): the search index's partner token. */
  openPartners: [OPEN, PARTNERS],
  /** Shared with partners and not public: the partner arm and its counter, disjoint from the public arm. */
  openPartnersOnly: [OPEN, NOT_PUBLIC, PARTNERS],
} as const satisfies Record<string, Condition[]>;

const toSql = (set: readonly Condition[]): SQL => and(...set.map((c) => eq(c.column, c.value)))!;
const toText = (set: readonly Condition[]) =>
  set.map((c) => `${c.column.name.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`)} = ${typeof c.value === 'string' ? `'${c.value}'` : c.value}`).join(' AND ');

/** The rule for queries (see `sharedArms`/`sharedVisible` in core/tenancy/scope.ts). */
export const jobRule: SharedRule = {
  companyId: jobs.companyId,
  open: toSql([OPEN]),
  isPublic: toSql([PUBLIC]),
  partnersOnly: toSql([PARTNERS, NOT_PUBLIC]),
  anonymous: true,
};

/**
 * The search index's source: each live job with a `tags` column of tokens (company ids without dashes):
 * `o<company>` every job of that company (its members see all), `pub` open public, `prt<company>` open and shared with
 * that company's partners, and the filter tokens `s<status>`, `t<type>`, `spec0|1`.
 */
export const ftsSourceView = () => `CREATE VIEW \`jobs_fts_source\` AS
SELECT
	seq,
	title,
	description,
	required_skills,
	'o' || replace(company_id, '-', '')
		|| ' s' || status
		|| CASE WHEN is_public = 1 THEN ' tpublic' ELSE '' END
		|| CASE WHEN is_internal = 1 THEN ' tinternal' ELSE '' END
		|| CASE WHEN is_partners = 1 THEN ' tpartners' ELSE '' END
		|| ' spec' || is_specialized
		|| CASE WHEN ${toText(SETS.openPublic)} THEN ' pub' ELSE '' END
		|| CASE WHEN ${toText(SETS.openPartners)} THEN ' prt' || replace(company_id, '-', '') ELSE '' END
		AS tags
FROM jobs
WHERE deleted_at IS NULL`;

/**
 * The counter keys a live job contributes to (job_counts): k1/k2 its fine row per company and for all companies
 * ('*'), k3/k4 the "all" rollups, k5/k6 the open-public rollups, k7 its company's open partners-only rollup.
 */
export const countKeysView = () => `CREATE VIEW \`job_count_keys\` AS
SELECT
	j.seq AS seq,
	CASE WHEN k.column1 IN (1, 3, 5, 7) THEN j.company_id ELSE '*' END AS company_id,
	CASE WHEN k.column1 <= 2 THEN j.status WHEN k.column1 <= 4 THEN '*' ELSE 'open' END AS status,
	CASE WHEN k.column1 <= 2 THEN j.is_public WHEN k.column1 <= 4 THEN -1 WHEN k.column1 <= 6 THEN 1 ELSE 0 END AS is_public,
	CASE WHEN k.column1 <= 2 THEN j.is_internal ELSE -1 END AS is_internal,
	CASE WHEN k.column1 <= 2 THEN j.is_partners WHEN k.column1 = 7 THEN 1 ELSE -1 END AS is_partners,
	CASE WHEN k.column1 <= 2 THEN j.is_specialized ELSE -1 END AS is_specialized
FROM jobs j, (VALUES (1), (2), (3), (4), (5), (6), (7)) k
WHERE j.deleted_at IS NULL
	AND (
		k.column1 <= 4
		OR (k.column1 IN (5, 6) AND ${toText(SETS.openPublic).replace(/(\w+ =)/g, 'j.$1')})
		OR (k.column1 = 7 AND ${toText(SETS.openPartnersOnly).replace(/(\w+ =)/g, 'j.$1')})
	)`;

/** The rollup rows of job_counts (written by the view above) that count each row set, and the filter-free match. */
export const ROLLUPS = {
  all: { status: '*', isPublic: -1, isPartners: -1 },
  openPublic: { status: 'open', isPublic: 1, isPartners: -1 },
  openPartnersOnly: { status: 'open', isPublic: 0, isPartners: 1 },
} as const;

/**
 * The fine counter rows of a rollup's row set (when filters force counting fine rows): the set's conditions applied
 * to job_counts' columns of the same names.
 */
export const fineRowsOf = (key: keyof typeof ROLLUPS, counts: Record<'status' | 'isPublic' | 'isPartners', SQLiteColumn>): SQL | undefined => {
  if (key === 'all') return undefined;
  const byName = (col: SQLiteColumn) => (col === jobs.status ? counts.status : col === jobs.isPublic ? counts.isPublic : counts.isPartners);
  return and(...SETS[key].map((c) => eq(byName(c.column), c.value)));
};

/** A company's token in the search index's `tags` column: its UUID without dashes. */
export const companyToken = (id: string) => id.replace(/-/g, '').toLowerCase();

/** Every view the jobs rule generates, by name (the migration test compares them with the database). */
export const GENERATED_VIEWS = { jobs_fts_source: ftsSourceView, job_count_keys: countKeysView };
