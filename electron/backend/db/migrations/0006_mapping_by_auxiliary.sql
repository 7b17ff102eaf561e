PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_account_mappings` (
	`convention_id` integer NOT NULL,
	`chart_version` text NOT NULL,
	`prefix` text NOT NULL,
	`auxiliary` text DEFAULT '' NOT NULL,
	`row` text NOT NULL,
	PRIMARY KEY(`convention_id`, `chart_version`, `prefix`, `auxiliary`),
	FOREIGN KEY (`convention_id`) REFERENCES `conventions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_account_mappings`("convention_id", "chart_version", "prefix", "auxiliary", "row") SELECT "convention_id", "chart_version", "prefix", '', "row" FROM `account_mappings`;--> statement-breakpoint
DROP TABLE `account_mappings`;--> statement-breakpoint
ALTER TABLE `__new_account_mappings` RENAME TO `account_mappings`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
ALTER TABLE `ledger_lines` ADD `comp_aux_lib` text DEFAULT '' NOT NULL;