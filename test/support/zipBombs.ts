/**
 * Zip archives that expand far beyond their size, built here without ever holding what they expand to: deflate
 * of a run of zeros, flushed with Z_FULL_FLUSH, is a byte-aligned run of blocks that starts afresh (no
 * dictionary), so one megabyte's blocks repeated n times inflate to n megabytes of zeros.
 */
import { constants, deflateRawSync } from "zlib";

const MB = 1024 * 1024;

/** Raw deflate data that inflates to `megabytes` MB of zeros (about 1 KB per MB). */
export function deflatedZeros(megabytes: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(MB), { finishFlush: constants.Z_FULL_FLUSH });
  const last = deflateRawSync(Buffer.alloc(0)); // the final, empty block
  return Buffer.concat([...Array.from({ length: megabytes }, () => block), last]);
}

export interface BombPart {
  name: string;
  /** The part's stored bytes: raw deflate data (method 8). */
  data: Buffer;
  /** The uncompressed size the headers declare (the truth, or a lie). */
  declared: number;
}

/** A zip of deflated parts, each with the uncompressed size it declares (CRCs left 0: never checked here). */
export function zipOf(parts: BombPart[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { name, data, declared } of parts) {
    const nameBytes = Buffer.from(name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(20, 4);
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(8, 10);
    record.writeUInt32LE(data.length, 20);
    record.writeUInt32LE(declared, 24);
    record.writeUInt16LE(nameBytes.length, 28);
    record.writeUInt32LE(offset, 42);
    chunks.push(local, nameBytes, data);
    central.push(record, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const size = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(parts.length, 0xffff), 8);
  end.writeUInt16LE(Math.min(parts.length, 0xffff), 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

/** The small parts an .xlsx has beside its sheets (so the file reads as a workbook by its names). */
export function workbookShell(): BombPart[] {
  const part = (name: string, text: string): BombPart => {
    const bytes = Buffer.from(text, "utf8");
    return { name, data: deflateRawSync(bytes), declared: bytes.length };
  };
  return [
    part(
      "[Content_Types].xml",
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
    ),
    part(
      "xl/workbook.xml",
      '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    ),
  ];
}
