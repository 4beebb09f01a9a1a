CREATE TABLE `zettel_counts` (
	`company_id` text NOT NULL,
	`visibility` text NOT NULL,
	`author_id` text NOT NULL,
	`tag` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`company_id`, `visibility`, `author_id`, `tag`)
);
--> statement-breakpoint
CREATE TABLE `zettel_index` (
	`seq` integer NOT NULL,
	`tag` text NOT NULL,
	`company_id` text NOT NULL,
	`visibility` text NOT NULL,
	`author_id` text NOT NULL,
	`updated_at` text NOT NULL,
	`title_key` text NOT NULL,
	PRIMARY KEY(`seq`, `tag`)
);
--> statement-breakpoint
CREATE INDEX `zettel_index_company_updated_idx` ON `zettel_index` (`tag`,`company_id`,`visibility`,`updated_at`,`seq`);--> statement-breakpoint
CREATE INDEX `zettel_index_company_title_idx` ON `zettel_index` (`tag`,`company_id`,`visibility`,`title_key`,`seq`);--> statement-breakpoint
CREATE INDEX `zettel_index_author_updated_idx` ON `zettel_index` (`tag`,`company_id`,`author_id`,`visibility`,`updated_at`,`seq`);--> statement-breakpoint
CREATE INDEX `zettel_index_author_title_idx` ON `zettel_index` (`tag`,`company_id`,`author_id`,`visibility`,`title_key`,`seq`);--> statement-breakpoint
CREATE INDEX `zettel_index_visibility_updated_idx` ON `zettel_index` (`tag`,`visibility`,`updated_at`,`seq`);--> statement-breakpoint
CREATE INDEX `zettel_index_visibility_title_idx` ON `zettel_index` (`tag`,`visibility`,`title_key`,`seq`);--> statement-breakpoint
CREATE TABLE `zettel_links` (
	`zettel_seq` integer NOT NULL,
	`ord` integer NOT NULL,
	`kind` text NOT NULL,
	`target` text NOT NULL,
	`text` text NOT NULL,
	PRIMARY KEY(`zettel_seq`, `ord`),
	FOREIGN KEY (`zettel_seq`) REFERENCES `zettels`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `zettel_links_target_idx` ON `zettel_links` (`target`,`zettel_seq`);--> statement-breakpoint
CREATE TABLE `zettel_mentions` (
	`zettel_seq` integer NOT NULL,
	`ord` integer NOT NULL,
	`kind` text NOT NULL,
	`ref_id` text NOT NULL,
	PRIMARY KEY(`zettel_seq`, `ord`),
	FOREIGN KEY (`zettel_seq`) REFERENCES `zettels`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `zettel_mentions_ref_idx` ON `zettel_mentions` (`kind`,`ref_id`);--> statement-breakpoint
CREATE TABLE `zettel_revisions` (
	`zettel_id` text NOT NULL,
	`version` integer NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`tags` text NOT NULL,
	`visibility` text NOT NULL,
	`edited_by` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`zettel_id`, `version`),
	FOREIGN KEY (`zettel_id`) REFERENCES `zettels`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `zettel_shares` (
	`seq` integer NOT NULL,
	`tag` text NOT NULL,
	`audience_id` text NOT NULL,
	`company_id` text NOT NULL,
	`author_id` text NOT NULL,
	`updated_at` text NOT NULL,
	`title_key` text NOT NULL,
	PRIMARY KEY(`seq`, `tag`, `audience_id`)
);
--> statement-breakpoint
CREATE INDEX `zettel_shares_updated_idx` ON `zettel_shares` (`tag`,`audience_id`,`updated_at`,`seq`);--> statement-breakpoint
CREATE INDEX `zettel_shares_title_idx` ON `zettel_shares` (`tag`,`audience_id`,`title_key`,`seq`);--> statement-breakpoint
CREATE INDEX `zettel_shares_author_updated_idx` ON `zettel_shares` (`tag`,`audience_id`,`author_id`,`updated_at`,`seq`);--> statement-breakpoint
CREATE INDEX `zettel_shares_author_title_idx` ON `zettel_shares` (`tag`,`audience_id`,`author_id`,`title_key`,`seq`);--> statement-breakpoint
CREATE INDEX `zettel_shares_pair_idx` ON `zettel_shares` (`audience_id`,`company_id`);--> statement-breakpoint
CREATE TABLE `zettels` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`company_id` text NOT NULL,
	`author_id` text NOT NULL,
	`author_name` text DEFAULT '' NOT NULL,
	`title` text NOT NULL,
	`title_key` text NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`tags` text NOT NULL,
	`visibility` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`write_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by` text,
	`updated_by` text,
	`deleted_at` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `zettels_id_unique` ON `zettels` (`id`);--> statement-breakpoint
CREATE INDEX `zettels_title_key_idx` ON `zettels` (`title_key`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `zettels_company_visibility_idx` ON `zettels` (`company_id`,`visibility`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `zettels_author_idx` ON `zettels` (`author_id`);--> statement-breakpoint
CREATE INDEX `zettels_deleted_author_idx` ON `zettels` (`author_id`,`deleted_at`) WHERE deleted_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX `zettels_deleted_company_idx` ON `zettels` (`company_id`,`visibility`,`deleted_at`) WHERE deleted_at IS NOT NULL;