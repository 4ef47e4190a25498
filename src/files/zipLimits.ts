/**
 * A zip (an .xlsx, .ods or .xlsb) refused before anything inflates it whole, when its parts would expand beyond
 * what a workbook ever needs: a "zip bomb" (a gigabyte of zeros packed into a megabyte) would otherwise fill the
 * memory of the command line, or of a bureau's audit, before any message could be given.
 *
 * The central directory declares every part's sizes; those are checked first (the sum, each part, the number of
 * parts, the compression ratio). The declared sizes can lie, and the zip readers behind us do not hold a part to
 * its declared size while inflating: JSZip (ExcelJS's own reader) inflates a part to its end and only then
 * compares the length (jszip lib/compressedObject.js, "uncompressed data size mismatch"). So each deflated part
 * is also inflated here once, by zlib with `maxOutputLength` at its declared size: a part that would expand
 * beyond what it declares stops at that bound, whatever it really holds. Memory stays within the largest
 * declared part, which the limits bound. (Cost: one extra inflation of a workbook's parts, a few milliseconds for
 * a department's workbook, next to the hundreds ExcelJS takes to parse them.)
 *
 * The Office.js host never sees a zip: Excel opens the file itself. This is for files read from disk.
 */
import { inflateRawSync } from "zlib";

export interface ZipLimits {
  /** The declared uncompressed sizes of all parts together, in bytes. */
  total: number;
  /** One part's uncompressed size, in bytes. */
  part: number;
  /** How many entries the central directory may list. */
  entries: number;
  /** The largest compression ratio (uncompressed / compressed) of a part larger than `ratioFrom` bytes. */
  ratio: number;
  ratioFrom: number;
}

const MB = 1024 * 1024;

/**
 * Far beyond any department's workbook (a 10,000-row sheet with a note on every row is ~10 MB of XML), far
 * below what would exhaust a machine's memory once ExcelJS has parsed it (several times the XML's size). XML
 * deflates 5–20 times, seldom beyond 100; deflate cannot do better than ~1,030 (long runs of one byte).
 */
export const ZIP_LIMITS: ZipLimits = {
  total: 200 * MB,
  part: 100 * MB,
  entries: 10_000,
  ratio: 500,
  ratioFrom: 10 * MB,
};

/** Why a zip is refused, or undefined when it may be read. */
export type ZipRefusal =
  | { why: "entries"; count: number }
  | { why: "total" | "part" | "ratio" | "inflates"; part: string };

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const DEFLATED = 8;
const MAX16 = 0xffff;
const MAX32 = 0xffffffff;

interface Entry {
  name: string;
  method: number;
  compressed: number;
  size: number;
  local: number;
}

/** Where the end-of-central-directory record starts (the last one), or -1. */
function endRecord(bytes: Buffer): number {
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 65_557); at--)
    if (bytes.readUInt32LE(at) === END_OF_CENTRAL) return at;
  return -1;
}

/** A 64-bit little-endian number, as a JavaScript number (exact to 2^53, beyond any limit here). */
const read64 = (bytes: Buffer, at: number) =>
  bytes.readUInt32LE(at) + bytes.readUInt32LE(at + 4) * 2 ** 32;

/** The central directory's start and entry count, through the zip64 record when the classic one is full. */
function directory(bytes: Buffer, end: number): { at: number; count: number } {
  let count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const locator = end - 20;
  if (
    (count === MAX16 || at === MAX32) &&
    locator >= 0 &&
    bytes.readUInt32LE(locator) === ZIP64_LOCATOR
  ) {
    const record = read64(bytes, locator + 8);
    if (record + 56 <= bytes.length && bytes.readUInt32LE(record) === ZIP64_END) {
      count = read64(bytes, record + 32);
      at = read64(bytes, record + 48);
    }
  }
  return { at, count };
}

/** The entries of the central directory as far as it can be followed (a damaged zip is not ours to judge). */
function entries(bytes: Buffer, from: number, limit: number): Entry[] {
  const out: Entry[] = [];
  let at = from;
  while (
    at + 46 <= bytes.length &&
    bytes.readUInt32LE(at) === CENTRAL_HEADER &&
    out.length <= limit
  ) {
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const entry: Entry = {
      name: bytes.subarray(at + 46, at + 46 + nameLength).toString("utf8"),
      method: bytes.readUInt16LE(at + 10),
      compressed: bytes.readUInt32LE(at + 20),
      size: bytes.readUInt32LE(at + 24),
      local: bytes.readUInt32LE(at + 42),
    };
    // The zip64 extra field (0x0001) holds, in this order, those of the three that are full in the record.
    const extraEnd = Math.min(bytes.length, at + 46 + nameLength + extraLength);
    for (let x = at + 46 + nameLength; x + 4 <= extraEnd;) {
      const id = bytes.readUInt16LE(x);
      const length = bytes.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let field = x + 4;
        const next = () => {
          if (field + 8 > Math.min(extraEnd, x + 4 + length)) return undefined;
          const value = read64(bytes, field);
          field += 8;
          return value;
        };
        if (entry.size === MAX32) entry.size = next() ?? entry.size;
        if (entry.compressed === MAX32) entry.compressed = next() ?? entry.compressed;
        if (entry.local === MAX32) entry.local = next() ?? entry.local;
      }
      x += 4 + length;
    }
    out.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}

/** Whether a deflated part expands beyond its declared size (inflated at most to that size and one byte). */
function inflatesBeyond(bytes: Buffer, entry: Entry): boolean {
  if (entry.local + 30 > bytes.length || bytes.readUInt32LE(entry.local) !== LOCAL_HEADER)
    return false;
  const start =
    entry.local + 30 + bytes.readUInt16LE(entry.local + 26) + bytes.readUInt16LE(entry.local + 28);
  const data = bytes.subarray(start, Math.min(bytes.length, start + entry.compressed));
  try {
    return inflateRawSync(data, { maxOutputLength: entry.size + 1 }).length > entry.size;
  } catch (err) {
    // Stopped at the bound: it expands beyond what it declares. Any other failure (damaged data) is left to
    // the reader, which says the file is damaged.
    return (err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
  }
}

/**
 * Why the zip in `bytes` must not be inflated, or undefined when it may be. Only the central directory is read,
 * then each deflated part inflated within its declared size; nothing is kept.
 */
export function zipRefusal(bytes: Buffer, limits: ZipLimits = ZIP_LIMITS): ZipRefusal | undefined {
  const end = endRecord(bytes);
  if (end < 0) return undefined;
  const { at, count } = directory(bytes, end);
  if (count > limits.entries) return { why: "entries", count };
  const list = entries(bytes, at, limits.entries);
  if (list.length > limits.entries) return { why: "entries", count: list.length };
  let total = 0;
  for (const entry of list) {
    if (entry.size > limits.part) return { why: "part", part: entry.name };
    total += entry.size;
    if (total > limits.total) return { why: "total", part: entry.name };
    if (entry.size > limits.ratioFrom && entry.size > limits.ratio * Math.max(1, entry.compressed))
      return { why: "ratio", part: entry.name };
  }
  for (const entry of list)
    if (entry.method === DEFLATED && inflatesBeyond(bytes, entry))
      return { why: "inflates", part: entry.name };
  return undefined;
}
