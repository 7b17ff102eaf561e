/**
 * Who and what a document is about — the operator and the convention as every report's
 * cover and presentation print them — read once for the three documents.
 */
import type { ConventionDetail } from '../../../../shared/contract/conventions';
import { dreetsName } from '../../../../shared/domain/activityFigures';
import { formatSiret } from '../../../../shared/format';
import type { ConventionInfo, OperatorInfo } from '../../reports';

export function reportParties(detail: ConventionDetail): {
  operator: OperatorInfo;
  convention: ConventionInfo;
} {
  const { operator } = detail;
  const town = [operator.postalCode, operator.city].filter(Boolean).join(' ');
  return {
    operator: {
      name: operator.name,
      siret: formatSiret(operator.siret),
      address: [operator.address, town].filter(Boolean).join(', '),
    },
    convention: {
      reference: detail.reference,
      title: detail.title,
      dreetsRegion: dreetsName(detail.dreetsRegion),
      startDate: detail.startDate,
      endDate: detail.endDate,
      volets: detail.volets
        .filter((volet) => volet.covered)
        .map((volet) => ({ number: volet.number, label: volet.label })),
      territories: detail.territories.map((territory) => ({
        name: territory.commune,
        inseeCode: territory.inseeCode,
        qpv: territory.qpv,
        zrr: territory.zrr,
      })),
      coHolders: detail.coHolders.map((holder) => ({
        name: holder.name,
        ...(holder.siret ? { siret: formatSiret(holder.siret) } : {}),
        chefDeFile: holder.isLead,
      })),
    },
  };
}
