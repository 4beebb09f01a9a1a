-- Hand-written (drizzle-kit does not model virtual tables or triggers). CMMS search indexes, list counters and the
-- work-order assignee index, all kept by triggers in the same transaction as every write.
--
-- Search: contentless FTS5 tables keyed on the rows' integer `seq`, accent- and case-folding. `tags` holds the
-- company token `c<company id without dashes>`, so a member's search is one expression (words AND tags : c<own>) that
-- FTS5 answers from its own index. A work order's number is indexed as "WO-0012 12" (both spellings find it).
CREATE VIRTUAL TABLE `cmms_workorders_fts` USING fts5(
	title,
	description,
	number,
	tags,
	content='',
	contentless_delete=1,
	tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO cmms_workorders_fts(cmms_workorders_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 10.0, 0.0)');
--> statement-breakpoint
CREATE TRIGGER `cmms_workorders_fts_ai` AFTER INSERT ON `cmms_workorders` WHEN new.deleted_at IS NULL BEGIN
	INSERT INTO cmms_workorders_fts(rowid, title, description, number, tags)
		VALUES (new.seq, new.title, new.description, 'WO-' || printf('%04d', new.number) || ' ' || new.number, 'c' || replace(new.company_id, '-', ''));
END;
--> statement-breakpoint
CREATE TRIGGER `cmms_workorders_fts_au` AFTER UPDATE OF title, description, deleted_at ON `cmms_workorders` BEGIN
	DELETE FROM cmms_workorders_fts WHERE rowid = old.seq;
	INSERT INTO cmms_workorders_fts(rowid, title, description, number, tags)
		SELECT new.seq, new.title, new.description, 'WO-' || printf('%04d', new.number) || ' ' || new.number, 'c' || replace(new.company_id, '-', '')
		WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `cmms_assets_fts` USING fts5(
	name,
	code,
	serial_number,
	category,
	tags,
	content='',
	contentless_delete=1,
	tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO cmms_assets_fts(cmms_assets_fts, rank) VALUES ('rank', 'bm25(10.0, 10.0, 5.0, 2.0, 0.0)');
--> statement-breakpoint
CREATE TRIGGER `cmms_assets_fts_ai` AFTER INSERT ON `cmms_assets` WHEN new.deleted_at IS NULL BEGIN
	INSERT INTO cmms_assets_fts(rowid, name, code, serial_number, category, tags)
		VALUES (new.seq, new.name, new.code, coalesce(new.serial_number, ''), coalesce(new.category, ''), 'c' || replace(new.company_id, '-', ''));
END;
--> statement-breakpoint
CREATE TRIGGER `cmms_assets_fts_au` AFTER UPDATE OF name, code, serial_number, category, deleted_at ON `cmms_assets` BEGIN
	DELETE FROM cmms_assets_fts WHERE rowid = old.seq;
	INSERT INTO cmms_assets_fts(rowid, name, code, serial_number, category, tags)
		SELECT new.seq, new.name, new.code, coalesce(new.serial_number, ''), coalesce(new.category, ''), 'c' || replace(new.company_id, '-', '')
		WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
-- Counters: live work orders and assets per (company, kind, status). Each change is an upsert through the primary key
-- (+1 for the new values, -1 for the old ones), so a write touches at most two counter rows.
CREATE TRIGGER `cmms_workorders_counts_ai` AFTER INSERT ON `cmms_workorders` WHEN new.deleted_at IS NULL BEGIN
	INSERT INTO cmms_counts (company_id, kind, status, n) VALUES (new.company_id, 'workorder', new.status, 1)
		ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `cmms_workorders_counts_au_old` AFTER UPDATE OF status, deleted_at ON `cmms_workorders` WHEN old.deleted_at IS NULL BEGIN
	INSERT INTO cmms_counts (company_id, kind, status, n) VALUES (old.company_id, 'workorder', old.status, 0)
		ON CONFLICT DO UPDATE SET n = n - 1;
END;
--> statement-breakpoint
CREATE TRIGGER `cmms_workorders_counts_au_new` AFTER UPDATE OF status, deleted_at ON `cmms_workorders` WHEN new.deleted_at IS NULL BEGIN
	INSERT INTO cmms_counts (company_id, kind, status, n) VALUES (new.company_id, 'workorder', new.status, 1)
		ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `cmms_assets_counts_ai` AFTER INSERT ON `cmms_assets` WHEN new.deleted_at IS NULL BEGIN
	INSERT INTO cmms_counts (company_id, kind, status, n) VALUES (new.company_id, 'asset', new.status, 1)
		ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `cmms_assets_counts_au_old` AFTER UPDATE OF status, deleted_at ON `cmms_assets` WHEN old.deleted_at IS NULL BEGIN
	INSERT INTO cmms_counts (company_id, kind, status, n) VALUES (old.company_id, 'asset', old.status, 0)
		ON CONFLICT DO UPDATE SET n = n - 1;
END;
--> statement-breakpoint
CREATE TRIGGER `cmms_assets_counts_au_new` AFTER UPDATE OF status, deleted_at ON `cmms_assets` WHEN new.deleted_at IS NULL BEGIN
	INSERT INTO cmms_counts (company_id, kind, status, n) VALUES (new.company_id, 'asset', new.status, 1)
		ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
-- Assignees: one row per (user, work order) from the JSON list, so "assigned to" is an index lookup.
CREATE TRIGGER `cmms_workorders_assignees_ai` AFTER INSERT ON `cmms_workorders` BEGIN
	INSERT OR IGNORE INTO cmms_workorder_assignees (user_id, work_order_seq, company_id, created_at)
		SELECT value, new.seq, new.company_id, new.created_at FROM json_each(new.assignee_ids);
END;
--> statement-breakpoint
CREATE TRIGGER `cmms_workorders_assignees_au` AFTER UPDATE OF assignee_ids ON `cmms_workorders` BEGIN
	DELETE FROM cmms_workorder_assignees WHERE work_order_seq = old.seq;
	INSERT OR IGNORE INTO cmms_workorder_assignees (user_id, work_order_seq, company_id, created_at)
		SELECT value, new.seq, new.company_id, new.created_at FROM json_each(new.assignee_ids);
END;
