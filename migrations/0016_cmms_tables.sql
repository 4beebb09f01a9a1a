CREATE TABLE `cmms_assets` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`company_id` text NOT NULL,
	`name` text NOT NULL,
	`code` text NOT NULL,
	`category` text,
	`location_id` text,
	`parent_id` text,
	`serial_number` text,
	`criticality` text DEFAULT 'medium' NOT NULL,
	`status` text DEFAULT 'operational' NOT NULL,
	`request_token` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by` text,
	`updated_by` text,
	`deleted_at` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cmms_assets_id_unique` ON `cmms_assets` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `cmms_assets_company_code_uq` ON `cmms_assets` (`company_id`,`code`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `cmms_assets_request_token_uq` ON `cmms_assets` (`request_token`);--> statement-breakpoint
CREATE INDEX `cmms_assets_company_created_idx` ON `cmms_assets` (`company_id`,`created_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `cmms_assets_company_name_idx` ON `cmms_assets` (`company_id`,`name`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `cmms_assets_company_status_idx` ON `cmms_assets` (`company_id`,`status`,`created_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `cmms_assets_location_idx` ON `cmms_assets` (`location_id`,`created_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `cmms_assets_parent_idx` ON `cmms_assets` (`parent_id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE TABLE `cmms_counts` (
	`company_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`company_id`, `kind`, `status`)
);
--> statement-breakpoint
CREATE TABLE `cmms_downtimes` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`asset_id` text NOT NULL,
	`started_at` text NOT NULL,
	`ended_at` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cmms_downtimes_open_uq` ON `cmms_downtimes` (`asset_id`) WHERE ended_at IS NULL;--> statement-breakpoint
CREATE INDEX `cmms_downtimes_asset_started_idx` ON `cmms_downtimes` (`asset_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `cmms_downtimes_company_started_idx` ON `cmms_downtimes` (`company_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `cmms_downtimes_company_ended_idx` ON `cmms_downtimes` (`company_id`,`ended_at`);--> statement-breakpoint
CREATE TABLE `cmms_locations` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`name` text NOT NULL,
	`parent_id` text,
	`address` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by` text,
	`updated_by` text,
	`deleted_at` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cmms_locations_company_name_idx` ON `cmms_locations` (`company_id`,`name`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `cmms_locations_company_created_idx` ON `cmms_locations` (`company_id`,`created_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `cmms_locations_parent_idx` ON `cmms_locations` (`parent_id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE TABLE `cmms_meters` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`asset_id` text NOT NULL,
	`name` text NOT NULL,
	`unit` text NOT NULL,
	`kind` text DEFAULT 'cumulative' NOT NULL,
	`last_reading` real,
	`last_read_at` text,
	`reading_count` integer DEFAULT 0 NOT NULL,
	`write_token` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by` text,
	`updated_by` text,
	`deleted_at` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cmms_meters_asset_idx` ON `cmms_meters` (`asset_id`,`created_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE TABLE `cmms_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`work_order_id` text NOT NULL,
	`author_id` text NOT NULL,
	`author_company_id` text NOT NULL,
	`body` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cmms_notes_wo_idx` ON `cmms_notes` (`work_order_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `cmms_part_uses` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`work_order_id` text NOT NULL,
	`part_id` text NOT NULL,
	`quantity` integer NOT NULL,
	`unit_cost` integer NOT NULL,
	`currency` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cmms_part_uses_wo_idx` ON `cmms_part_uses` (`work_order_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `cmms_part_uses_part_idx` ON `cmms_part_uses` (`part_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `cmms_parts` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`name` text NOT NULL,
	`sku` text,
	`stock` integer DEFAULT 0 NOT NULL,
	`min_stock` integer DEFAULT 0 NOT NULL,
	`unit_cost` integer DEFAULT 0 NOT NULL,
	`currency` text NOT NULL,
	`write_token` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by` text,
	`updated_by` text,
	`deleted_at` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cmms_parts_company_sku_uq` ON `cmms_parts` (`company_id`,`sku`) WHERE deleted_at IS NULL AND sku IS NOT NULL;--> statement-breakpoint
CREATE INDEX `cmms_parts_company_name_idx` ON `cmms_parts` (`company_id`,`name`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `cmms_parts_company_created_idx` ON `cmms_parts` (`company_id`,`created_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE TABLE `cmms_readings` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`meter_id` text NOT NULL,
	`value` real NOT NULL,
	`read_at` text NOT NULL,
	`source` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cmms_readings_meter_read_idx` ON `cmms_readings` (`meter_id`,`read_at`);--> statement-breakpoint
CREATE TABLE `cmms_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`asset_id` text,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`requester_name` text NOT NULL,
	`requester_email` text,
	`requester_id` text,
	`status` text DEFAULT 'new' NOT NULL,
	`decline_reason` text,
	`work_order_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by` text,
	`updated_by` text,
	`deleted_at` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cmms_requests_company_status_idx` ON `cmms_requests` (`company_id`,`status`,`created_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `cmms_requests_company_created_idx` ON `cmms_requests` (`company_id`,`created_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `cmms_requests_requester_idx` ON `cmms_requests` (`requester_id`,`created_at`) WHERE deleted_at IS NULL AND requester_id IS NOT NULL;--> statement-breakpoint
CREATE TABLE `cmms_schedules` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`asset_id` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`checklist` text NOT NULL,
	`priority` text DEFAULT 'medium' NOT NULL,
	`assignee_ids` text NOT NULL,
	`every_days` integer,
	`every_meter_units` real,
	`meter_id` text,
	`basis` text DEFAULT 'schedule' NOT NULL,
	`lead_days` integer DEFAULT 0 NOT NULL,
	`next_due_at` text,
	`next_due_meter` real,
	`generate_at` text,
	`active` integer DEFAULT true NOT NULL,
	`cycle` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`awaiting_work_order_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by` text,
	`updated_by` text,
	`deleted_at` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cmms_schedules_company_created_idx` ON `cmms_schedules` (`company_id`,`created_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `cmms_schedules_company_due_idx` ON `cmms_schedules` (`company_id`,`next_due_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `cmms_schedules_asset_idx` ON `cmms_schedules` (`asset_id`,`created_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `cmms_schedules_meter_idx` ON `cmms_schedules` (`meter_id`) WHERE deleted_at IS NULL AND active = 1 AND meter_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `cmms_schedules_generate_idx` ON `cmms_schedules` (`generate_at`) WHERE deleted_at IS NULL AND active = 1 AND generate_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX `cmms_schedules_awaiting_idx` ON `cmms_schedules` (`awaiting_work_order_id`) WHERE awaiting_work_order_id IS NOT NULL;--> statement-breakpoint
CREATE TABLE `cmms_time_logs` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`work_order_id` text NOT NULL,
	`user_id` text NOT NULL,
	`user_company_id` text NOT NULL,
	`minutes` integer NOT NULL,
	`note` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cmms_time_logs_wo_idx` ON `cmms_time_logs` (`work_order_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `cmms_workorder_assignees` (
	`user_id` text NOT NULL,
	`work_order_seq` integer NOT NULL,
	`company_id` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`user_id`, `work_order_seq`)
);
--> statement-breakpoint
CREATE INDEX `cmms_workorder_assignees_wo_idx` ON `cmms_workorder_assignees` (`work_order_seq`);--> statement-breakpoint
CREATE TABLE `cmms_workorders` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`company_id` text NOT NULL,
	`number` integer NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`asset_id` text,
	`location_id` text,
	`priority` text DEFAULT 'medium' NOT NULL,
	`type` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`on_hold_reason` text,
	`cancel_reason` text,
	`assignee_ids` text NOT NULL,
	`contractor_company_id` text,
	`due_at` text,
	`checklist` text NOT NULL,
	`schedule_id` text,
	`due_cycle` integer,
	`request_id` text,
	`started_at` text,
	`completed_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by` text,
	`updated_by` text,
	`deleted_at` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cmms_workorders_id_unique` ON `cmms_workorders` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `cmms_workorders_company_number_uq` ON `cmms_workorders` (`company_id`,`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `cmms_workorders_schedule_cycle_uq` ON `cmms_workorders` (`schedule_id`,`due_cycle`) WHERE schedule_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `cmms_workorders_request_uq` ON `cmms_workorders` (`request_id`) WHERE request_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `cmms_workorders_company_created_idx` ON `cmms_workorders` (`company_id`,`created_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `cmms_workorders_company_updated_idx` ON `cmms_workorders` (`company_id`,`updated_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `cmms_workorders_company_due_idx` ON `cmms_workorders` (`company_id`,`due_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `cmms_workorders_company_status_idx` ON `cmms_workorders` (`company_id`,`status`,`created_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `cmms_workorders_company_status_due_idx` ON `cmms_workorders` (`company_id`,`status`,`due_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `cmms_workorders_company_type_due_idx` ON `cmms_workorders` (`company_id`,`type`,`due_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `cmms_workorders_asset_idx` ON `cmms_workorders` (`asset_id`,`created_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `cmms_workorders_contractor_idx` ON `cmms_workorders` (`contractor_company_id`,`created_at`) WHERE deleted_at IS NULL AND contractor_company_id IS NOT NULL;