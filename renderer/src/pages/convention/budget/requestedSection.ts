/**
 * A screen elsewhere (the FEC tab's next step) asks the budget tab to open on one part and
 * one year. Kept until the budget tab has mounted with it, then forgotten.
 */
export type BudgetSection = 'budget' | 'correspondance' | 'sieg' | 'prevu-realise';

let requested: { section: BudgetSection; yearIndex: number } | null = null;

export function requestBudgetSection(section: BudgetSection, yearIndex: number): void {
  requested = { section, yearIndex };
}

/** What was asked, if anything (read at mount; cleared by `forgetRequestedSection`). */
export function requestedBudgetSection(): { section: BudgetSection; yearIndex: number } | null {
  return requested;
}

export function forgetRequestedSection(): void {
  requested = null;
}
