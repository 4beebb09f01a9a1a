CREATE TABLE `fsm_counts` (
	`company_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`company_id`, `kind`, `status`)
);
--> statement-breakpoint
CREATE TABLE `fsm_customers` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`company_id` text NOT NULL,
	`name` text NOT NULL,
	`email` text,
	`phone` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by` text,
	`updated_by` text,
	`deleted_at` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fsm_customers_id_unique` ON `fsm_customers` (`id`);--> statement-breakpoint
CREATE INDEX `fsm_customers_company_created_idx` ON `fsm_customers` (`company_id`,`created_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `fsm_customers_company_updated_idx` ON `fsm_customers` (`company_id`,`updated_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `fsm_customers_company_name_idx` ON `fsm_customers` (`company_id`,`name`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE TABLE `fsm_jobs` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`company_id` text NOT NULL,
	`number` integer NOT NULL,
	`customer_id` text NOT NULL,
	`site_id` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`required_skills` text NOT NULL,
	`duration_min` integer NOT NULL,
	`priority` text DEFAULT 'medium' NOT NULL,
	`status` text DEFAULT 'unscheduled' NOT NULL,
	`source_work_order_id` text,
	`version` integer DEFAULT 1 NOT NULL,
	`write_token` text,
	`completed_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by` text,
	`updated_by` text,
	`deleted_at` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fsm_jobs_id_unique` ON `fsm_jobs` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `fsm_jobs_company_number_uq` ON `fsm_jobs` (`company_id`,`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `fsm_jobs_source_wo_uq` ON `fsm_jobs` (`company_id`,`source_work_order_id`) WHERE deleted_at IS NULL AND source_work_order_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `fsm_jobs_company_created_idx` ON `fsm_jobs` (`company_id`,`created_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `fsm_jobs_company_updated_idx` ON `fsm_jobs` (`company_id`,`updated_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `fsm_jobs_company_status_idx` ON `fsm_jobs` (`company_id`,`status`,`created_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `fsm_jobs_customer_idx` ON `fsm_jobs` (`customer_id`,`created_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `fsm_jobs_site_idx` ON `fsm_jobs` (`site_id`,`created_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE TABLE `fsm_sites` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`name` text NOT NULL,
	`address` text NOT NULL,
	`lat` real,
	`lng` real,
	`access_notes` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by` text,
	`updated_by` text,
	`deleted_at` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `fsm_sites_customer_created_idx` ON `fsm_sites` (`customer_id`,`created_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `fsm_sites_customer_name_idx` ON `fsm_sites` (`customer_id`,`name`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE TABLE `fsm_technicians` (
	`user_id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`skills` text NOT NULL,
	`shifts` text NOT NULL,
	`home_lat` real,
	`home_lng` real,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by` text,
	`updated_by` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `fsm_technicians_company_idx` ON `fsm_technicians` (`company_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `fsm_visit_technicians` (
	`user_id` text NOT NULL,
	`start_at` text NOT NULL,
	`visit_id` text NOT NULL,
	`company_id` text NOT NULL,
	PRIMARY KEY(`user_id`, `start_at`, `visit_id`)
);
--> statement-breakpoint
CREATE INDEX `fsm_visit_technicians_visit_idx` ON `fsm_visit_technicians` (`visit_id`);--> statement-breakpoint
CREATE TABLE `fsm_visits` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`job_id` text NOT NULL,
	`technician_ids` text NOT NULL,
	`start_at` text NOT NULL,
	`end_at` text NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`status_times` text NOT NULL,
	`history` text NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`checklist` text NOT NULL,
	`signature` text,
	`customer_token` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`write_token` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by` text,
	`updated_by` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fsm_visits_customer_token_uq` ON `fsm_visits` (`customer_token`);--> statement-breakpoint
CREATE INDEX `fsm_visits_company_start_idx` ON `fsm_visits` (`company_id`,`start_at`);--> statement-breakpoint
CREATE INDEX `fsm_visits_job_status_idx` ON `fsm_visits` (`job_id`,`status`);--> statement-breakpoint
ALTER TABLE `cmms_workorders` ADD `write_token` text;