/**
 * After the list, every skipped test with the reason it gave (`test.skip(condition, reason)`),
 * so a skip in CI is never silent: the list reporter alone only counts them. A skip without a
 * reason is printed as such, to be given one.
 */
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SkipReasons implements Reporter {
  private readonly skipped: { title: string; reason: string }[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reason = test.annotations.find((annotation) => annotation.type === 'skip')?.description;
    this.skipped.push({
      title: `${test.location.file.split('/').slice(-1)[0]} › ${test.title}`,
      reason: reason?.trim() || 'AUCUNE RAISON DONNÉE',
    });
  }

  onEnd(): void {
    for (const { title, reason } of this.skipped) console.log(`Ignoré : ${title} — ${reason}`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
