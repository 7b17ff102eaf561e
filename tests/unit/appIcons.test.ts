/**
 * The icon files electron-builder packs (resources/icon.{png,ico,icns}, written by
 * scripts/makeIcons.mjs). Read here byte by byte, independently of that script: each
 * container must list images that are real PNGs of the sizes it announces, or the
 * installers would carry a broken icon that only shows on another machine.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('app icons', () => {
  it('icon.png is 512×512', () => {
    expect(pngSize(readFileSync('resources/icon.png'))).toEqual({ width: 512, height: 512 });
  });

  it('icon.ico holds PNG images up to 256×256, as the NSIS installer requires', () => {
    const ico = readFileSync('resources/icon.ico');
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let index = 0; index < count; index++) {
      const entry = 6 + 16 * index;
      const announced = ico.readUInt8(entry) || 256;
      const length = ico.readUInt32LE(entry + 8);
      const offset = ico.readUInt32LE(entry + 12);
      expect(offset + length).toBeLessThanOrEqual(ico.length);
      const size = pngSize(ico.subarray(offset, offset + length));
      expect(size).toEqual({ width: announced, height: announced });
      sizes.push(announced);
    }
    expect(sizes).toContain(256);
    expect(sizes).toContain(16);
  });

  it('icon.icns holds PNG images whose types match their sizes, up to 512×512', () => {
    const icns = readFileSync('resources/icon.icns');
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const expected: Record<string, number> = { ic07: 128, ic08: 256, ic09: 512 };
    const found: string[] = [];
    for (let offset = 8; offset < icns.length;) {
      const type = icns.toString('ascii', offset, offset + 4);
      const length = icns.readUInt32BE(offset + 4);
      expect(length).toBeGreaterThan(8);
      const size = pngSize(icns.subarray(offset + 8, offset + length));
      expect(size.width, type).toBe(expected[type]);
      found.push(type);
      offset += length;
    }
    expect(found.sort()).toEqual(['ic07', 'ic08', 'ic09']);
  });

  it('the three files stay small', () => {
    for (const file of ['icon.png', 'icon.ico', 'icon.icns']) {
      expect(readFileSync(`resources/${file}`).length, file).toBeLessThan(64 * 1024);
    }
  });
});
