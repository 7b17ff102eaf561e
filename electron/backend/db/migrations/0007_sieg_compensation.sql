CREATE TABLE `contribution_payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`convention_id` integer NOT NULL,
	`year_index` integer NOT NULL,
	`kind` text NOT NULL,
	`expected_on` text NOT NULL,
	`expected_cents` integer NOT NULL,
	`received_on` text,
	`received_cents` integer,
	`note` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`convention_id`) REFERENCES `conventions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contribution_payments_convention_idx` ON `contribution_payments` (`convention_id`);--> statement-breakpoint
CREATE TABLE `de_minimis_aids` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`convention_id` integer NOT NULL,
	`grantor` text NOT NULL,
	`granted_on` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`regulation` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`convention_id`) REFERENCES `conventions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `de_minimis_aids_convention_idx` ON `de_minimis_aids` (`convention_id`);--> statement-breakpoint
CREATE TABLE `public_supports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`convention_id` integer NOT NULL,
	`year_index` integer NOT NULL,
	`kind` text NOT NULL,
	`funder` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`evidence` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`convention_id`) REFERENCES `conventions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `public_supports_convention_idx` ON `public_supports` (`convention_id`);--> statement-breakpoint
ALTER TABLE `conventions` ADD `oc_netting` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `conventions` ADD `oc_average_over` text DEFAULT 'period' NOT NULL;--> statement-breakpoint
ALTER TABLE `conventions` ADD `control_period_years` integer DEFAULT 3 NOT NULL;