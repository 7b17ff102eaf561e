/**
 * A large balanced FEC written straight to disk (tab-separated, UTF-8): `lines / 2` bank
 * entries, each a charge (6…) or a product (7…) line against 512000, dated across 2025 —
 * for the 1 000 000-line bench and the test of an import written in steps. Written in 1 MB
 * pieces, so a million lines never sit in memory at once.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

const header =
  'JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise\tAnalytique';
const accounts = ['606300', '613200', '625100', '641100', '645100', '706000', '741000'];

export function writeBalancedFec(
  path: string,
  options: {
    lines: number;
    /** The analytic code of an entry's 6/7 line (the bank line has none). */
    analytic: (entry: number) => string;
    /** An entry whose debit is unreadable (« douze »), to see the whole file refused. */
    badEntry?: number | null;
  },
) {
  const fd = openSync(path, 'w');
  let buffer = `${header}\n`;
  for (let entry = 0; entry < options.lines / 2; entry += 1) {
    const account = accounts[entry % accounts.length]!;
    const day = String(1 + (entry % 28)).padStart(2, '0');
    const month = String(1 + (entry % 12)).padStart(2, '0');
    const cents = 1000 + ((entry * 7919) % 500_000);
    const amount = `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
    const charge = account.startsWith('6');
    const common = `BQ\tBanque\tBQ${entry}\t2025${month}${day}`;
    const tail = `\tF${entry}\t2025${month}${day}\tOpération ${entry}`;
    const debit = entry === options.badEntry ? 'douze' : charge ? amount : '0,00';
    buffer += `${common}\t${account}\tCompte ${account}\t\t${tail}\t${debit}\t${charge ? '0,00' : amount}\t\t\t2025${month}${day}\t\t\t${options.analytic(entry)}\n`;
    buffer += `${common}\t512000\tBanque\t\t${tail}\t${charge ? '0,00' : amount}\t${charge ? amount : '0,00'}\t\t\t2025${month}${day}\t\t\t\n`;
    if (buffer.length > 1 << 20) {
      writeSync(fd, buffer);
      buffer = '';
    }
  }
  writeSync(fd, buffer);
  closeSync(fd);
}
