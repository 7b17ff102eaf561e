CREATE TABLE `fec_imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`convention_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`fiscal_year_end` text NOT NULL,
	`encoding` text NOT NULL,
	`separator` text NOT NULL,
	`lines` integer NOT NULL,
	`entries` integer NOT NULL,
	`kept_lines` integer NOT NULL,
	`total_debit_cents` integer NOT NULL,
	`total_credit_cents` integer NOT NULL,
	`imported_at` text NOT NULL,
	`imported_by` text NOT NULL,
	`replaced_by` integer,
	FOREIGN KEY (`convention_id`) REFERENCES `conventions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `fec_imports_convention_idx` ON `fec_imports` (`convention_id`,`fiscal_year_end`);--> statement-breakpoint
CREATE TABLE `ledger_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`import_id` integer NOT NULL,
	`line_no` integer NOT NULL,
	`journal_code` text NOT NULL,
	`ecriture_num` text NOT NULL,
	`date` text NOT NULL,
	`compte_num` text NOT NULL,
	`compte_lib` text NOT NULL,
	`comp_aux_num` text NOT NULL,
	`piece_ref` text NOT NULL,
	`ecriture_lib` text NOT NULL,
	`debit_cents` integer NOT NULL,
	`credit_cents` integer NOT NULL,
	`analytic` text NOT NULL,
	`extras` text,
	FOREIGN KEY (`import_id`) REFERENCES `fec_imports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ledger_lines_import_account_idx` ON `ledger_lines` (`import_id`,`compte_num`);