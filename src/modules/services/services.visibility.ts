import { and, eq, type SQL } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type { SharedRule } from '../../core/tenancy/scope';
import { serviceRequests } from './services.table';

/**
 * Who sees a service request: the kit's shared-records rule (as jobs), except that anonymous visitors see none.
 * Own company always; other companies only while open — public ones to every authenticated company, partner-shared
 * ones to companies in an active partnership (read inside each statement, so an ended partnership hides at once);
 * staff everything. Lists and single reads go through `sharedArms`/`sharedVisible` with this rule; the search index's
 * visibility tokens (`ftsSourceView`) are rendered from the same SQL, and `test/services.test.ts` fails when the
 * migrated view differs from what this file renders.
 */
export const serviceRule: SharedRule = {
  companyId: serviceRequests.companyId,
  open: eq(serviceRequests.status, 'open'),
  isPublic: eq(serviceRequests.isPublic, 1),
  partnersOnly: and(eq(serviceRequests.isPartners, 1), eq(serviceRequests.isPublic, 0))!,
  anonymous: false,
};

const dialect = new SQLiteSyncDialect({ casing: 'snake_case' });
const literal = (v: unknown) => (typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);

/** A condition of the rule as SQL text with its values inlined (for the view a migration creates). */
export function ruleText(condition: SQL): string {
  const { sql, params } = dialect.sqlToQuery(condition);
  let i = 0;
  return sql.replace(/\?/g, () => literal(params[i++]));
}

/** A company's token in the index's `tags` column: its UUID without dashes. */
export const companyToken = (id: string) => id.replace(/-/g, '').toLowerCase();

/** A category's token in `tags`: `k` and the hex of its UTF-8 bytes (one token whatever its characters). */
export const categoryToken = (category: string) =>
  `k${[...new TextEncoder().encode(category)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;

/**
 * The search index's source: each live request with a `tags` column of tokens: `o<company>` every request of that
 * company (its members see all, any status; the companyId filter), `pub` open public ones, `prt<company>` open
 * partners-only ones of that company, and the filter tokens `s<status>`, `tpublic`, `tpartners`, `k<category hex>`.
 */
export const ftsSourceView = () => `CREATE VIEW \`services_fts_source\` AS
SELECT
	seq,
	title,
	description,
	category,
	'o' || replace(company_id, '-', '')
		|| ' s' || status
		|| CASE WHEN is_public = 1 THEN ' tpublic' ELSE '' END
		|| CASE WHEN is_partners = 1 THEN ' tpartners' ELSE '' END
		|| ' k' || hex(category)
		|| CASE WHEN ${ruleText(and(serviceRule.open, serviceRule.isPublic)!)} THEN ' pub' ELSE '' END
		|| CASE WHEN ${ruleText(and(serviceRule.open, serviceRule.partnersOnly)!)} THEN ' prt' || replace(company_id, '-', '') ELSE '' END
		AS tags
FROM service_requests
WHERE deleted_at IS NULL`;
