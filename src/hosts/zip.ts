/**
 * The zip container of an .xlsx, read and written with Node's own zlib (native code) instead of a zip library
 * in JavaScript: the parts of a workbook by name, and a workbook's parts packed again. Only what an .xlsx uses:
 * stored or deflated parts, no encryption, no zip64 — for anything else `readZip` says it cannot, and the
 * caller reads the file another way. A part is never inflated beyond the size the archive declares for it.
 */
import * as zlib from "zlib";

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
const STORED = 0;
const DEFLATED = 8;
const UTF8_NAMES = 0x0800;

/** A part of the package: its name and its bytes. */
export interface ZipEntry {
  name: string;
  data: Buffer;
}

/** Where the end-of-central-directory record starts, or -1: it is in the last 65,557 bytes (22 + a comment). */
function endRecord(bytes: Buffer): number {
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 65_557); at--)
    if (bytes.readUInt32LE(at) === END_OF_CENTRAL) return at;
  return -1;
}

/**
 * The files of a zip archive in the order of its central directory (folders left out), or undefined when the
 * archive uses what this reader does not support (zip64, encryption, another compression) or is not a whole zip.
 * Throws when a part's content is not the size declared for it (a damaged file, or one built to exhaust memory).
 */
export function readZip(bytes: Buffer): ZipEntry[] | undefined {
  const end = endRecord(bytes);
  if (end < 0) return undefined;
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || at === 0xffffffff) return undefined; // zip64
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL_HEADER) return undefined;
    const flags = bytes.readUInt16LE(at + 8);
    const method = bytes.readUInt16LE(at + 10);
    const compressedSize = bytes.readUInt32LE(at + 20);
    const size = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes
      .subarray(at + 46, at + 46 + nameLength)
      .toString(flags & UTF8_NAMES ? "utf8" : "latin1");
    at += 46 + nameLength + extraLength + commentLength;
    if (flags & 0x1 || (method !== STORED && method !== DEFLATED)) return undefined;
    if (compressedSize === 0xffffffff || size === 0xffffffff || local === 0xffffffff)
      return undefined;
    if (name.endsWith("/")) continue;
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== LOCAL_HEADER) return undefined;
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    if (start + compressedSize > bytes.length) return undefined;
    const raw = bytes.subarray(start, start + compressedSize);
    // Never beyond the size the directory declares (files/zipLimits.ts bounds those): a part that would expand
    // further is refused, not inflated to its end.
    const data =
      method === STORED
        ? Buffer.from(raw)
        : zlib.inflateRawSync(raw, { maxOutputLength: size + 1 });
    if (data.length !== size) throw new Error(`zip part ${name} is not the size it declares`);
    entries.push({ name, data });
  }
  return entries;
}

/* ---------- writing ---------- */

let table: Int32Array | undefined;

/** CRC-32 of the zip format: zlib's own where Node has it (20.15 and later), else computed here. */
function crc32(data: Buffer): number {
  const native = (zlib as { crc32?: (data: Buffer) => number }).crc32;
  if (native) return native(data);
  if (!table) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  let crc = -1;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

/** The time and date of `when` as a zip stores them (MS-DOS, local time, two-second steps). */
function dosTime(when: Date): { time: number; date: number } {
  return {
    time: (when.getHours() << 11) | (when.getMinutes() << 5) | (when.getSeconds() >> 1),
    date:
      ((Math.max(1980, when.getFullYear()) - 1980) << 9) |
      ((when.getMonth() + 1) << 5) |
      when.getDate(),
  };
}

/** A zip archive of `entries`, each deflated by zlib (level 6, as Excel's own files), names in UTF-8. */
export function writeZip(entries: ZipEntry[], when = new Date()): Buffer {
  const { time, date } = dosTime(when);
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, "utf8");
    const packed = zlib.deflateRawSync(data, { level: 6 });
    const crc = crc32(data);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(LOCAL_HEADER, 0);
    header.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    header.writeUInt16LE(UTF8_NAMES, 6);
    header.writeUInt16LE(DEFLATED, 8);
    header.writeUInt16LE(time, 10);
    header.writeUInt16LE(date, 12);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(packed.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    const record = Buffer.alloc(46);
    record.writeUInt32LE(CENTRAL_HEADER, 0);
    record.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS attributes
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(UTF8_NAMES, 8);
    record.writeUInt16LE(DEFLATED, 10);
    record.writeUInt16LE(time, 12);
    record.writeUInt16LE(date, 14);
    record.writeUInt32LE(crc, 16);
    record.writeUInt32LE(packed.length, 20);
    record.writeUInt32LE(data.length, 24);
    record.writeUInt16LE(nameBytes.length, 28);
    record.writeUInt32LE(offset, 42);
    chunks.push(header, nameBytes, packed);
    central.push(record, nameBytes);
    offset += header.length + nameBytes.length + packed.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}
