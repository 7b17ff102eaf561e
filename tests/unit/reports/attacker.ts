/**
 * An independent attacker for the small-cell masks: it reads only what the documents print
 * (tables of the .docx as text), knows what a reader of the DREETS knows (a total row is
 * the sum of its rows, the bilan's CPO total is the sum of its years, an exit group is the
 * indicator of the same name, the same figure of the same year is the same in every
 * document), and tries every value a masked cell can take — « < 5 » is 1 to 4, « s » 5 or
 * more, « nd » 0 to 4 — under all those sums at once. A cell with a single possible value is recovered.
 *
 * It shares no code with `shared/domain/smallCells.ts`: a plain enumeration, so that a
 * mistake in the app's search cannot hide itself.
 */
import { tableRows } from './docxXml';

const THRESHOLD = 5;

export type Printed =
  | { kind: 'known'; value: number }
  | { kind: 'small' }
  | { kind: 'secondary' }
  | { kind: 'withheld' };

/** A printed cell as a count of people, or null when it is not one (a %, « — », a text). */
export function readCount(text: string): Printed | null {
  const trimmed = text.trim();
  if (trimmed === `< ${THRESHOLD}`) return { kind: 'small' };
  if (trimmed === 's') return { kind: 'secondary' };
  if (trimmed === 'nd') return { kind: 'withheld' };
  if (/^\d{1,3}([\u00a0\u202f ]\d{3})*$/.test(trimmed))
    return { kind: 'known', value: Number(trimmed.replace(/[^\d]/g, '')) };
  return null;
}

export class Attacker {
  readonly cells = new Map<string, Printed>();
  readonly sums: { total: string; parts: string[] }[] = [];
  /** Shares printed next to a masked count: round(100 × x / total) = percent. */
  readonly shares: { cell: string; total: string; percent: number }[] = [];
  readonly conflicts: string[] = [];
  /** Masked cells for which the attacker's sums allow no value at all (a wrong sum). */
  readonly infeasible: string[] = [];

  see(name: string, text: string): boolean {
    const cell = readCount(text);
    if (!cell) return false;
    const before = this.cells.get(name);
    if (before && JSON.stringify(before) !== JSON.stringify(cell))
      // The same figure printed two ways in two places: the known one wins for the attacker.
      this.conflicts.push(`${name}: ${JSON.stringify(before)} / ${JSON.stringify(cell)}`);
    if (!before || cell.kind === 'known') this.cells.set(name, cell);
    return true;
  }

  sum(total: string, parts: string[]): void {
    if (parts.length === 0 || !this.cells.has(total)) return;
    if (parts.some((part) => !this.cells.has(part))) return;
    this.sums.push({ total, parts });
  }

  /** The masked cells whose every possible value, under all the sums, is one value. */
  recovered(): { name: string; value: number }[] {
    const masked = [...this.cells].filter(([, cell]) => cell.kind !== 'known').map(([n]) => n);
    const known = (name: string) => {
      const cell = this.cells.get(name)!;
      return cell.kind === 'known' ? cell.value : null;
    };
    const maxKnown = Math.max(
      THRESHOLD,
      ...[...this.cells.values()].map((cell) => (cell.kind === 'known' ? cell.value : 0)),
    );
    // Components of masked cells linked by a sum.
    const component = new Map<string, number>();
    let next = 0;
    for (const name of masked) {
      if (component.has(name)) continue;
      const stack = [name];
      component.set(name, next);
      while (stack.length > 0) {
        const current = stack.pop()!;
        for (const sum of this.sums) {
          const members = [sum.total, ...sum.parts];
          if (!members.includes(current)) continue;
          for (const member of members)
            if (known(member) === null && !component.has(member)) {
              component.set(member, next);
              stack.push(member);
            }
        }
      }
      next += 1;
    }
    const result: { name: string; value: number }[] = [];
    for (let c = 0; c < next; c += 1) {
      const vars = masked.filter((name) => component.get(name) === c);
      const sums = this.sums.filter((sum) =>
        [sum.total, ...sum.parts].some((m) => vars.includes(m)),
      );
      // Bounds a reader works out from the sums (a part is at most its total minus the least
      // the other parts can be…), then every value within them is tried.
      const lower = new Map<string, number>();
      const upper = new Map<string, number>();
      for (const name of [...this.cells.keys()]) {
        const cell = this.cells.get(name)!;
        // « < 5 » is 1 to 4, « nd » 0 to 4, « s » 5 or more.
        const [low, high] = {
          known: [cell.kind === 'known' ? cell.value : 0, cell.kind === 'known' ? cell.value : 0],
          small: [1, THRESHOLD - 1],
          withheld: [0, THRESHOLD - 1],
          secondary: [THRESHOLD, Infinity],
        }[cell.kind];
        lower.set(name, low!);
        upper.set(name, high!);
      }
      for (let round = 0; round < 50; round += 1) {
        let changed = false;
        const tighten = (map: Map<string, number>, name: string, value: number, low: boolean) => {
          const before = map.get(name)!;
          if (low ? value > before : value < before) {
            map.set(name, value);
            changed = true;
          }
        };
        for (const { total, parts } of sums) {
          const sumOf = (map: Map<string, number>, except?: string) =>
            parts.reduce((acc, part) => acc + (part === except ? 0 : map.get(part)!), 0);
          tighten(upper, total, sumOf(upper), false);
          tighten(lower, total, sumOf(lower), true);
          for (const part of parts) {
            tighten(upper, part, upper.get(total)! - sumOf(lower, part), false);
            tighten(lower, part, lower.get(total)! - sumOf(upper, part), true);
          }
        }
        if (!changed) break;
      }
      // A cell no sum bounds can take any large value: a few past every figure show it.
      const generous = maxKnown * 2 + THRESHOLD * (vars.length + 1);
      const domains = vars.map((name) => {
        const values: number[] = [];
        const lo = lower.get(name)!;
        const hi = Math.min(upper.get(name)!, generous);
        for (let v = lo; v <= hi; v += 1) {
          const okShares = this.shares
            .filter((share) => share.cell === name && known(share.total) !== null)
            .every((share) => Math.round((100 * v) / known(share.total)!) === share.percent);
          if (okShares) values.push(v);
        }
        return values;
      });
      const seen = vars.map(() => new Set<number>());
      const assigned = new Map<string, number>();
      const valueOf = (name: string) => known(name) ?? assigned.get(name);
      // Every sum must still be possible: the cells not tried yet taken at their least and
      // at their most (a plain check of the sum once all its cells are tried).
      const low = (name: string) => valueOf(name) ?? lower.get(name)!;
      const high = (name: string) => valueOf(name) ?? Math.min(upper.get(name)!, generous);
      const holds = () =>
        sums.every((sum) => {
          const partsLow = sum.parts.reduce((a, part) => a + low(part), 0);
          const partsHigh = sum.parts.reduce((a, part) => a + high(part), 0);
          return low(sum.total) <= partsHigh && high(sum.total) >= partsLow;
        });
      let steps = 0;
      // Cells in the order of the sums that link them, from `start`: a sum is complete, and
      // checked exactly, as early as can be.
      const orderFrom = (start: number) => {
        const order = [start];
        for (let k = 0; k < order.length; k += 1) {
          const name = vars[order[k]!]!;
          for (const sum of sums) {
            const members = [sum.total, ...sum.parts];
            if (!members.includes(name)) continue;
            for (const member of members) {
              const index = vars.indexOf(member);
              if (index >= 0 && !order.includes(index)) order.push(index);
            }
          }
        }
        for (let index = 0; index < vars.length; index += 1)
          if (!order.includes(index)) order.push(index);
        return order;
      };
      /** Tries every value of every cell in turn; true at the first complete solution. */
      const explore = (
        order: readonly number[],
        k: number,
        allowed: (i: number, value: number) => boolean,
      ): boolean => {
        steps += 1;
        if (steps > 50_000_000) throw new Error('attacker: search too long');
        if (k === order.length) {
          vars.forEach((name, i) => seen[i]!.add(assigned.get(name)!));
          return true;
        }
        const index = order[k]!;
        for (const value of domains[index]!) {
          if (!allowed(index, value)) continue;
          assigned.set(vars[index]!, value);
          if (holds() && explore(order, k + 1, allowed)) return true;
        }
        assigned.delete(vars[index]!);
        return false;
      };
      // One solution, then for each cell a solution where it takes another value.
      const found = explore(orderFrom(0), 0, () => true);
      assigned.clear();
      if (!found) this.infeasible.push(...vars);
      else
        vars.forEach((_, target) => {
          if (seen[target]!.size >= 2) return;
          const first = [...seen[target]!][0]!;
          explore(orderFrom(target), 0, (i, value) => i !== target || value !== first);
          assigned.clear();
        });
      vars.forEach((name, i) => {
        if (seen[i]!.size === 1) result.push({ name, value: [...seen[i]!][0]! });
      });
    }
    return result;
  }
}

/** The tables of a document, each as its rows of cell texts. */
export function tablesOf(xml: string): string[][][] {
  return [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((table) => tableRows(table[0]));
}

/** The exit groups of the activity report, named as the indicator that counts them. */
const exitGroupIndicator: Record<string, string> = {
  'Emploi (durable ou de transition)': 'Sorties vers l’emploi',
  'Formation qualifiante': 'Sorties vers une formation qualifiante',
  'Orientation vers le droit commun':
    'Orientations vers le droit commun (France Travail, mission locale, Cap emploi, PLIE, SIAE)',
  'Abandons, pertes de contact, déménagements': 'Abandons, perdus de vue, déménagements',
};

const yearOf = (text: string) => /Année \d+ \(\d{4}\)/.exec(text)?.[0] ?? null;

/** What an activity report tells the attacker. */
export function readActivityReport(attacker: Attacker, xml: string): void {
  const tables = tablesOf(xml);
  const cover = tables.flat().find((row) => row[0] === 'Année');
  const year = cover ? yearOf(cover[1] ?? '') : null;
  if (!year) throw new Error('attacker: no year on the cover');
  for (const rows of tables) {
    const header = rows[0] ?? [];
    if (header[0] === 'Indicateur' && header[1] === 'Réalisé') {
      for (const row of rows.slice(1)) attacker.see(`${year}|${row[0]}`, row[1] ?? '');
    } else if (header.length === 2 && ['Nombre', 'Valeur'].includes(header[1] ?? '')) {
      for (const row of rows.slice(1)) attacker.see(`${year}|${row[0]}`, row[1] ?? '');
    } else if (header[1] === 'Effectif' && header[0] === 'Type de sortie') {
      readExits(attacker, year, rows.slice(1));
    } else if (header[1] === 'Effectif' && rows.at(-1)?.[0] === 'Total') {
      const table = header[0];
      const body = rows.slice(1, -1);
      const names = body.map((row) => `${year}|${table}|${row[0]}`);
      body.forEach((row, index) => attacker.see(names[index]!, row[1] ?? ''));
      const total = `${year}|${table}|Total`;
      attacker.see(total, rows.at(-1)![1] ?? '');
      attacker.sum(total, names);
      body.forEach((row, index) => {
        const percent = /^(\d+)\u00a0?%$/.exec((row[2] ?? '').replace(/\u202f/g, '\u00a0'));
        if (percent) attacker.shares.push({ cell: names[index]!, total, percent: +percent[1]! });
      });
    }
  }
}

function readExits(attacker: Attacker, year: string, rows: string[][]): void {
  const subtotals = ['Sorties positives', 'Autres sorties'];
  const name = (label: string) =>
    exitGroupIndicator[label] ? `${year}|${exitGroupIndicator[label]}` : `${year}|sorties|${label}`;
  const tree: { label: string; groups: { label: string; details: string[] }[] }[] = [];
  for (const row of rows) {
    const label = row[0] ?? '';
    if (label === 'Total') {
      attacker.see(name('Total'), row[1] ?? '');
      continue;
    }
    attacker.see(name(label), row[1] ?? '');
    if (subtotals.includes(label)) tree.push({ label, groups: [] });
    else if (label.startsWith('dont ')) tree.at(-1)?.groups.at(-1)?.details.push(label);
    else tree.at(-1)?.groups.push({ label, details: [] });
  }
  attacker.sum(
    name('Total'),
    tree.map((sub) => name(sub.label)),
  );
  for (const sub of tree) {
    attacker.sum(
      name(sub.label),
      sub.groups.map((group) => name(group.label)),
    );
    for (const group of sub.groups)
      if (group.details.length > 0) attacker.sum(name(group.label), group.details.map(name));
  }
}

/** What the bilan tells the attacker: each year's figure, and the CPO total as their sum. */
export function readFinalReport(attacker: Attacker, xml: string): void {
  for (const rows of tablesOf(xml)) {
    const header = rows[0] ?? [];
    if (header[0] !== 'Indicateur' || !header.includes('Total réalisé')) continue;
    const yearColumns = header
      .map((label, index) => ({
        // « Année 2 (2026) réalisé au 23/11/2026 (en cours) » is year « Année 2 (2026) ».
        year:
          / réalisé/.test(label) && label !== 'Total réalisé' ? label.split(' réalisé')[0]! : null,
        index,
      }))
      .filter((column): column is { year: string; index: number } => column.year !== null);
    const totalColumn = header.indexOf('Total réalisé');
    for (const row of rows.slice(1)) {
      const label = row[0]!;
      const years = yearColumns.filter((column) =>
        attacker.see(`${column.year}|${label}`, row[column.index] ?? ''),
      );
      if (attacker.see(`CPO|${label}`, row[totalColumn] ?? ''))
        attacker.sum(
          `CPO|${label}`,
          years.map((column) => `${column.year}|${label}`),
        );
    }
  }
}
