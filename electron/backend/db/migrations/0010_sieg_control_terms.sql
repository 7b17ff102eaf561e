CREATE TABLE `compensation_amendments` (
	`avenant_id` integer PRIMARY KEY NOT NULL,
	`convention_id` integer NOT NULL,
	`reasonable_profit_bp` integer NOT NULL,
	`oc_netting` integer NOT NULL,
	`oc_average_over` text NOT NULL,
	`control_period_years` integer NOT NULL,
	`clause` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`avenant_id`) REFERENCES `avenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`convention_id`) REFERENCES `conventions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `compensation_amendments_convention_idx` ON `compensation_amendments` (`convention_id`);--> statement-breakpoint
ALTER TABLE `conventions` ADD `compensation_clause` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `conventions` ADD `following_convention` text DEFAULT '' NOT NULL;