-- Hand-written (drizzle-kit does not model virtual tables, views or triggers).
--
-- Search with the visibility rule inside the index. Each indexed job carries a `tags` column of tokens that encode
-- who may see it and the list filters; a search is then ONE full-text expression (text AND visibility AND filters)
-- that FTS5 answers from its own index: it ranks the visible matches by bm25 and returns only the page
-- (`ORDER BY rank LIMIT n` is sorted inside FTS5), so a search no longer joins every match to `jobs` to filter it.
--
-- Tokens (company ids are UUIDs with the dashes removed, one token each):
--   o<company>        every live job of that company (its own members see all of them, any status; companyId filter)
--   pub               open public jobs (everyone)
--   prt<company>      open jobs shared with that company's active partners
--   s<status>         sopen | sclosed | sfilled                    (status filter)
--   tpublic tinternal tpartners                                    (types filter)
--   spec0 | spec1                                                  (isSpecialized filter)
-- The query side is `scopeExpression` in src/modules/jobs/jobs.queries.ts; the jobs tests compare search results and
-- totals with the plain list for every viewer and filter, through updates and deletes.
--
-- The index is contentless (text is never read back from it; rows are joined to `jobs` by seq) with
-- contentless_delete, so a change is a plain DELETE + INSERT of the row's current values from the view below, the
-- single definition of what gets indexed.
DROP TRIGGER `jobs_fts_ai`;
--> statement-breakpoint
DROP TRIGGER `jobs_fts_ad`;
--> statement-breakpoint
DROP TRIGGER `jobs_fts_au_old`;
--> statement-breakpoint
DROP TRIGGER `jobs_fts_au_new`;
--> statement-breakpoint
DROP TABLE `jobs_fts`;
--> statement-breakpoint
CREATE VIEW `jobs_fts_source` AS
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
		|| CASE WHEN status = 'open' AND is_public = 1 THEN ' pub' ELSE '' END
		|| CASE WHEN status = 'open' AND is_partners = 1 THEN ' prt' || replace(company_id, '-', '') ELSE '' END
		AS tags
FROM jobs
WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE VIRTUAL TABLE `jobs_fts` USING fts5(
	title,
	description,
	required_skills,
	tags,
	content='',
	contentless_delete=1,
	tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
-- Relevance: a title hit counts 10×, a skill 5×, the description 1×; tags never count.
INSERT INTO jobs_fts(jobs_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 5.0, 0.0)');
--> statement-breakpoint
INSERT INTO jobs_fts(rowid, title, description, required_skills, tags) SELECT seq, title, description, required_skills, tags FROM jobs_fts_source;
--> statement-breakpoint
CREATE TRIGGER `jobs_fts_ai` AFTER INSERT ON `jobs` BEGIN
	INSERT INTO jobs_fts(rowid, title, description, required_skills, tags)
		SELECT seq, title, description, required_skills, tags FROM jobs_fts_source WHERE seq = new.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_fts_au` AFTER UPDATE OF title, description, required_skills, status, is_public, is_internal, is_partners, is_specialized, company_id, deleted_at ON `jobs` BEGIN
	DELETE FROM jobs_fts WHERE rowid = old.seq;
	INSERT INTO jobs_fts(rowid, title, description, required_skills, tags)
		SELECT seq, title, description, required_skills, tags FROM jobs_fts_source WHERE seq = new.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_fts_ad` AFTER DELETE ON `jobs` BEGIN
	DELETE FROM jobs_fts WHERE rowid = old.seq;
END;
