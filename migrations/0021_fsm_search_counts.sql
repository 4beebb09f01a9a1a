-- Hand-written (drizzle-kit does not model virtual tables or triggers). FSM search indexes, list counters and the
-- technicians' visit index, all kept by triggers in the same transaction as every write.
--
-- Search: contentless FTS5 tables keyed on the rows' integer `seq`, accent- and case-folding. `tags` holds the
-- company token `c<company id without dashes>`, so a member's search is one expression (words AND tags : c<own>) that
-- FTS5 answers from its own index. A job's number is indexed as "FJ-0012 12" (both spellings find it).
CREATE VIRTUAL TABLE `fsm_customers_fts` USING fts5(
	name,
	email,
	phone,
	tags,
	content='',
	contentless_delete=1,
	tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO fsm_customers_fts(fsm_customers_fts, rank) VALUES ('rank', 'bm25(10.0, 5.0, 5.0, 0.0)');
--> statement-breakpoint
CREATE TRIGGER `fsm_customers_fts_ai` AFTER INSERT ON `fsm_customers` WHEN new.deleted_at IS NULL BEGIN
	INSERT INTO fsm_customers_fts(rowid, name, email, phone, tags)
		VALUES (new.seq, new.name, coalesce(new.email, ''), coalesce(new.phone, ''), 'c' || replace(new.company_id, '-', ''));
END;
--> statement-breakpoint
CREATE TRIGGER `fsm_customers_fts_au` AFTER UPDATE OF name, email, phone, deleted_at ON `fsm_customers` BEGIN
	DELETE FROM fsm_customers_fts WHERE rowid = old.seq;
	INSERT INTO fsm_customers_fts(rowid, name, email, phone, tags)
		SELECT new.seq, new.name, coalesce(new.email, ''), coalesce(new.phone, ''), 'c' || replace(new.company_id, '-', '')
		WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `fsm_jobs_fts` USING fts5(
	title,
	description,
	number,
	tags,
	content='',
	contentless_delete=1,
	tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO fsm_jobs_fts(fsm_jobs_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 10.0, 0.0)');
--> statement-breakpoint
CREATE TRIGGER `fsm_jobs_fts_ai` AFTER INSERT ON `fsm_jobs` WHEN new.deleted_at IS NULL BEGIN
	INSERT INTO fsm_jobs_fts(rowid, title, description, number, tags)
		VALUES (new.seq, new.title, new.description, 'FJ-' || printf('%04d', new.number) || ' ' || new.number, 'c' || replace(new.company_id, '-', ''));
END;
--> statement-breakpoint
CREATE TRIGGER `fsm_jobs_fts_au` AFTER UPDATE OF title, description, deleted_at ON `fsm_jobs` BEGIN
	DELETE FROM fsm_jobs_fts WHERE rowid = old.seq;
	INSERT INTO fsm_jobs_fts(rowid, title, description, number, tags)
		SELECT new.seq, new.title, new.description, 'FJ-' || printf('%04d', new.number) || ' ' || new.number, 'c' || replace(new.company_id, '-', '')
		WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
-- Counters: live jobs per (company, status) and live customers per company. Each change is an upsert through the
-- primary key (+1 for the new values, -1 for the old ones), so a write touches at most two counter rows.
CREATE TRIGGER `fsm_jobs_counts_ai` AFTER INSERT ON `fsm_jobs` WHEN new.deleted_at IS NULL BEGIN
	INSERT INTO fsm_counts (company_id, kind, status, n) VALUES (new.company_id, 'job', new.status, 1)
		ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `fsm_jobs_counts_au_old` AFTER UPDATE OF status, deleted_at ON `fsm_jobs` WHEN old.deleted_at IS NULL BEGIN
	INSERT INTO fsm_counts (company_id, kind, status, n) VALUES (old.company_id, 'job', old.status, 0)
		ON CONFLICT DO UPDATE SET n = n - 1;
END;
--> statement-breakpoint
CREATE TRIGGER `fsm_jobs_counts_au_new` AFTER UPDATE OF status, deleted_at ON `fsm_jobs` WHEN new.deleted_at IS NULL BEGIN
	INSERT INTO fsm_counts (company_id, kind, status, n) VALUES (new.company_id, 'job', new.status, 1)
		ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `fsm_customers_counts_ai` AFTER INSERT ON `fsm_customers` WHEN new.deleted_at IS NULL BEGIN
	INSERT INTO fsm_counts (company_id, kind, status, n) VALUES (new.company_id, 'customer', 'live', 1)
		ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `fsm_customers_counts_au` AFTER UPDATE OF deleted_at ON `fsm_customers` WHEN old.deleted_at IS NULL AND new.deleted_at IS NOT NULL BEGIN
	INSERT INTO fsm_counts (company_id, kind, status, n) VALUES (old.company_id, 'customer', 'live', 0)
		ON CONFLICT DO UPDATE SET n = n - 1;
END;
--> statement-breakpoint
-- Who is on which visit, by start: a technician's day is one range of this primary key.
CREATE TRIGGER `fsm_visits_technicians_ai` AFTER INSERT ON `fsm_visits` BEGIN
	INSERT OR IGNORE INTO fsm_visit_technicians (user_id, start_at, visit_id, company_id)
		SELECT value, new.start_at, new.id, new.company_id FROM json_each(new.technician_ids);
END;
--> statement-breakpoint
CREATE TRIGGER `fsm_visits_technicians_au` AFTER UPDATE OF technician_ids, start_at ON `fsm_visits` BEGIN
	DELETE FROM fsm_visit_technicians WHERE visit_id = old.id;
	INSERT OR IGNORE INTO fsm_visit_technicians (user_id, start_at, visit_id, company_id)
		SELECT value, new.start_at, new.id, new.company_id FROM json_each(new.technician_ids);
END;
