CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`company_id` text NOT NULL,
	`type` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`data` text NOT NULL,
	`group_key` text NOT NULL,
	`count` integer DEFAULT 1 NOT NULL,
	`last_event_id` text NOT NULL,
	`read_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_unread_group_uq` ON `notifications` (`user_id`,`group_key`) WHERE read_at IS NULL;--> statement-breakpoint
CREATE INDEX `notifications_user_updated_idx` ON `notifications` (`user_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `notifications_user_unread_idx` ON `notifications` (`user_id`,`read_at`,`updated_at`);--> statement-breakpoint
CREATE TABLE `dead_letters` (
	`id` text PRIMARY KEY NOT NULL,
	`queue` text NOT NULL,
	`message_id` text NOT NULL,
	`body` text NOT NULL,
	`event_id` text,
	`event_type` text,
	`attempts` integer NOT NULL,
	`created_at` text NOT NULL,
	`redriven_at` text,
	`redriven_by` text
);
--> statement-breakpoint
CREATE INDEX `dead_letters_created_idx` ON `dead_letters` (`created_at`);--> statement-breakpoint
CREATE INDEX `dead_letters_event_idx` ON `dead_letters` (`event_id`);--> statement-breakpoint
CREATE TABLE `processed_events` (
	`handler` text NOT NULL,
	`event_id` text NOT NULL,
	`processed_at` text NOT NULL,
	PRIMARY KEY(`handler`, `event_id`)
);
--> statement-breakpoint
CREATE INDEX `processed_events_time_idx` ON `processed_events` (`processed_at`);