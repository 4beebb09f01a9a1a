-- Full-text search over jobs (drizzle-kit does not model virtual tables or triggers, so this migration is hand-written).
-- External-content FTS5 keyed on jobs.seq (an INTEGER PRIMARY KEY, stable across VACUUM). Accents and case fold:
-- "tecnico manutencao" matches "Técnico de manutenção". Soft-deleted jobs leave the index.
CREATE VIRTUAL TABLE `jobs_fts` USING fts5(
	title,
	description,
	required_skills,
	content='jobs',
	content_rowid='seq',
	tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `jobs_fts_ai` AFTER INSERT ON `jobs` WHEN new.deleted_at IS NULL BEGIN
	INSERT INTO jobs_fts(rowid, title, description, required_skills) VALUES (new.seq, new.title, new.description, new.required_skills);
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_fts_ad` AFTER DELETE ON `jobs` WHEN old.deleted_at IS NULL BEGIN
	INSERT INTO jobs_fts(jobs_fts, rowid, title, description, required_skills) VALUES ('delete', old.seq, old.title, old.description, old.required_skills);
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_fts_au_old` AFTER UPDATE OF title, description, required_skills, deleted_at ON `jobs` WHEN old.deleted_at IS NULL BEGIN
	INSERT INTO jobs_fts(jobs_fts, rowid, title, description, required_skills) VALUES ('delete', old.seq, old.title, old.description, old.required_skills);
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_fts_au_new` AFTER UPDATE OF title, description, required_skills, deleted_at ON `jobs` WHEN new.deleted_at IS NULL BEGIN
	INSERT INTO jobs_fts(rowid, title, description, required_skills) VALUES (new.seq, new.title, new.description, new.required_skills);
END;
