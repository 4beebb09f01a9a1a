CREATE TABLE `company_ratings` (
	`company_id` text PRIMARY KEY NOT NULL,
	`rating_sum` integer NOT NULL,
	`rating_count` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `engagements` (
	`id` text PRIMARY KEY NOT NULL,
	`service_id` text NOT NULL,
	`proposal_id` text NOT NULL,
	`client_company_id` text NOT NULL,
	`provider_company_id` text NOT NULL,
	`title` text NOT NULL,
	`price` integer NOT NULL,
	`currency` text NOT NULL,
	`fee_percent` real NOT NULL,
	`fee_amount` integer NOT NULL,
	`net_amount` integer NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`cancel_reason` text,
	`completed_at` text,
	`cancelled_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by` text,
	`updated_by` text,
	FOREIGN KEY (`service_id`) REFERENCES `service_requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proposal_id`) REFERENCES `proposals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`provider_company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `engagements_serviceId_unique` ON `engagements` (`service_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `engagements_proposalId_unique` ON `engagements` (`proposal_id`);--> statement-breakpoint
CREATE INDEX `engagements_client_created_idx` ON `engagements` (`client_company_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `engagements_provider_created_idx` ON `engagements` (`provider_company_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `offerings` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`category` text NOT NULL,
	`price_from` integer,
	`currency` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by` text,
	`updated_by` text,
	`deleted_at` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `offerings_active_created_idx` ON `offerings` (`active`,`created_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `offerings_company_created_idx` ON `offerings` (`company_id`,`created_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `offerings_category_created_idx` ON `offerings` (`category`,`created_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE TABLE `proposals` (
	`id` text PRIMARY KEY NOT NULL,
	`service_id` text NOT NULL,
	`company_id` text NOT NULL,
	`service_company_id` text NOT NULL,
	`price` integer NOT NULL,
	`currency` text NOT NULL,
	`timeline_days` integer NOT NULL,
	`message` text NOT NULL,
	`fee_percent` real NOT NULL,
	`fee_amount` integer NOT NULL,
	`net_amount` integer NOT NULL,
	`status` text DEFAULT 'submitted' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by` text,
	`updated_by` text,
	FOREIGN KEY (`service_id`) REFERENCES `service_requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `proposals_service_company_live_uq` ON `proposals` (`service_id`,`company_id`) WHERE status <> 'withdrawn';--> statement-breakpoint
CREATE INDEX `proposals_service_status_idx` ON `proposals` (`service_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `proposals_company_created_idx` ON `proposals` (`company_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `service_counts` (
	`company_id` text NOT NULL,
	`category` text NOT NULL,
	`status` text NOT NULL,
	`is_public` integer NOT NULL,
	`is_partners` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`company_id`, `category`, `status`, `is_public`, `is_partners`)
);
--> statement-breakpoint
CREATE TABLE `service_requests` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`company_id` text NOT NULL,
	`company_name` text DEFAULT '' NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`category` text NOT NULL,
	`budget_min` integer,
	`budget_max` integer,
	`currency` text NOT NULL,
	`deadline` text,
	`is_public` integer NOT NULL,
	`is_partners` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`proposal_count` integer DEFAULT 0 NOT NULL,
	`awarded_proposal_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by` text,
	`updated_by` text,
	`deleted_at` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `service_requests_id_unique` ON `service_requests` (`id`);--> statement-breakpoint
CREATE INDEX `service_requests_company_created_idx` ON `service_requests` (`company_id`,`created_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `service_requests_public_open_idx` ON `service_requests` (`status`,`created_at`) WHERE deleted_at IS NULL AND is_public = 1;--> statement-breakpoint
CREATE INDEX `service_requests_company_public_open_idx` ON `service_requests` (`company_id`,`is_public`,`status`,`created_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `service_requests_created_idx` ON `service_requests` (`created_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE TABLE `service_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`engagement_id` text NOT NULL,
	`reviewer_company_id` text NOT NULL,
	`reviewee_company_id` text NOT NULL,
	`rating` integer NOT NULL,
	`comment` text,
	`created_at` text NOT NULL,
	`created_by` text,
	FOREIGN KEY (`engagement_id`) REFERENCES `engagements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewer_company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewee_company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "service_reviews_rating_range" CHECK("service_reviews"."rating" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `service_reviews_engagement_reviewer_uq` ON `service_reviews` (`engagement_id`,`reviewer_company_id`);--> statement-breakpoint
CREATE INDEX `service_reviews_reviewee_created_idx` ON `service_reviews` (`reviewee_company_id`,`created_at`);