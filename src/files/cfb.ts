/**
 * The names in an OLE compound file (the container of .xls, .et, .doc, and of an .xlsx encrypted with a
 * password, which holds `EncryptionInfo` and `EncryptedPackage` instead of the workbook): read from its
 * directory, as [MS-CFB] lays it out. Only the names are read, never the streams.
 */

const MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const END_OF_CHAIN = 0xfffffffe;
const FREE = 0xffffffff;

export const isCompoundFile = (bytes: Uint8Array): boolean =>
  bytes.length >= 512 && MAGIC.every((b, i) => bytes[i] === b);

/**
 * The names of the storages and streams in the file's directory, or undefined when the file is cut short or
 * its directory cannot be followed (a damaged file).
 */
export function compoundFileNames(bytes: Buffer): string[] | undefined {
  if (!isCompoundFile(bytes)) return undefined;
  const shift = bytes.readUInt16LE(0x1e);
  if (shift !== 9 && shift !== 12) return undefined;
  const size = 1 << shift;
  const sector = (n: number) => {
    const start = (n + 1) * size;
    return start + size <= bytes.length ? bytes.subarray(start, start + size) : undefined;
  };
  // The sectors of the allocation table: 109 listed in the header, the rest in a chain of DIFAT sectors.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) {
    const n = bytes.readUInt32LE(0x4c + i * 4);
    if (n !== FREE) fatSectors.push(n);
  }
  let difat = bytes.readUInt32LE(0x44);
  for (let guard = 0; difat !== END_OF_CHAIN && difat !== FREE && guard < 1 << 16; guard++) {
    const s = sector(difat);
    if (!s) return undefined;
    for (let i = 0; i < size / 4 - 1; i++) {
      const n = s.readUInt32LE(i * 4);
      if (n !== FREE) fatSectors.push(n);
    }
    difat = s.readUInt32LE(size - 4);
  }
  const fat: number[] = [];
  for (const n of fatSectors) {
    const s = sector(n);
    if (!s) return undefined;
    for (let i = 0; i < size / 4; i++) fat.push(s.readUInt32LE(i * 4));
  }
  const names: string[] = [];
  const seen = new Set<number>();
  for (let n = bytes.readUInt32LE(0x30); n !== END_OF_CHAIN; n = fat[n]) {
    if (n === undefined || n === FREE || seen.has(n)) return undefined;
    seen.add(n);
    const s = sector(n);
    if (!s) return undefined;
    for (let at = 0; at + 128 <= size; at += 128) {
      const type = s[at + 0x42];
      const length = s.readUInt16LE(at + 0x40);
      if (type === 0 || length < 2 || length > 64) continue;
      names.push(s.subarray(at, at + length - 2).toString("utf16le"));
    }
  }
  return names;
}
