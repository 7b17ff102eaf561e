// Draws the app icon from resources/icon.svg into the files electron-builder and the
// window use: icon.png (512×512, Linux and the window), icon.ico (Windows) and icon.icns
// (macOS). Both containers simply hold PNG images, which Windows (Vista and later) and
// macOS (10.7 and later) read. Run by hand after changing the SVG: node scripts/makeIcons.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const resources = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources');
const svg = readFileSync(join(resources, 'icon.svg'));
const png = (size) =>
  Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng());

// ICO: a 6-byte header, one 16-byte entry per image, then the images. A size of 256 is
// written as 0 in its one-byte fields.
function ico(sizes) {
  const images = sizes.map(png);
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach((image, index) => {
    const entry = 6 + 16 * index;
    header.writeUInt8(sizes[index] % 256, entry);
    header.writeUInt8(sizes[index] % 256, entry + 1);
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(image.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += image.length;
  });
  return Buffer.concat([header, ...images]);
}

// ICNS: 'icns' + total length, then blocks of 4-byte type + length (header included) +
// PNG. ic07 = 128, ic08 = 256, ic09 = 512 pixels.
function icns(types) {
  const blocks = Object.entries(types).map(([type, size]) => {
    const image = png(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(image.length + 8, 4);
    return Buffer.concat([head, image]);
  });
  const body = Buffer.concat(blocks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

writeFileSync(join(resources, 'icon.png'), png(512));
writeFileSync(join(resources, 'icon.ico'), ico([16, 32, 48, 256]));
writeFileSync(join(resources, 'icon.icns'), icns({ ic07: 128, ic08: 256, ic09: 512 }));
console.log('Icônes écrites dans resources/ : icon.png, icon.ico, icon.icns');
