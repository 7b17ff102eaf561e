CREATE TABLE `allocation_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`convention_id` integer NOT NULL,
	`year_index` integer NOT NULL,
	`label` text NOT NULL,
	`basis` text NOT NULL,
	`sieg_quantity` real NOT NULL,
	`total_quantity` real NOT NULL,
	`evidence` text NOT NULL,
	`rows` text NOT NULL,
	FOREIGN KEY (`convention_id`) REFERENCES `conventions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `analytic_codes` (
	`convention_id` integer NOT NULL,
	`code` text NOT NULL,
	`axis` text NOT NULL,
	PRIMARY KEY(`convention_id`, `code`),
	FOREIGN KEY (`convention_id`) REFERENCES `conventions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `analytic_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`convention_id` integer NOT NULL,
	`kind` text NOT NULL,
	`value` text NOT NULL,
	`axis` text NOT NULL,
	FOREIGN KEY (`convention_id`) REFERENCES `conventions`(`id`) ON UPDATE no action ON DELETE cascade
);
