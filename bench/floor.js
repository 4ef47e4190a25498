/**
 * The floor a recompute is measured against: `node bench/floor.js in.xlsx out.xlsx` inflates every part of the
 * workbook with Node's zlib, scans every cell of every sheet (a pass over its XML), deflates every part again and
 * writes the copy. Plain Node, no library: what any tool must at least do to rewrite an .xlsx, as a whole process.
 */
"use strict";

const { readFileSync, writeFileSync } = require("fs");
const zlib = require("zlib");

const [input, output] = process.argv.slice(2);
const bytes = readFileSync(input);

// The central directory: where each part is and how it is packed.
let end = bytes.length - 22;
while (end >= 0 && bytes.readUInt32LE(end) !== 0x06054b50) end--;
const count = bytes.readUInt16LE(end + 10);
let at = bytes.readUInt32LE(end + 16);
const parts = [];
for (let i = 0; i < count; i++) {
  const method = bytes.readUInt16LE(at + 10);
  const packed = bytes.readUInt32LE(at + 20);
  const nameLength = bytes.readUInt16LE(at + 28);
  const skip = nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  const local = bytes.readUInt32LE(at + 42);
  const name = bytes.toString("utf8", at + 46, at + 46 + nameLength);
  at += 46 + skip;
  if (name.endsWith("/")) continue;
  const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
  const raw = bytes.subarray(start, start + packed);
  parts.push({ name, data: method === 8 ? zlib.inflateRawSync(raw) : raw });
}

// Every cell of every sheet: its reference, type and value.
let cells = 0;
const CELL = /<c r="([A-Z]+\d+)"[^>]*?(?:\/>|>(.*?)<\/c>)/gs;
for (const { name, data } of parts)
  if (/^xl\/worksheets\/sheet\d+\.xml$/.test(name))
    for (const m of data.toString("utf8").matchAll(CELL)) if (m[1]) cells++;

// Packed again: local headers, deflated parts, the central directory.
const chunks = [];
const central = [];
let offset = 0;
for (const { name, data } of parts) {
  const nameBytes = Buffer.from(name, "utf8");
  const packed = zlib.deflateRawSync(data);
  const crc = zlib.crc32 ? zlib.crc32(data) : 0;
  const head = Buffer.alloc(30);
  head.writeUInt32LE(0x04034b50, 0);
  head.writeUInt16LE(20, 4);
  head.writeUInt16LE(0x0800, 6);
  head.writeUInt16LE(8, 8);
  head.writeUInt32LE(crc, 14);
  head.writeUInt32LE(packed.length, 18);
  head.writeUInt32LE(data.length, 22);
  head.writeUInt16LE(nameBytes.length, 26);
  const record = Buffer.alloc(46);
  record.writeUInt32LE(0x02014b50, 0);
  record.writeUInt16LE(20, 4);
  record.writeUInt16LE(20, 6);
  record.writeUInt16LE(0x0800, 8);
  record.writeUInt16LE(8, 10);
  record.writeUInt32LE(crc, 16);
  record.writeUInt32LE(packed.length, 20);
  record.writeUInt32LE(data.length, 24);
  record.writeUInt16LE(nameBytes.length, 28);
  record.writeUInt32LE(offset, 42);
  chunks.push(head, nameBytes, packed);
  central.push(record, nameBytes);
  offset += 30 + nameBytes.length + packed.length;
}
const centralBytes = Buffer.concat(central);
const tail = Buffer.alloc(22);
tail.writeUInt32LE(0x06054b50, 0);
tail.writeUInt16LE(parts.length, 8);
tail.writeUInt16LE(parts.length, 10);
tail.writeUInt32LE(centralBytes.length, 12);
tail.writeUInt32LE(offset, 16);
writeFileSync(output, Buffer.concat([...chunks, centralBytes, tail]));
process.stdout.write(`${parts.length} parts, ${cells} cells\n`);
