CREATE TABLE `barriers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`category` text NOT NULL,
	`identified_on` text NOT NULL,
	`lifted_on` text,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `barriers_person_idx` ON `barriers` (`person_id`);--> statement-breakpoint
CREATE TABLE `coordination_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`convention_id` integer NOT NULL,
	`date` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`decisions` text DEFAULT '' NOT NULL,
	`partner_ids` text DEFAULT '[]' NOT NULL,
	FOREIGN KEY (`convention_id`) REFERENCES `conventions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `coordination_convention_date_idx` ON `coordination_events` (`convention_id`,`date`);--> statement-breakpoint
CREATE TABLE `import_mappings` (
	`convention_id` integer NOT NULL,
	`kind` text NOT NULL,
	`mapping` text NOT NULL,
	PRIMARY KEY(`convention_id`, `kind`),
	FOREIGN KEY (`convention_id`) REFERENCES `conventions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `manual_indicator_values` (
	`indicator_id` integer NOT NULL,
	`year_index` integer NOT NULL,
	`value` real NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	PRIMARY KEY(`indicator_id`, `year_index`),
	FOREIGN KEY (`indicator_id`) REFERENCES `indicator_definitions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `outreach_contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`convention_id` integer NOT NULL,
	`date` text NOT NULL,
	`channel` text NOT NULL,
	`commune` text DEFAULT '' NOT NULL,
	`insee_code` text DEFAULT '' NOT NULL,
	`qpv` integer DEFAULT false NOT NULL,
	`zrr` integer DEFAULT false NOT NULL,
	`count` integer DEFAULT 1 NOT NULL,
	`volet` integer DEFAULT 1 NOT NULL,
	`staff` text DEFAULT '' NOT NULL,
	`person_id` integer,
	FOREIGN KEY (`convention_id`) REFERENCES `conventions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `outreach_convention_date_idx` ON `outreach_contacts` (`convention_id`,`date`);--> statement-breakpoint
CREATE TABLE `partners` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`convention_id` integer NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`commune` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`convention_id`) REFERENCES `conventions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `pathways` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`identified_on` text,
	`identification_channel` text,
	`remobilisation_start` text,
	`accompaniment_start` text,
	`planned_end` text,
	`extended_until` text,
	`extension_reason` text DEFAULT '' NOT NULL,
	`exit_date` text,
	`exit_type` text,
	`exit_partner` text DEFAULT '' NOT NULL,
	`follow_up_date` text,
	`follow_up_situation` text,
	`referent` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pathways_person_unique` ON `pathways` (`person_id`);--> statement-breakpoint
CREATE TABLE `person_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`type` text NOT NULL,
	`date` text NOT NULL,
	`minutes` integer DEFAULT 0 NOT NULL,
	`volet` integer NOT NULL,
	`staff` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `actions_person_date_idx` ON `person_actions` (`person_id`,`date`);--> statement-breakpoint
CREATE TABLE `person_identities` (
	`person_id` integer PRIMARY KEY NOT NULL,
	`last_name` text DEFAULT '' NOT NULL,
	`first_name` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `persons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`convention_id` integer NOT NULL,
	`file_number` text NOT NULL,
	`sex` text,
	`birth_year` integer,
	`commune` text DEFAULT '' NOT NULL,
	`insee_code` text DEFAULT '' NOT NULL,
	`qpv` integer DEFAULT false NOT NULL,
	`qpv_name` text DEFAULT '' NOT NULL,
	`zrr` integer DEFAULT false NOT NULL,
	`eligibility_ground` text,
	`last_referent_contact` text,
	`situation_flags` text DEFAULT '[]' NOT NULL,
	`anonymised_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`convention_id`) REFERENCES `conventions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `persons_file_number_unique` ON `persons` (`convention_id`,`file_number`);--> statement-breakpoint
CREATE TABLE `privacy_register` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`convention_id` integer,
	`at` text NOT NULL,
	`user` text NOT NULL,
	`kind` text NOT NULL,
	`file_number` text DEFAULT '' NOT NULL,
	`details` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`convention_id`) REFERENCES `conventions`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
ALTER TABLE `conventions` ADD `retention_months` integer DEFAULT 24 NOT NULL;--> statement-breakpoint
ALTER TABLE `conventions` ADD `small_cell_threshold` integer DEFAULT 5 NOT NULL;