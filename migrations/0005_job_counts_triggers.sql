-- Hand-written (drizzle-kit does not model triggers). Keeps job_counts exact and jobs.company_name in sync, in the
-- same transaction as every write: no application path can forget it.
--
-- job_counts holds, per company and for '*' (all companies):
--   fine rows   (status, is_public, is_internal, is_partners, is_specialized ∈ 0/1)  — for filtered lists;
--   rollups     status '*' / flags -1: all live jobs; open & public; open & partners-only — for unfiltered lists,
--               so the common list's total is a few rows whatever the number of jobs.

CREATE TRIGGER `jobs_counts_ai` AFTER INSERT ON `jobs` WHEN new.deleted_at IS NULL BEGIN
	INSERT INTO job_counts (company_id, status, is_public, is_internal, is_partners, is_specialized, n)
		SELECT c, s, p, i, pa, sp, 1 FROM (
			SELECT new.company_id AS c, new.status AS s, new.is_public AS p, new.is_internal AS i, new.is_partners AS pa, new.is_specialized AS sp
			UNION ALL SELECT '*', new.status, new.is_public, new.is_internal, new.is_partners, new.is_specialized
			UNION ALL SELECT new.company_id, '*', -1, -1, -1, -1
			UNION ALL SELECT '*', '*', -1, -1, -1, -1
		) WHERE true
		ON CONFLICT DO UPDATE SET n = n + 1;
	INSERT INTO job_counts (company_id, status, is_public, is_internal, is_partners, is_specialized, n)
		SELECT c, s, p, i, pa, sp, 1 FROM (
			SELECT new.company_id AS c, 'open' AS s, 1 AS p, -1 AS i, -1 AS pa, -1 AS sp WHERE new.status = 'open' AND new.is_public = 1
			UNION ALL SELECT '*', 'open', 1, -1, -1, -1 WHERE new.status = 'open' AND new.is_public = 1
			UNION ALL SELECT new.company_id, 'open', 0, -1, 1, -1 WHERE new.status = 'open' AND new.is_public = 0 AND new.is_partners = 1
		) WHERE true
		ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_counts_au_old` AFTER UPDATE OF status, is_public, is_internal, is_partners, is_specialized, deleted_at ON `jobs` WHEN old.deleted_at IS NULL BEGIN
	UPDATE job_counts SET n = n - 1 WHERE (company_id, status, is_public, is_internal, is_partners, is_specialized) IN (
			SELECT old.company_id AS c, old.status AS s, old.is_public AS p, old.is_internal AS i, old.is_partners AS pa, old.is_specialized AS sp
			UNION ALL SELECT '*', old.status, old.is_public, old.is_internal, old.is_partners, old.is_specialized
			UNION ALL SELECT old.company_id, '*', -1, -1, -1, -1
			UNION ALL SELECT '*', '*', -1, -1, -1, -1
		);
	UPDATE job_counts SET n = n - 1 WHERE (company_id, status, is_public, is_internal, is_partners, is_specialized) IN (
			SELECT old.company_id AS c, 'open' AS s, 1 AS p, -1 AS i, -1 AS pa, -1 AS sp WHERE old.status = 'open' AND old.is_public = 1
			UNION ALL SELECT '*', 'open', 1, -1, -1, -1 WHERE old.status = 'open' AND old.is_public = 1
			UNION ALL SELECT old.company_id, 'open', 0, -1, 1, -1 WHERE old.status = 'open' AND old.is_public = 0 AND old.is_partners = 1
		);
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_counts_au_new` AFTER UPDATE OF status, is_public, is_internal, is_partners, is_specialized, deleted_at ON `jobs` WHEN new.deleted_at IS NULL BEGIN
	INSERT INTO job_counts (company_id, status, is_public, is_internal, is_partners, is_specialized, n)
		SELECT c, s, p, i, pa, sp, 1 FROM (
			SELECT new.company_id AS c, new.status AS s, new.is_public AS p, new.is_internal AS i, new.is_partners AS pa, new.is_specialized AS sp
			UNION ALL SELECT '*', new.status, new.is_public, new.is_internal, new.is_partners, new.is_specialized
			UNION ALL SELECT new.company_id, '*', -1, -1, -1, -1
			UNION ALL SELECT '*', '*', -1, -1, -1, -1
		) WHERE true
		ON CONFLICT DO UPDATE SET n = n + 1;
	INSERT INTO job_counts (company_id, status, is_public, is_internal, is_partners, is_specialized, n)
		SELECT c, s, p, i, pa, sp, 1 FROM (
			SELECT new.company_id AS c, 'open' AS s, 1 AS p, -1 AS i, -1 AS pa, -1 AS sp WHERE new.status = 'open' AND new.is_public = 1
			UNION ALL SELECT '*', 'open', 1, -1, -1, -1 WHERE new.status = 'open' AND new.is_public = 1
			UNION ALL SELECT new.company_id, 'open', 0, -1, 1, -1 WHERE new.status = 'open' AND new.is_public = 0 AND new.is_partners = 1
		) WHERE true
		ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_counts_ad` AFTER DELETE ON `jobs` WHEN old.deleted_at IS NULL BEGIN
	UPDATE job_counts SET n = n - 1 WHERE (company_id, status, is_public, is_internal, is_partners, is_specialized) IN (
			SELECT old.company_id AS c, old.status AS s, old.is_public AS p, old.is_internal AS i, old.is_partners AS pa, old.is_specialized AS sp
			UNION ALL SELECT '*', old.status, old.is_public, old.is_internal, old.is_partners, old.is_specialized
			UNION ALL SELECT old.company_id, '*', -1, -1, -1, -1
			UNION ALL SELECT '*', '*', -1, -1, -1, -1
		);
	UPDATE job_counts SET n = n - 1 WHERE (company_id, status, is_public, is_internal, is_partners, is_specialized) IN (
			SELECT old.company_id AS c, 'open' AS s, 1 AS p, -1 AS i, -1 AS pa, -1 AS sp WHERE old.status = 'open' AND old.is_public = 1
			UNION ALL SELECT '*', 'open', 1, -1, -1, -1 WHERE old.status = 'open' AND old.is_public = 1
			UNION ALL SELECT old.company_id, 'open', 0, -1, 1, -1 WHERE old.status = 'open' AND old.is_public = 0 AND old.is_partners = 1
		);
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_company_name_ai` AFTER INSERT ON `jobs` WHEN new.company_name = '' BEGIN
	UPDATE jobs SET company_name = (SELECT name FROM companies WHERE id = new.company_id) WHERE seq = new.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `companies_name_au` AFTER UPDATE OF name ON `companies` BEGIN
	UPDATE jobs SET company_name = new.name WHERE company_id = new.id;
END;
--> statement-breakpoint
-- Backfill what exists (the triggers above only see future writes).
UPDATE jobs SET company_name = (SELECT name FROM companies WHERE companies.id = jobs.company_id);
--> statement-breakpoint
INSERT INTO job_counts (company_id, status, is_public, is_internal, is_partners, is_specialized, n) SELECT company_id, status, is_public, is_internal, is_partners, is_specialized, count(*) FROM jobs WHERE deleted_at IS NULL GROUP BY company_id, status, is_public, is_internal, is_partners, is_specialized;
--> statement-breakpoint
INSERT INTO job_counts (company_id, status, is_public, is_internal, is_partners, is_specialized, n) SELECT '*', status, is_public, is_internal, is_partners, is_specialized, count(*) FROM jobs WHERE deleted_at IS NULL GROUP BY status, is_public, is_internal, is_partners, is_specialized;
--> statement-breakpoint
INSERT INTO job_counts (company_id, status, is_public, is_internal, is_partners, is_specialized, n) SELECT company_id, '*', -1, -1, -1, -1, count(*) FROM jobs WHERE deleted_at IS NULL GROUP BY company_id;
--> statement-breakpoint
INSERT INTO job_counts (company_id, status, is_public, is_internal, is_partners, is_specialized, n) SELECT '*', '*', -1, -1, -1, -1, count(*) FROM jobs WHERE deleted_at IS NULL HAVING count(*) > 0;
--> statement-breakpoint
INSERT INTO job_counts (company_id, status, is_public, is_internal, is_partners, is_specialized, n) SELECT company_id, 'open', 1, -1, -1, -1, count(*) FROM jobs WHERE deleted_at IS NULL AND status = 'open' AND is_public = 1 GROUP BY company_id;
--> statement-breakpoint
INSERT INTO job_counts (company_id, status, is_public, is_internal, is_partners, is_specialized, n) SELECT '*', 'open', 1, -1, -1, -1, count(*) FROM jobs WHERE deleted_at IS NULL AND status = 'open' AND is_public = 1 HAVING count(*) > 0;
--> statement-breakpoint
INSERT INTO job_counts (company_id, status, is_public, is_internal, is_partners, is_specialized, n) SELECT company_id, 'open', 0, -1, 1, -1, count(*) FROM jobs WHERE deleted_at IS NULL AND status = 'open' AND is_public = 0 AND is_partners = 1 GROUP BY company_id;
