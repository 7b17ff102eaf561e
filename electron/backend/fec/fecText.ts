/**
 * Reads a FEC file as lines of text, streamed: fixed-size chunks, so memory does not grow
 * with the file. Synchronous on purpose: the commit runs inside one SQLite transaction.
 * Encodings allowed by the rules: ASCII, ISO-8859-15 or UTF-8 (BOM possible); line ends
 * CR, LF or CRLF.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import iconv from 'iconv-lite';
import { createHash } from 'node:crypto';
import { TextDecoder } from 'node:util';

const CHUNK = 1 << 22; // 4 MiB

export type FecEncoding = 'UTF-8' | 'ISO-8859-15';

/**
 * One pass over the bytes: the encoding (valid UTF-8 throughout, or ISO-8859-15; ASCII is
 * both) and the file's SHA-256, which tells an already imported file.
 */
export function identifyFile(path: string): {
  encoding: FecEncoding;
  sha256: string;
  size: number;
} {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const buffer = Buffer.allocUnsafe(CHUNK);
    const hash = createHash('sha256');
    let decoder: TextDecoder | null = new TextDecoder('utf-8', { fatal: true });
    for (let position = 0; ;) {
      const read = readSync(fd, buffer, 0, CHUNK, position);
      if (read === 0) break;
      const chunk = buffer.subarray(0, read);
      hash.update(chunk);
      if (decoder) {
        try {
          decoder.decode(chunk, { stream: true });
        } catch {
          decoder = null;
        }
      }
      position += read;
    }
    if (decoder) {
      try {
        decoder.decode();
      } catch {
        decoder = null;
      }
    }
    return { encoding: decoder ? 'UTF-8' : 'ISO-8859-15', sha256: hash.digest('hex'), size };
  } finally {
    closeSync(fd);
  }
}

/**
 * Calls `onLine(text, lineNumber)` for every line (1-based, header included); `onProgress`
 * gets the bytes read so far.
 */
export function forEachLine(
  path: string,
  encoding: FecEncoding,
  onLine: (text: string, lineNumber: number) => void,
  onProgress?: (bytesRead: number) => void,
): void {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    const utf8 = new TextDecoder('utf-8');
    const latin9 = iconv.getDecoder('iso-8859-15');
    let position = 0;
    let carry = '';
    let lineNumber = 0;
    // Decided on the first line end met: LF (CRLF's CR is stripped) or CR alone.
    let mark: '\n' | '\r' | null = null;
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK, position);
      if (read === 0) break;
      position += read;
      let text =
        encoding === 'UTF-8'
          ? utf8.decode(buffer.subarray(0, read), { stream: true })
          : latin9.write(buffer.subarray(0, read));
      if (position === read && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (mark === null) {
        const lf = text.indexOf('\n');
        const cr = text.indexOf('\r');
        if (lf !== -1) mark = '\n';
        else if (cr !== -1) mark = '\r';
      }
      if (mark === null) {
        carry += text;
        continue;
      }
      if (carry !== '') {
        text = carry + text;
        carry = '';
      }
      // indexOf scans natively: much faster than a character loop on 100 MB.
      let start = 0;
      for (let end = text.indexOf(mark, start); end !== -1; end = text.indexOf(mark, start)) {
        let stop = end;
        if (mark === '\n' && stop > start && text.charCodeAt(stop - 1) === 13) stop -= 1;
        lineNumber += 1;
        onLine(text.slice(start, stop), lineNumber);
        start = end + 1;
      }
      carry = text.slice(start);
      onProgress?.(position);
    }
    const rest = carry + (encoding === 'UTF-8' ? utf8.decode() : (latin9.end() ?? ''));
    if (rest !== '') onLine(rest, lineNumber + 1);
  } finally {
    closeSync(fd);
  }
}
