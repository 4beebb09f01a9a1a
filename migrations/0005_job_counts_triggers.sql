-- Hand-written (drizzle-kit does not model triggers). Keeps job_counts exact and jobs.company_name in sync, in the
-- same transaction as every write: no application path can forget it.

-- Backfill what exists.
UPDATE jobs SET company_name = (SELECT name FROM companies WHERE companies.id = jobs.company_id);
--> statement-breakpoint
INSERT INTO job_counts (company_id, status, is_public, is_internal, is_partners, is_specialized, n)
  SELECT company_id, status, is_public, is_internal, is_partners, is_specialized, count(*) FROM jobs WHERE deleted_at IS NULL
  GROUP BY company_id, status, is_public, is_internal, is_partners, is_specialized;
--> statement-breakpoint
INSERT INTO job_counts (company_id, status, is_public, is_internal, is_partners, is_specialized, n)
  SELECT '*', status, is_public, is_internal, is_partners, is_specialized, count(*) FROM jobs WHERE deleted_at IS NULL
  GROUP BY status, is_public, is_internal, is_partners, is_specialized;
--> statement-breakpoint
CREATE TRIGGER `jobs_counts_ai` AFTER INSERT ON `jobs` WHEN new.deleted_at IS NULL BEGIN
	INSERT INTO job_counts VALUES (new.company_id, new.status, new.is_public, new.is_internal, new.is_partners, new.is_specialized, 1)
		ON CONFLICT DO UPDATE SET n = n + 1;
	INSERT INTO job_counts VALUES ('*', new.status, new.is_public, new.is_internal, new.is_partners, new.is_specialized, 1)
		ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_counts_au_old` AFTER UPDATE OF status, is_public, is_internal, is_partners, is_specialized, deleted_at ON `jobs` WHEN old.deleted_at IS NULL BEGIN
	UPDATE job_counts SET n = n - 1 WHERE company_id IN (old.company_id, '*') AND status = old.status AND is_public = old.is_public
		AND is_internal = old.is_internal AND is_partners = old.is_partners AND is_specialized = old.is_specialized;
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_counts_au_new` AFTER UPDATE OF status, is_public, is_internal, is_partners, is_specialized, deleted_at ON `jobs` WHEN new.deleted_at IS NULL BEGIN
	INSERT INTO job_counts VALUES (new.company_id, new.status, new.is_public, new.is_internal, new.is_partners, new.is_specialized, 1)
		ON CONFLICT DO UPDATE SET n = n + 1;
	INSERT INTO job_counts VALUES ('*', new.status, new.is_public, new.is_internal, new.is_partners, new.is_specialized, 1)
		ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_counts_ad` AFTER DELETE ON `jobs` WHEN old.deleted_at IS NULL BEGIN
	UPDATE job_counts SET n = n - 1 WHERE company_id IN (old.company_id, '*') AND status = old.status AND is_public = old.is_public
		AND is_internal = old.is_internal AND is_partners = old.is_partners AND is_specialized = old.is_specialized;
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_company_name_ai` AFTER INSERT ON `jobs` WHEN new.company_name = '' BEGIN
	UPDATE jobs SET company_name = (SELECT name FROM companies WHERE id = new.company_id) WHERE seq = new.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `companies_name_au` AFTER UPDATE OF name ON `companies` BEGIN
	UPDATE jobs SET company_name = new.name WHERE company_id = new.id;
END;
