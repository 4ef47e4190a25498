// Draws the add-in's icons (16/32/64/80 px PNG) without any image tool: a green tile with a bar chart and a
// check mark (the add-in), and the same tile with a circular arrow (重新计算). Run: node scripts/make-icons.js
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

function crc32(buf) {
  let c;
  const table = [];
  for (let n = 0; n < 256; n++) {
    c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  let crc = 0xffffffff;
  for (const b of buf) crc = table[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel((x + 0.5) / size, (y + 0.5) / size);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlib.deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const GREEN = [33, 115, 70, 255];
const WHITE = [255, 255, 255, 255];
const CLEAR = [0, 0, 0, 0];

/** A rounded tile, inset a little. */
function inTile(x, y) {
  const m = 0.06;
  const r = 0.16;
  const cx = Math.min(Math.max(x, m + r), 1 - m - r);
  const cy = Math.min(Math.max(y, m + r), 1 - m - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= m && x <= 1 - m && y >= m && y <= 1 - m;
}

function nearSegment(x, y, [x1, y1], [x2, y2], width) {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy)) <= width;
}

const addin = (x, y) => {
  if (!inTile(x, y)) return CLEAR;
  const bars = [
    [0.22, 0.55],
    [0.4, 0.4],
    [0.58, 0.28],
  ];
  for (const [left, top] of bars)
    if (x >= left && x <= left + 0.12 && y >= top && y <= 0.8) return WHITE;
  if (
    nearSegment(x, y, [0.62, 0.62], [0.7, 0.72], 0.045) ||
    nearSegment(x, y, [0.7, 0.72], [0.84, 0.5], 0.045)
  )
    return WHITE;
  return GREEN;
};

const recompute = (x, y) => {
  if (!inTile(x, y)) return CLEAR;
  const r = Math.hypot(x - 0.5, y - 0.5);
  const angle = Math.atan2(y - 0.5, x - 0.5);
  if (r >= 0.2 && r <= 0.3 && !(angle > -1.9 && angle < -0.9)) return WHITE;
  // Arrow head at the gap's end.
  if (
    nearSegment(x, y, [0.56, 0.16], [0.64, 0.26], 0.05) ||
    nearSegment(x, y, [0.64, 0.26], [0.52, 0.3], 0.05)
  )
    return WHITE;
  return GREEN;
};

const out = path.join(__dirname, "..", "assets");
for (const size of [16, 32, 64, 80]) {
  fs.writeFileSync(path.join(out, `icon-${size}.png`), png(size, addin));
  fs.writeFileSync(path.join(out, `recompute-${size}.png`), png(size, recompute));
}
console.log("icons written to assets/");
