/** The zip container read and written with Node's zlib (src/hosts/zip.ts), against JSZip as the other side. */
import JSZip from "jszip";
import { deflateRawSync } from "zlib";
import { readZip, writeZip } from "../src/hosts/zip";

const parts = [
  { name: "[Content_Types].xml", data: Buffer.from('<?xml version="1.0"?><Types/>') },
  { name: "xl/worksheets/sheet1.xml", data: Buffer.from("<c>评分表 ".repeat(500)) },
  { name: "xl/media/图片 1.png", data: Buffer.from([0, 1, 2, 250, 255]) },
  { name: "docProps/empty.xml", data: Buffer.alloc(0) },
];

describe("writeZip and readZip", () => {
  it("read back every part, in order, byte for byte", () => {
    expect(readZip(writeZip(parts))).toEqual(parts);
  });

  it("write what JSZip reads with its CRC-32 checked, names in UTF-8", async () => {
    const zip = await JSZip.loadAsync(writeZip(parts), { checkCRC32: true });
    for (const { name, data } of parts)
      expect(Buffer.from(await zip.file(name)!.async("uint8array"))).toEqual(data);
  });

  it("read what JSZip writes, deflated or stored, folders left out", async () => {
    for (const compression of ["DEFLATE", "STORE"] as const) {
      const zip = new JSZip();
      for (const { name, data } of parts) zip.file(name, data);
      const bytes = await zip.generateAsync({ type: "nodebuffer", compression });
      expect(readZip(bytes)).toEqual(parts);
    }
  });

  it("say they cannot read an encrypted part or another compression, and refuse a part larger than declared", () => {
    const bytes = writeZip(parts.slice(0, 1));
    const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const encrypted = Buffer.from(bytes);
    encrypted.writeUInt16LE(encrypted.readUInt16LE(central + 8) | 1, central + 8);
    expect(readZip(encrypted)).toBeUndefined();
    const bzip2 = Buffer.from(bytes);
    bzip2.writeUInt16LE(12, central + 10);
    expect(readZip(bzip2)).toBeUndefined();
    expect(readZip(Buffer.from("not a zip at all"))).toBeUndefined();

    // A part that declares 10 bytes and inflates to a megabyte stops at the declared size.
    const bomb = writeZip([{ name: "xl/workbook.xml", data: Buffer.alloc(10) }]);
    const packed = deflateRawSync(Buffer.alloc(1024 * 1024));
    const lying = Buffer.concat([
      bomb.subarray(0, 30 + "xl/workbook.xml".length),
      packed,
      bomb.subarray(bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))),
    ]);
    const at = lying.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    lying.writeUInt32LE(packed.length, at + 20);
    lying.writeUInt32LE(at, lying.length - 22 + 16);
    expect(() => readZip(lying)).toThrow();
  });
});
