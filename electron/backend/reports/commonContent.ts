/** The parts every report shares: cover lines, the convention's presentation, the draft mark. */
import { formatDate, formatLongDate } from '../../../shared/format';
import type { Block, ReportContent } from './content';
import { heading, keyValueTable } from './content';
import type { Attestation, ReportBase } from './model';

export function coverLines(model: ReportBase, period: [string, string][]): [string, string][] {
  return [
    ['Organisme', model.operator.name],
    ['SIRET', model.operator.siret],
    ['Convention', model.convention.reference],
    ...period,
    ['Service instructeur', model.convention.dreetsRegion],
    ['Document établi le', formatLongDate(model.generatedOn)],
  ];
}

export function draftOf(model: ReportBase): ReportContent['draft'] {
  return model.draft ? { missingItems: [...model.missingItems] } : null;
}

export function headerOf(model: ReportBase): ReportContent['header'] {
  return {
    operatorName: model.operator.name,
    conventionReference: model.convention.reference,
  };
}

/** "Présentation de la convention": identity, volets, territories, co-holders. */
export function conventionBlocks(model: ReportBase, periodLabel: string, period: string): Block[] {
  const { operator, convention } = model;
  const blocks: Block[] = [
    heading(1, 'Présentation de la convention'),
    keyValueTable('identite', 'Identification', [
      ['Organisme', operator.name],
      ['SIRET', operator.siret],
      ['Adresse', operator.address],
      ['Référence de la convention', convention.reference],
      ['Intitulé', convention.title],
      ['Service instructeur', convention.dreetsRegion],
      [
        'Durée de la convention',
        `du ${formatDate(convention.startDate)} au ${formatDate(convention.endDate)}`,
      ],
      [periodLabel, period],
    ]),
  ];
  if (convention.volets.length > 0) {
    blocks.push(heading(2, 'Volets mis en œuvre'), {
      kind: 'bullets',
      items: convention.volets.map((volet) => `Volet ${volet.number} : ${volet.label}`),
    });
  }
  if (convention.territories.length > 0) {
    blocks.push(heading(2, "Territoires d'intervention"), {
      kind: 'table',
      id: 'territoires',
      title: "Territoires d'intervention",
      columns: [
        { label: 'Territoire', align: 'left', weight: 4 },
        { label: 'Code INSEE', align: 'center', weight: 2 },
        { label: 'QPV', align: 'center', weight: 1 },
        { label: 'ZRR', align: 'center', weight: 1 },
      ],
      rows: convention.territories.map((territory) => ({
        cells: [
          territory.name,
          territory.inseeCode ?? '—',
          territory.qpv ? 'oui' : 'non',
          territory.zrr ? 'oui' : 'non',
        ],
      })),
    });
  }
  if (convention.coHolders.length > 0) {
    blocks.push(heading(2, 'Structures co-porteuses'), {
      kind: 'table',
      id: 'coporteurs',
      title: 'Structures co-porteuses',
      columns: [
        { label: 'Structure', align: 'left', weight: 4 },
        { label: 'SIRET', align: 'center', weight: 2 },
        { label: 'Rôle', align: 'left', weight: 2 },
      ],
      rows: convention.coHolders.map((holder) => ({
        cells: [
          holder.name,
          holder.siret ?? '—',
          holder.chefDeFile ? 'Chef de file' : 'Co-porteur',
        ],
      })),
    });
  }
  return blocks;
}

/** The signed attestation of the legal representative, with room for the signature. */
/** A title inside a sentence: « Présidente » → « présidente » (an acronym stays as typed). */
function lowerFirst(text: string): string {
  const trimmed = text.trim();
  if (/^\p{Lu}{2}/u.test(trimmed)) return trimmed;
  return trimmed.charAt(0).toLocaleLowerCase('fr-FR') + trimmed.slice(1);
}

export function attestationBlocks(
  model: ReportBase,
  attestation: Attestation,
  statement: string,
): Block[] {
  return [
    // The page the legal representative signs stands alone.
    { kind: 'heading', level: 1, text: 'Attestation du représentant légal', newPage: true },
    {
      kind: 'paragraph',
      text:
        `Je soussigné(e) ${attestation.name}, ${lowerFirst(attestation.role)}, agissant en ` +
        `qualité de représentant(e) légal(e) de l’organisme ${model.operator.name}, ${statement}`,
    },
    {
      kind: 'signature',
      lines: [
        `Fait à ${attestation.place}, le ${formatLongDate(attestation.date)}`,
        `${attestation.name}, ${attestation.role}`,
        'Signature et cachet de l’organisme :',
      ],
    },
  ];
}
