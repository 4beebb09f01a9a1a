CREATE TABLE `job_counts` (
	`company_id` text NOT NULL,
	`status` text NOT NULL,
	`is_public` integer NOT NULL,
	`is_internal` integer NOT NULL,
	`is_partners` integer NOT NULL,
	`is_specialized` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`company_id`, `status`, `is_public`, `is_internal`, `is_partners`, `is_specialized`)
);
--> statement-breakpoint
ALTER TABLE `jobs` ADD `company_name` text DEFAULT '' NOT NULL;