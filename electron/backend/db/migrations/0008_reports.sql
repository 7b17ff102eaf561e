CREATE TABLE `report_archive` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`convention_id` integer NOT NULL,
	`kind` text NOT NULL,
	`year_index` integer,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`content` blob NOT NULL,
	`figures` text NOT NULL,
	`draft` integer NOT NULL,
	`missing` text NOT NULL,
	`generated_at` text NOT NULL,
	`generated_by` text NOT NULL,
	FOREIGN KEY (`convention_id`) REFERENCES `conventions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `report_archive_convention_idx` ON `report_archive` (`convention_id`);--> statement-breakpoint
CREATE TABLE `report_narratives` (
	`convention_id` integer NOT NULL,
	`year_index` integer NOT NULL,
	`section` text NOT NULL,
	`text` text NOT NULL,
	PRIMARY KEY(`convention_id`, `year_index`, `section`),
	FOREIGN KEY (`convention_id`) REFERENCES `conventions`(`id`) ON UPDATE no action ON DELETE cascade
);
