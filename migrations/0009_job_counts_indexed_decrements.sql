-- Hand-written (drizzle-kit does not model triggers). The decrements of job_counts (migration 0005) were
-- `UPDATE … WHERE (key columns) IN (SELECT …)`, which SQLite runs as a scan of job_counts: every status change or
-- delete of a job read the whole table (3,052 rows with the benchmark's 50 companies). They are now the same upsert
-- as the increments with the opposite sign, which finds each row through the primary key (two statements each, as in
-- 0005: D1 caps the terms of a compound SELECT).
DROP TRIGGER `jobs_counts_au_old`;
--> statement-breakpoint
DROP TRIGGER `jobs_counts_ad`;
--> statement-breakpoint
CREATE TRIGGER `jobs_counts_au_old` AFTER UPDATE OF status, is_public, is_internal, is_partners, is_specialized, deleted_at ON `jobs` WHEN old.deleted_at IS NULL BEGIN
	INSERT INTO job_counts (company_id, status, is_public, is_internal, is_partners, is_specialized, n)
		SELECT c, s, p, i, pa, sp, 0 FROM (
			SELECT old.company_id AS c, old.status AS s, old.is_public AS p, old.is_internal AS i, old.is_partners AS pa, old.is_specialized AS sp
			UNION ALL SELECT '*', old.status, old.is_public, old.is_internal, old.is_partners, old.is_specialized
			UNION ALL SELECT old.company_id, '*', -1, -1, -1, -1
			UNION ALL SELECT '*', '*', -1, -1, -1, -1
		) WHERE true
		ON CONFLICT DO UPDATE SET n = n - 1;
	INSERT INTO job_counts (company_id, status, is_public, is_internal, is_partners, is_specialized, n)
		SELECT c, s, p, i, pa, sp, 0 FROM (
			SELECT old.company_id AS c, 'open' AS s, 1 AS p, -1 AS i, -1 AS pa, -1 AS sp WHERE old.status = 'open' AND old.is_public = 1
			UNION ALL SELECT '*', 'open', 1, -1, -1, -1 WHERE old.status = 'open' AND old.is_public = 1
			UNION ALL SELECT old.company_id, 'open', 0, -1, 1, -1 WHERE old.status = 'open' AND old.is_public = 0 AND old.is_partners = 1
		) WHERE true
		ON CONFLICT DO UPDATE SET n = n - 1;
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_counts_ad` AFTER DELETE ON `jobs` WHEN old.deleted_at IS NULL BEGIN
	INSERT INTO job_counts (company_id, status, is_public, is_internal, is_partners, is_specialized, n)
		SELECT c, s, p, i, pa, sp, 0 FROM (
			SELECT old.company_id AS c, old.status AS s, old.is_public AS p, old.is_internal AS i, old.is_partners AS pa, old.is_specialized AS sp
			UNION ALL SELECT '*', old.status, old.is_public, old.is_internal, old.is_partners, old.is_specialized
			UNION ALL SELECT old.company_id, '*', -1, -1, -1, -1
			UNION ALL SELECT '*', '*', -1, -1, -1, -1
		) WHERE true
		ON CONFLICT DO UPDATE SET n = n - 1;
	INSERT INTO job_counts (company_id, status, is_public, is_internal, is_partners, is_specialized, n)
		SELECT c, s, p, i, pa, sp, 0 FROM (
			SELECT old.company_id AS c, 'open' AS s, 1 AS p, -1 AS i, -1 AS pa, -1 AS sp WHERE old.status = 'open' AND old.is_public = 1
			UNION ALL SELECT '*', 'open', 1, -1, -1, -1 WHERE old.status = 'open' AND old.is_public = 1
			UNION ALL SELECT old.company_id, 'open', 0, -1, 1, -1 WHERE old.status = 'open' AND old.is_public = 0 AND old.is_partners = 1
		) WHERE true
		ON CONFLICT DO UPDATE SET n = n - 1;
END;
