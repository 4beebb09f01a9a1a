-- Hand-written (drizzle-kit does not model views or triggers). Replaces the job_counts triggers of migration 0005.
--
-- Their decrements were `UPDATE … WHERE (key columns) IN (SELECT …)`, which SQLite runs as a scan of job_counts: every
-- status change or delete of a job read the whole table (3,052 rows with the benchmark's 50 companies). Now every
-- change is the same upsert (+1 or -1), which finds each counter row through the primary key, and the counter keys a
-- job contributes to are defined once, in the view below, instead of in each trigger.
--
-- A job counts (while not soft-deleted) towards:
--   k 1  its company's fine row    (company, status, is_public, is_internal, is_partners, is_specialized)
--   k 2  the all-companies fine row ('*', …the same flags)
--   k 3  its company's rollup       (company, '*', -1, -1, -1, -1)
--   k 4  the all-companies rollup   ('*', '*', -1, -1, -1, -1)
--   k 5  its company's open-public rollup          (company, 'open', 1, -1, -1, -1)   if open and public
--   k 6  the all-companies open-public rollup      ('*', 'open', 1, -1, -1, -1)       if open and public
--   k 7  its company's open partners-only rollup   (company, 'open', 0, -1, 1, -1)    if open, partners, not public
-- (A multi-row VALUES is not a compound SELECT, so D1's cap on compound terms does not apply to it.)
DROP TRIGGER `jobs_counts_ai`;
--> statement-breakpoint
DROP TRIGGER `jobs_counts_au_old`;
--> statement-breakpoint
DROP TRIGGER `jobs_counts_au_new`;
--> statement-breakpoint
DROP TRIGGER `jobs_counts_ad`;
--> statement-breakpoint
CREATE VIEW `job_count_keys` AS
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
		OR (k.column1 IN (5, 6) AND j.status = 'open' AND j.is_public = 1)
		OR (k.column1 = 7 AND j.status = 'open' AND j.is_public = 0 AND j.is_partners = 1)
	);
--> statement-breakpoint
-- The job's new values count once the row is written (AFTER); its old values stop counting while the row still holds
-- them (BEFORE). Only job_counts is written here, never the job row itself.
CREATE TRIGGER `jobs_counts_ai` AFTER INSERT ON `jobs` BEGIN
	INSERT INTO job_counts (company_id, status, is_public, is_internal, is_partners, is_specialized, n)
		SELECT company_id, status, is_public, is_internal, is_partners, is_specialized, 1 FROM job_count_keys WHERE seq = new.seq
		ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_counts_bu` BEFORE UPDATE OF status, is_public, is_internal, is_partners, is_specialized, deleted_at ON `jobs` BEGIN
	INSERT INTO job_counts (company_id, status, is_public, is_internal, is_partners, is_specialized, n)
		SELECT company_id, status, is_public, is_internal, is_partners, is_specialized, 0 FROM job_count_keys WHERE seq = old.seq
		ON CONFLICT DO UPDATE SET n = n - 1;
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_counts_au` AFTER UPDATE OF status, is_public, is_internal, is_partners, is_specialized, deleted_at ON `jobs` BEGIN
	INSERT INTO job_counts (company_id, status, is_public, is_internal, is_partners, is_specialized, n)
		SELECT company_id, status, is_public, is_internal, is_partners, is_specialized, 1 FROM job_count_keys WHERE seq = new.seq
		ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_counts_bd` BEFORE DELETE ON `jobs` BEGIN
	INSERT INTO job_counts (company_id, status, is_public, is_internal, is_partners, is_specialized, n)
		SELECT company_id, status, is_public, is_internal, is_partners, is_specialized, 0 FROM job_count_keys WHERE seq = old.seq
		ON CONFLICT DO UPDATE SET n = n - 1;
END;
