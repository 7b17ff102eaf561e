CREATE TABLE `account_mappings` (
	`convention_id` integer NOT NULL,
	`chart_version` text NOT NULL,
	`prefix` text NOT NULL,
	`row` text NOT NULL,
	PRIMARY KEY(`convention_id`, `chart_version`, `prefix`),
	FOREIGN KEY (`convention_id`) REFERENCES `conventions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `budget_lines` (
	`convention_id` integer NOT NULL,
	`year_index` integer NOT NULL,
	`row` text NOT NULL,
	`amount_cents` integer NOT NULL,
	PRIMARY KEY(`convention_id`, `year_index`, `row`),
	FOREIGN KEY (`convention_id`) REFERENCES `conventions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `gap_explanations` (
	`convention_id` integer NOT NULL,
	`year_index` integer NOT NULL,
	`row` text NOT NULL,
	`text` text NOT NULL,
	PRIMARY KEY(`convention_id`, `year_index`, `row`),
	FOREIGN KEY (`convention_id`) REFERENCES `conventions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `conventions` ADD `gap_threshold_bp` integer DEFAULT 1500 NOT NULL;--> statement-breakpoint
ALTER TABLE `conventions` ADD `gap_threshold_cents` integer DEFAULT 500000 NOT NULL;