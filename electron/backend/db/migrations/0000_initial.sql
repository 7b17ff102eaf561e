CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`user` text NOT NULL,
	`convention_id` integer,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`action` text NOT NULL,
	`field` text,
	`old_value` text,
	`new_value` text
);
--> statement-breakpoint
CREATE INDEX `audit_convention_idx` ON `audit_log` (`convention_id`,`id`);--> statement-breakpoint
CREATE TABLE `avenant_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`avenant_id` integer NOT NULL,
	`kind` text NOT NULL,
	`indicator_id` integer,
	`year_index` integer NOT NULL,
	`value` real,
	`amount_cents` integer,
	FOREIGN KEY (`avenant_id`) REFERENCES `avenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`indicator_id`) REFERENCES `indicator_definitions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `avenant_changes_avenant_idx` ON `avenant_changes` (`avenant_id`);--> statement-breakpoint
CREATE TABLE `avenants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`convention_id` integer NOT NULL,
	`number` integer NOT NULL,
	`signed_on` text NOT NULL,
	`effective_from` text NOT NULL,
	`object` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`convention_id`) REFERENCES `conventions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `avenant_number_unique` ON `avenants` (`convention_id`,`number`);--> statement-breakpoint
CREATE TABLE `co_holders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`convention_id` integer NOT NULL,
	`name` text NOT NULL,
	`siret` text DEFAULT '' NOT NULL,
	`is_lead` integer DEFAULT false NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`convention_id`) REFERENCES `conventions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `conventions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`operator_id` integer NOT NULL,
	`reference` text NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`dreets_region` text NOT NULL,
	`signed_on` text,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`fiscal_year_end` text NOT NULL,
	`regime` text NOT NULL,
	`reasonable_profit_bp` integer DEFAULT 0 NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conventions_reference_unique` ON `conventions` (`reference`);--> statement-breakpoint
CREATE INDEX `conventions_operator_idx` ON `conventions` (`operator_id`);--> statement-breakpoint
CREATE TABLE `indicator_definitions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`convention_id` integer NOT NULL,
	`code` text NOT NULL,
	`label` text NOT NULL,
	`unit` text NOT NULL,
	`source` text DEFAULT '' NOT NULL,
	`computed` integer DEFAULT false NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`convention_id`) REFERENCES `conventions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `indicator_code_unique` ON `indicator_definitions` (`convention_id`,`code`);--> statement-breakpoint
CREATE TABLE `indicator_targets` (
	`indicator_id` integer NOT NULL,
	`year_index` integer NOT NULL,
	`value` real NOT NULL,
	PRIMARY KEY(`indicator_id`, `year_index`),
	FOREIGN KEY (`indicator_id`) REFERENCES `indicator_definitions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `operators` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`legal_form` text NOT NULL,
	`siret` text NOT NULL,
	`rna` text DEFAULT '' NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`postal_code` text DEFAULT '' NOT NULL,
	`city` text DEFAULT '' NOT NULL,
	`representative_name` text NOT NULL,
	`representative_role` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `operators_siret_unique` ON `operators` (`siret`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `state_contributions` (
	`convention_id` integer NOT NULL,
	`year_index` integer NOT NULL,
	`amount_cents` integer NOT NULL,
	PRIMARY KEY(`convention_id`, `year_index`),
	FOREIGN KEY (`convention_id`) REFERENCES `conventions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `territories` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`convention_id` integer NOT NULL,
	`insee_code` text NOT NULL,
	`commune` text NOT NULL,
	`qpv` integer DEFAULT false NOT NULL,
	`zrr` integer DEFAULT false NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`convention_id`) REFERENCES `conventions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `territories_unique` ON `territories` (`convention_id`,`insee_code`);--> statement-breakpoint
CREATE TABLE `convention_volets` (
	`convention_id` integer NOT NULL,
	`number` integer NOT NULL,
	`label` text NOT NULL,
	`covered` integer NOT NULL,
	PRIMARY KEY(`convention_id`, `number`),
	FOREIGN KEY (`convention_id`) REFERENCES `conventions`(`id`) ON UPDATE no action ON DELETE cascade
);
