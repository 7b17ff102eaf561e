/**
 * Saves text made in the page as a file: a Blob and a temporary `<a download>`. Works the
 * same in Electron (the save dialog opens) and in the browser (the file is downloaded).
 */
export function downloadFile(fileName: string, content: string, type: string) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The download has started from the click; the URL can go once the event loop turns.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

const formulaStart = /^[=+\-@\t\r]/;

function csvCell(value: string | number): string {
  let text = String(value);
  // A cell starting with = + - @ would run as a formula in a spreadsheet: keep it text.
  if (formulaStart.test(text)) text = `'${text}`;
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A CSV as French spreadsheets open it by double-click: `;` separated, CRLF, and a UTF-8
 * byte-order mark so that Excel reads the accents right.
 */
export function toCsv(header: string[], rows: (string | number)[][]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvCell).join(';')).join('\r\n')}\r\n`;
}
