CREATE TABLE `webhook_due` (
	`endpoint_id` text NOT NULL,
	`event_id` text NOT NULL,
	`company_id` text NOT NULL,
	`state` text DEFAULT 'due' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`replay` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`endpoint_id`, `event_id`)
);
--> statement-breakpoint
CREATE INDEX `webhook_due_overdue_idx` ON `webhook_due` (`next_attempt_at`) WHERE state = 'due';--> statement-breakpoint
ALTER TABLE `events` ADD `processed_at` text;--> statement-breakpoint
ALTER TABLE `events` ADD `dead_at` text;--> statement-breakpoint
CREATE INDEX `events_unprocessed_idx` ON `events` (`created_at`) WHERE processed_at IS NULL AND dead_at IS NULL;--> statement-breakpoint
CREATE INDEX `events_dead_idx` ON `events` (`dead_at`) WHERE dead_at IS NOT NULL;--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `error_kind` text;--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `next_retry_at` text;--> statement-breakpoint
-- Events sent before this migration count as processed (the old definition of done), so the new re-send does not
-- replay history; unsent ones stay unprocessed and are sent by the cron as before.
UPDATE `events` SET `processed_at` = `sent_at` WHERE `processed_at` IS NULL AND `sent_at` IS NOT NULL;
