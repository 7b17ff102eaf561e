/**
 * The report builders, for the reports service: model → content (pure, where masking and
 * formatting happen) → Word file, CSV or XLSX.
 */
import { buildActivityContent } from './activityContent';
import { buildFinalContent } from './finalContent';
import { buildFinancialContent } from './financialContent';
import type { ActivityReportModel, FinalReportModel, FinancialReportModel } from './model';
import { renderDocx } from './renderDocx';

export { buildActivityContent } from './activityContent';
export { buildFinancialContent } from './financialContent';
export { buildFinalContent } from './finalContent';
export { renderDocx } from './renderDocx';
export { tablesToCsv, tablesToXlsx } from './tableExport';
export type { ReportContent } from './content';
export type * from './model';

export function activityReportDocx(model: ActivityReportModel): Promise<Buffer> {
  return renderDocx(buildActivityContent(model));
}

export function financialReportDocx(model: FinancialReportModel): Promise<Buffer> {
  return renderDocx(buildFinancialContent(model));
}

export function finalReportDocx(model: FinalReportModel): Promise<Buffer> {
  return renderDocx(buildFinalContent(model));
}
