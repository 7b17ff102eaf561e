/** The default indicator catalogue (resources/catalogue) given to every new convention. */
import catalogue from '../../../resources/catalogue/indicators.json';
import type { IndicatorUnit } from '../../../shared/domain/referenceLists';
import type { MutationContext } from '../context';
import { indicatorDefinitions } from '../db/schema';

export interface CatalogueEntry {
  code: string;
  label: string;
  unit: IndicatorUnit;
  source: string;
  computed: boolean;
}

export const defaultCatalogue: readonly CatalogueEntry[] = catalogue.indicators as CatalogueEntry[];

export function seedIndicatorCatalogue(ctx: MutationContext, conventionId: number): void {
  defaultCatalogue.forEach((entry, position) => {
    ctx.db
      .insert(indicatorDefinitions)
      .values({ conventionId, position, active: true, ...entry })
      .run();
  });
  ctx.audit.created('indicateurs', conventionId, conventionId, {
    catalogue: `${defaultCatalogue.length} indicateurs par défaut`,
  });
}
