/**
 * Reads a FEC file as lines of text, streamed: fixed-size chunks, so memory does not grow
 * with the file. Synchronous on purpose: the commit runs inside one SQLite transaction.
 * Encodings allowed by the rules: ASCII, ISO-8859-15 or UTF-8 (BOM possible); line ends
 * CR, LF or CRLF.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import iconv from 'iconv-lite';
import { createHash } from 'node:crypto';
import { TextDecoder } from 'node:util';
import { FecFormatError } from '../../../shared/fec/fecLine';

const CHUNK = 1 << 22; // 4 MiB
/**
 * The longest line read: a FEC line is 18 columns of a few dozen characters, so 64 KiB is
 * far beyond any real one. Without a cap, a file with no line end (300 MB of 0xFF, say)
 * would be gathered into one string until the heap runs out and the backend dies.
 */
export const MAX_LINE_CHARS = 64 * 1024;

/** A line longer than MAX_LINE_CHARS: the file is refused, naming the line. */
export function lineTooLong(lineNumber: number): FecFormatError {
  return new FecFormatError(
    `ligne ${lineNumber} trop longue (plus de ${MAX_LINE_CHARS / 1024} Kio sans fin de ligne) : ce n’est pas un FEC lisible.`,
  );
}

export type FecEncoding = 'UTF-8' | 'ISO-8859-15';

/**
 * One pass over the bytes: the encoding (valid UTF-8 throughout, or ISO-8859-15; ASCII is
 * both) and the file's SHA-256, which tells an already imported file. The UTF-8 check is
 * buffer.isUtf8 (native, no copy): decoding 100 MB with a fatal TextDecoder only to throw
 * the text away cost ~0.5 s and left ~120 MB of freed-but-kept native memory behind.
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
    let utf8 = true;
    let nulAt = -1;
    // Bytes of a character cut by the chunk's end, moved to the front of the next chunk.
    let carried = 0;
    for (let position = 0; ;) {
      const read = readSync(fd, buffer, carried, CHUNK - carried, position);
      if (read === 0) break;
      hash.update(buffer.subarray(carried, carried + read));
      if (nulAt < 0) {
        const nul = buffer.subarray(carried, carried + read).indexOf(0);
        if (nul >= 0) nulAt = position + nul;
      }
      position += read;
      const end = carried + read;
      if (utf8) {
        const whole = end - cutCharacter(buffer, end);
        utf8 = isUtf8(buffer.subarray(0, whole));
        buffer.copy(buffer, 0, whole, end);
        carried = end - whole;
      }
    }
    if (carried > 0) utf8 = false;
    // Refusals come after the whole read: the file's hash is not needed then, but a file
    // refused early must not be mistaken for a read one.
    if (nulAt >= 0) {
      throw new FecFormatError(
        `ligne ${lineOfOffset(fd, nulAt)} : octet nul (caractère NUL) : ce n’est pas un fichier texte ; réexportez le FEC depuis le logiciel comptable.`,
      );
    }
    if (!utf8) {
      // Not UTF-8 as a whole. If some of it is nonetheless UTF-8 (a UTF-8 header before an
      // ISO-8859-15 body, say), reading it all as ISO-8859-15 would store « immobiliÃ¨res »:
      // refused, naming a line of each kind.
      const mixed = findMixedEncoding(fd, size);
      if (mixed) {
        throw new FecFormatError(
          `encodages mélangés : la ligne ${mixed.utf8Line} est en UTF-8 mais la ligne ${mixed.otherLine} ne l’est pas (ISO-8859-15 ou Windows-1252, sans doute). Les libellés seraient enregistrés déformés : réexportez le FEC dans un seul encodage.`,
        );
      }
    }
    return { encoding: utf8 ? 'UTF-8' : 'ISO-8859-15', sha256: hash.digest('hex'), size };
  } finally {
    closeSync(fd);
  }
}

/** The 1-based line holding byte `offset` (only on a refusal: a second read). */
function lineOfOffset(fd: number, offset: number): number {
  const buffer = Buffer.allocUnsafe(CHUNK);
  let lines = 1;
  let previous = 0;
  for (let position = 0; position < offset;) {
    const read = readSync(fd, buffer, 0, Math.min(CHUNK, offset - position), position);
    if (read === 0) break;
    for (let index = 0; index < read; index += 1) {
      const byte = buffer[index]!;
      // LF, or a CR not followed by LF (files with CR line ends).
      if (byte === 10 || (previous === 13 && byte !== 10)) lines += 1;
      previous = byte;
    }
    position += read;
  }
  if (previous === 13) lines += 1;
  return lines;
}

/**
 * In a file that is not UTF-8 as a whole: the first line holding a well-formed UTF-8
 * multi-byte character (two to four bytes, 0xC2–0xF4 then continuation bytes), and the
 * first holding a byte that is not part of one. Both present means mixed encodings; only
 * the second, a plain ISO-8859-15 file. A few ISO-8859-15 pairs look like UTF-8 (« Ã© »):
 * they are exactly what mojibake is made of, so a file holding them is refused too.
 * Runs only on non-UTF-8 files; one JavaScript pass over the bytes.
 */
function findMixedEncoding(
  fd: number,
  size: number,
): { utf8Line: number; otherLine: number } | null {
  const buffer = Buffer.allocUnsafe(CHUNK + 4);
  let line = 1;
  let utf8Line = 0;
  let otherLine = 0;
  let previous = 0;
  let position = 0;
  let kept = 0;
  while (position < size || kept > 0) {
    const read = position < size ? readSync(fd, buffer, kept, CHUNK, position) : 0;
    position += read;
    const end = kept + read;
    const last = read === 0;
    let index = 0;
    for (; index < end; index += 1) {
      const byte = buffer[index]!;
      if (byte < 0x80) {
        if (byte === 10 || (previous === 13 && byte !== 10)) line += 1;
        previous = byte;
        continue;
      }
      previous = byte;
      const length =
        byte >= 0xc2 && byte <= 0xdf
          ? 2
          : byte >= 0xe0 && byte <= 0xef
            ? 3
            : byte >= 0xf0 && byte <= 0xf4
              ? 4
              : 0;
      // A sequence cut by the chunk's end: kept for the next chunk.
      if (length > 0 && index + length > end && !last) break;
      let valid = length > 0 && index + length <= end;
      for (let next = 1; valid && next < length; next += 1) {
        const continuation = buffer[index + next]!;
        if (continuation < 0x80 || continuation > 0xbf) valid = false;
      }
      if (valid) {
        if (utf8Line === 0) utf8Line = line;
        index += length - 1;
        previous = buffer[index]!;
      } else if (otherLine === 0) {
        otherLine = line;
      }
      if (utf8Line > 0 && otherLine > 0) return { utf8Line, otherLine };
    }
    buffer.copy(buffer, 0, index, end);
    kept = end - index;
    if (last) break;
  }
  return null;
}

/** How many bytes at the end of buffer[0, end) start a UTF-8 character that goes on. */
function cutCharacter(buffer: Buffer, end: number): number {
  for (let back = 1; back <= 3 && back <= end; back += 1) {
    const byte = buffer[end - back]!;
    if (byte < 0x80) return 0;
    if (byte >= 0xc0) {
      const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return length > back ? back : 0;
    }
  }
  return 0;
}

/**
 * Reads a file chunk by chunk and hands out its lines (1-based numbers, header included).
 * `readChunk` processes one chunk and returns the bytes read so far, or null at the end:
 * a synchronous caller loops on it; an asynchronous one yields between chunks, so progress
 * events reach the screen while a long file is read.
 */
export function openLineReader(path: string, encoding: FecEncoding) {
  const fd = openSync(path, 'r');
  const buffer = Buffer.allocUnsafe(CHUNK);
  const utf8 = new TextDecoder('utf-8');
  const latin9 = iconv.getDecoder('iso-8859-15');
  let position = 0;
  let carry = '';
  let lineNumber = 0;
  let finished = false;
  // Decided on the first line end met: LF (CRLF's CR is stripped) or CR alone.
  let mark: '\n' | '\r' | null = null;

  function emitLines(text: string, onLine: (text: string, lineNumber: number) => void) {
    // indexOf scans natively: much faster than a character loop on 100 MB.
    let start = 0;
    for (let end = text.indexOf(mark!, start); end !== -1; end = text.indexOf(mark!, start)) {
      let stop = end;
      if (mark === '\n' && stop > start && text.charCodeAt(stop - 1) === 13) stop -= 1;
      lineNumber += 1;
      if (stop - start > MAX_LINE_CHARS) throw lineTooLong(lineNumber);
      onLine(text.slice(start, stop), lineNumber);
      start = end + 1;
    }
    return text.slice(start);
  }

  return {
    readChunk(onLine: (text: string, lineNumber: number) => void): number | null {
      if (finished) return null;
      const read = readSync(fd, buffer, 0, CHUNK, position);
      if (read === 0) {
        finished = true;
        let rest = carry + (encoding === 'UTF-8' ? utf8.decode() : (latin9.end() ?? ''));
        if (rest.endsWith('\r')) rest = rest.slice(0, -1);
        if (rest.length > MAX_LINE_CHARS) throw lineTooLong(lineNumber + 1);
        if (rest !== '') onLine(rest, lineNumber + 1);
        return null;
      }
      position += read;
      let text =
        encoding === 'UTF-8'
          ? utf8.decode(buffer.subarray(0, read), { stream: true })
          : latin9.write(buffer.subarray(0, read));
      if (position === read && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (mark === null) {
        if (text.includes('\n')) mark = '\n';
        else if (text.includes('\r')) mark = '\r';
      }
      if (carry !== '') {
        text = carry + text;
        carry = '';
      }
      carry = mark === null ? text : emitLines(text, onLine);
      // What is left has no line end yet: past the cap, it never will be a line.
      if (carry.length > MAX_LINE_CHARS) throw lineTooLong(lineNumber + 1);
      return position;
    },
    close() {
      closeSync(fd);
    },
  };
}

/** Every line of the file, synchronously (the import runs inside one transaction). */
export function forEachLine(
  path: string,
  encoding: FecEncoding,
  onLine: (text: string, lineNumber: number) => void,
  onProgress?: (bytesRead: number) => void,
): void {
  const reader = openLineReader(path, encoding);
  try {
    for (let read = reader.readChunk(onLine); read !== null; read = reader.readChunk(onLine))
      onProgress?.(read);
  } finally {
    reader.close();
  }
}

/** The same, yielding to the event loop between chunks so progress can be shown. */
export async function forEachLineAsync(
  path: string,
  encoding: FecEncoding,
  onLine: (text: string, lineNumber: number) => void,
  onProgress: (bytesRead: number) => void,
): Promise<void> {
  const reader = openLineReader(path, encoding);
  try {
    for (let read = reader.readChunk(onLine); read !== null; read = reader.readChunk(onLine)) {
      onProgress(read);
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    reader.close();
  }
}
