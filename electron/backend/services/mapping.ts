/**
 * The account → CERFA row mapping as the backend reads it: the catalogue of the chart
 * version overridden by the convention's own rules, and the auxiliary account a ledger line
 * is mapped by. Its own module because the budget (budget vs actual) and the SIEG
 * allocation (SIEG costs) both read it, and the allocation is itself read by the budget.
 */
import { and, eq, sql } from 'drizzle-orm';
import mappingCatalogue from '../../../resources/catalogue/cerfa-mapping.json';
import type { ChartVersion, MappingRule } from '../../../shared/domain/cerfa';
import type { Db } from '../db/open';
import { accountMappings, ledgerLines } from '../db/schema';

export function mappingRules(db: Db, conventionId: number, chartVersion: ChartVersion) {
  const catalogue = (mappingCatalogue[chartVersion] as MappingRule[]).map((rule) => ({
    ...rule,
    source: 'catalogue' as const,
  }));
  const own = db
    .select({
      prefix: accountMappings.prefix,
      auxiliary: accountMappings.auxiliary,
      row: accountMappings.row,
    })
    .from(accountMappings)
    .where(
      and(
        eq(accountMappings.conventionId, conventionId),
        eq(accountMappings.chartVersion, chartVersion),
      ),
    )
    .all()
    .map((rule) => ({ ...rule, source: 'convention' as const }));
  const ownPrefixes = new Set(own.filter((rule) => !rule.auxiliary).map((rule) => rule.prefix));
  return [
    ...catalogue
      .filter((rule) => !ownPrefixes.has(rule.prefix))
      .map((rule) => ({ ...rule, auxiliary: '' })),
    ...own,
  ].sort((a, b) => a.prefix.localeCompare(b.prefix) || a.auxiliary.localeCompare(b.auxiliary));
}

/**
 * The auxiliary account a line is mapped by: subsidies only (see splitsByAuxiliary), so
 * SQL groups stay one per account elsewhere.
 */
export const auxiliaryOfLine = sql<string>`case when ${ledgerLines.compteNum} like '74%' then ${ledgerLines.compAuxNum} else '' end`;
