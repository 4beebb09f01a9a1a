-- Hand-written (drizzle-kit does not model virtual tables, views or triggers). Self-contained: service requests'
-- search index, their list counters and their denormalized company name.
--
-- 1. Search: a contentless FTS5 index over title, description and category (accents and case folded: "manutencao"
-- matches "Manutenção"), plus a `tags` column of tokens that encode who may see the request and the list filters, so
-- a search is ONE full-text expression (words AND visibility AND filters) ranked inside FTS5, and only the page's rows
-- leave the index. The view below is rendered from the visibility rule (src/modules/services/services.visibility.ts,
-- `ftsSourceView`); the services tests fail when the two differ. Tokens (company ids without dashes):
--   o<company>    every live request of that company (its members see all of them; the companyId filter)
--   pub           open public requests (every authenticated company)
--   prt<company>  open partners-only requests of that company (its active partners)
--   s<status> tpublic tpartners k<hex of category>      (filters)
CREATE VIEW `services_fts_source` AS
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
		|| CASE WHEN ("service_requests"."status" = 'open' and "service_requests"."is_public" = 1) THEN ' pub' ELSE '' END
		|| CASE WHEN ("service_requests"."status" = 'open' and ("service_requests"."is_partners" = 1 and "service_requests"."is_public" = 0)) THEN ' prt' || replace(company_id, '-', '') ELSE '' END
		AS tags
FROM service_requests
WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE VIRTUAL TABLE `services_fts` USING fts5(
	title,
	description,
	category,
	tags,
	content='',
	contentless_delete=1,
	tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
-- Relevance: a title hit counts 10×, the category 5×, the description 1×; tags never count.
INSERT INTO services_fts(services_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 5.0, 0.0)');
--> statement-breakpoint
CREATE TRIGGER `services_fts_ai` AFTER INSERT ON `service_requests` BEGIN
	INSERT INTO services_fts(rowid, title, description, category, tags)
		SELECT seq, title, description, category, tags FROM services_fts_source WHERE seq = new.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `services_fts_au` AFTER UPDATE OF title, description, category, status, is_public, is_partners, company_id, deleted_at ON `service_requests` BEGIN
	DELETE FROM services_fts WHERE rowid = old.seq;
	INSERT INTO services_fts(rowid, title, description, category, tags)
		SELECT seq, title, description, category, tags FROM services_fts_source WHERE seq = new.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `services_fts_ad` AFTER DELETE ON `service_requests` BEGIN
	DELETE FROM services_fts WHERE rowid = old.seq;
END;
--> statement-breakpoint
-- 2. Counters behind list totals. A live request counts towards four service_counts rows, all with its status and
-- type flags: (its company, its category), (its company, '*'), ('*', its category) and ('*', '*'). Every change is
-- the same upsert (+1 after, -1 before), found through the primary key.
CREATE VIEW `service_count_keys` AS
SELECT
	s.seq AS seq,
	CASE WHEN k.column1 IN (1, 2) THEN s.company_id ELSE '*' END AS company_id,
	CASE WHEN k.column1 IN (1, 3) THEN s.category ELSE '*' END AS category,
	s.status AS status,
	s.is_public AS is_public,
	s.is_partners AS is_partners
FROM service_requests s, (VALUES (1), (2), (3), (4)) k
WHERE s.deleted_at IS NULL;
--> statement-breakpoint
CREATE TRIGGER `service_counts_ai` AFTER INSERT ON `service_requests` BEGIN
	INSERT INTO service_counts (company_id, category, status, is_public, is_partners, n)
		SELECT company_id, category, status, is_public, is_partners, 1 FROM service_count_keys WHERE seq = new.seq
		ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `service_counts_bu` BEFORE UPDATE OF company_id, category, status, is_public, is_partners, deleted_at ON `service_requests` BEGIN
	INSERT INTO service_counts (company_id, category, status, is_public, is_partners, n)
		SELECT company_id, category, status, is_public, is_partners, 0 FROM service_count_keys WHERE seq = old.seq
		ON CONFLICT DO UPDATE SET n = n - 1;
END;
--> statement-breakpoint
CREATE TRIGGER `service_counts_au` AFTER UPDATE OF company_id, category, status, is_public, is_partners, deleted_at ON `service_requests` BEGIN
	INSERT INTO service_counts (company_id, category, status, is_public, is_partners, n)
		SELECT company_id, category, status, is_public, is_partners, 1 FROM service_count_keys WHERE seq = new.seq
		ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `service_counts_bd` BEFORE DELETE ON `service_requests` BEGIN
	INSERT INTO service_counts (company_id, category, status, is_public, is_partners, n)
		SELECT company_id, category, status, is_public, is_partners, 0 FROM service_count_keys WHERE seq = old.seq
		ON CONFLICT DO UPDATE SET n = n - 1;
END;
--> statement-breakpoint
-- 3. The company name lists show, filled for rows inserted without it (seeds, bulk loads) and kept in sync on renames
-- (live rows only: through the partial company index; deleted ones are never shown).
CREATE TRIGGER `service_requests_company_name_ai` AFTER INSERT ON `service_requests` WHEN new.company_name = '' BEGIN
	UPDATE service_requests SET company_name = (SELECT name FROM companies WHERE id = new.company_id) WHERE seq = new.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `service_requests_company_name_au` AFTER UPDATE OF name ON `companies` BEGIN
	UPDATE service_requests SET company_name = new.name WHERE company_id = new.id AND deleted_at IS NULL;
END;
