#!/usr/bin/env node
// Draws the dashboard's icon and writes it twice: Dashboard/wwwroot/favicon.svg (what the layout links) and
// Dashboard/wwwroot/favicon.ico (what a browser, proxy or feed reader asks /favicon.ico for without reading the page).
// Both come from the one shape list below, so they cannot drift apart; docs/pages.md ("Favicon") says why both exist.
//
// The ICO holds 16, 32 and 48 px images stored as PNG (allowed in ICO since Windows Vista and read by every current
// browser), each rasterised here with 8 × 8 samples per pixel for anti-aliased corners. No dependency beyond Node.
//
// Usage: node build/favicon.mjs   (run after changing SHAPES; commit both files). Deterministic for a given Node (its
// zlib): same input, same bytes. FaviconTests (Dashboard.Tests/Pages) fails when the two files stop matching.

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

// On a 16-unit grid: a rounded square in site.css's light --accent with three bars of a rising chart in white.
const SHAPES = [
  { x: 0, y: 0, w: 16, h: 16, r: 3, fill: '#0b5cad' },
  { x: 3, y: 8, w: 2, h: 5, r: 0, fill: '#ffffff' },
  { x: 7, y: 5, w: 2, h: 8, r: 0, fill: '#ffffff' },
  { x: 11, y: 3, w: 2, h: 10, r: 0, fill: '#ffffff' },
];
const SIZES = [16, 32, 48];
const SAMPLES = 8;

const wwwroot = join(dirname(fileURLToPath(import.meta.url)), '..', 'Dashboard', 'wwwroot');

function svg() {
  const rects = SHAPES.map(s =>
    `  <rect x="${s.x}" y="${s.y}" width="${s.w}" height="${s.h}"${s.r ? ` rx="${s.r}"` : ''} fill="${s.fill}"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" width="16" height="16">\n${rects.join('\n')}\n</svg>\n`;
}

function inside(s, x, y) {
  if (x < s.x || x > s.x + s.w || y < s.y || y > s.y + s.h) return false;
  // Distance to the nearest corner centre when the point lies in a corner square.
  const cx = Math.min(Math.max(x, s.x + s.r), s.x + s.w - s.r);
  const cy = Math.min(Math.max(y, s.y + s.r), s.y + s.h - s.r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= s.r ** 2;
}

const rgb = hex => [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16));

// Straight (non-premultiplied) RGBA, source-over in shape order.
function raster(size) {
  const pixels = Buffer.alloc(size * size * 4);
  const unit = 16 / size;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (const s of SHAPES) {
        let hits = 0;
        for (let sy = 0; sy < SAMPLES; sy++) {
          for (let sx = 0; sx < SAMPLES; sx++) {
            if (inside(s, (px + (sx + 0.5) / SAMPLES) * unit, (py + (sy + 0.5) / SAMPLES) * unit)) hits++;
          }
        }
        const cover = hits / (SAMPLES * SAMPLES);
        if (cover === 0) continue;
        const [sr, sg, sb] = rgb(s.fill);
        const outA = cover + a * (1 - cover);
        r = (sr * cover + r * a * (1 - cover)) / outA;
        g = (sg * cover + g * a * (1 - cover)) / outA;
        b = (sb * cover + b * a * (1 - cover)) / outA;
        a = outA;
      }
      pixels.set([r, g, b, a * 255].map(Math.round), (py * size + px) * 4);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no filter method variants, no interlace
  const pixels = raster(size);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4); // filter byte 0 (none) per row
  }

  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ICONDIR (6 bytes), one ICONDIRENTRY (16 bytes) per image, then the images.
function ico() {
  const images = SIZES.map(png);
  const dir = Buffer.alloc(6 + 16 * images.length);
  dir.writeUInt16LE(0, 0);
  dir.writeUInt16LE(1, 2); // 1 = icon
  dir.writeUInt16LE(images.length, 4);
  let offset = dir.length;
  images.forEach((image, i) => {
    const entry = 6 + 16 * i;
    dir.writeUInt8(SIZES[i] % 256, entry); // width (0 would mean 256)
    dir.writeUInt8(SIZES[i] % 256, entry + 1);
    dir.writeUInt16LE(1, entry + 4); // colour planes
    dir.writeUInt16LE(32, entry + 6); // bits per pixel
    dir.writeUInt32LE(image.length, entry + 8);
    dir.writeUInt32LE(offset, entry + 12);
    offset += image.length;
  });
  return Buffer.concat([dir, ...images]);
}

const icon = ico();
writeFileSync(join(wwwroot, 'favicon.svg'), svg());
writeFileSync(join(wwwroot, 'favicon.ico'), icon);
console.log(`favicon.svg and favicon.ico (${icon.length} bytes, ${SIZES.join('/')} px) written to ${wwwroot}`);
