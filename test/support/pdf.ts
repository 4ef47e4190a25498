/**
 * Just enough of a PDF reader for the PDFs LibreOffice exports (PDF 1.x, objects in the clear, no object
 * streams, simple TrueType fonts with ToUnicode maps): each page's size and the text it draws, in drawing order.
 * No system package needed (poppler is not installed in CI).
 */
import { inflateSync } from "zlib";

export interface PdfPage {
  /** Width and height in points (A4: 595.3 × 841.9). */
  width: number;
  height: number;
  /** The text the page draws, in the order it is drawn (a line break between text objects). */
  text: string;
  runs: TextRun[];
}

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function objectsOf(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString("latin1");
  const objects = new Map<number, PdfObject>();
  const start = /(\d+) 0 obj/g;
  let m: RegExpExecArray | null;
  while ((m = start.exec(text))) {
    const from = m.index + m[0].length;
    const end = text.indexOf("endobj", from);
    if (end < 0) break;
    const body = text.slice(from, end);
    const at = body.indexOf("stream");
    if (at < 0 || body.lastIndexOf(">>", at) < 0) {
      objects.set(Number(m[1]), { dict: body });
    } else {
      let dataStart = from + at + "stream".length;
      if (text[dataStart] === "\r") dataStart++;
      if (text[dataStart] === "\n") dataStart++;
      const dataEnd = text.lastIndexOf("endstream", end);
      objects.set(Number(m[1]), {
        dict: body.slice(0, at),
        stream: pdf.subarray(dataStart, dataEnd),
      });
    }
    start.lastIndex = end;
  }
  return objects;
}

function streamOf(o: PdfObject): Buffer {
  if (!o.stream) throw new Error("pdf: not a stream");
  return /\/FlateDecode/.test(o.dict) ? inflateSync(o.stream) : o.stream;
}

const refIn = (dict: string, key: string): number | undefined => {
  const m = new RegExp(`/${key}\\s*(\\d+)\\s+0\\s+R`).exec(dict);
  return m ? Number(m[1]) : undefined;
};

/** A ToUnicode CMap as code → text (bfchar and bfrange entries). */
function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const utf16 = (hex: string) =>
    String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
  for (const block of cmap.match(/beginbfchar([\s\S]*?)endbfchar/g) ?? [])
    for (const [, code, text] of block.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
      map.set(parseInt(code, 16), utf16(text));
  for (const block of cmap.match(/beginbfrange([\s\S]*?)endbfrange/g) ?? [])
    for (const [, lo, hi, text] of block.matchAll(
      /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g
    )) {
      const first = parseInt(text, 16);
      for (let c = parseInt(lo, 16); c <= parseInt(hi, 16); c++)
        map.set(c, String.fromCharCode(first + c - parseInt(lo, 16)));
    }
  return map;
}

/** The bytes of a PDF string token: <hex> or (literal with escapes). */
function stringBytes(token: string): number[] {
  if (token.startsWith("<")) {
    const hex = token.slice(1, -1).replace(/\s+/g, "");
    return (hex.match(/.{1,2}/g) ?? []).map((h) => parseInt(h.padEnd(2, "0"), 16));
  }
  const out: number[] = [];
  const body = token.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== "\\") {
      out.push(ch.charCodeAt(0));
      continue;
    }
    const next = body[++i];
    const escapes: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12 };
    if (next in escapes) out.push(escapes[next]);
    else if (/[0-7]/.test(next)) {
      let octal = next;
      while (octal.length < 3 && /[0-7]/.test(body[i + 1])) octal += body[++i];
      out.push(parseInt(octal, 8));
    } else out.push(next.charCodeAt(0));
  }
  return out;
}

interface PdfFont {
  unicode: Map<number, string>;
  /** Advance widths in thousandths of the font size, by code; absent: a full em (conservative). */
  widths: Map<number, number>;
}

/** A run of text as drawn: where it starts and ends across the page (points from the left edge), its text. */
export interface TextRun {
  x0: number;
  x1: number;
  y: number;
  text: string;
}

/**
 * The text a content stream draws with Tj / TJ (each font's codes through its ToUnicode map), and where: the
 * text matrix set by Td / Tm (LibreOffice uses no cm and no Tz), advanced by the glyphs' widths and TJ's kerning.
 */
function pageRuns(content: string, fonts: Map<string, PdfFont>): TextRun[] {
  const runs: TextRun[] = [];
  let font: PdfFont | undefined;
  let size = 0;
  let line = { x: 0, y: 0 };
  let x = 0;
  const tokens =
    /\/([^\s/<>()[\]]+)\s+([\d.]+)\s+Tf|([-\d.]+)\s+([-\d.]+)\s+Td|[-\d.]+\s+[-\d.]+\s+[-\d.]+\s+[-\d.]+\s+([-\d.]+)\s+([-\d.]+)\s+Tm|(<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))|(-?[\d.]+)(?=[\s<(\]])|(Tj|TJ)\b|\b(BT)\b/g;
  let pending = { text: "", advance: 0 };
  let m: RegExpExecArray | null;
  while ((m = tokens.exec(content))) {
    if (m[1]) {
      font = fonts.get(m[1]);
      size = Number(m[2]);
    } else if (m[3]) {
      line = { x: line.x + Number(m[3]), y: line.y + Number(m[4]) };
      x = line.x;
    } else if (m[5]) {
      line = { x: Number(m[5]), y: Number(m[6]) };
      x = line.x;
    } else if (m[7]) {
      for (const code of stringBytes(m[7])) {
        pending.text += font?.unicode.get(code) ?? "";
        pending.advance += ((font?.widths.get(code) ?? 1000) / 1000) * size;
      }
    } else if (m[8]) {
      // A number inside a TJ array: kerning in thousandths of the size, positive to the left.
      pending.advance -= (Number(m[8]) / 1000) * size;
    } else if (m[9]) {
      runs.push({ x0: x, x1: x + pending.advance, y: line.y, text: pending.text });
      x += pending.advance;
      pending = { text: "", advance: 0 };
    } else if (m[10]) {
      line = { x: 0, y: 0 };
      x = 0;
    }
  }
  return runs;
}

/** The pages of a PDF LibreOffice wrote: size and text. */
export function readPdf(pdf: Buffer): PdfPage[] {
  const objects = objectsOf(pdf);
  const get = (n: number) => {
    const o = objects.get(n);
    if (!o) throw new Error(`pdf: object ${n} missing`);
    return o;
  };
  const inlineOrRef = (dict: string, key: string): string | undefined => {
    const ref = refIn(dict, key);
    if (ref !== undefined) return get(ref).dict;
    const at = dict.indexOf(`/${key}`);
    if (at < 0) return undefined;
    // An inline dictionary: up to its matching >>.
    let depth = 0;
    for (let i = dict.indexOf("<<", at); i < dict.length; i++) {
      if (dict.startsWith("<<", i)) (depth++, i++);
      else if (dict.startsWith(">>", i)) {
        depth--;
        i++;
        if (depth === 0) return dict.slice(at, i + 1);
      }
    }
    return undefined;
  };
  // Pages in document order: the page tree from the catalog's /Pages, depth first.
  const catalog = [...objects.values()].find((o) => /\/Type\s*\/Catalog/.test(o.dict));
  if (!catalog) throw new Error("pdf: no catalog");
  const order: number[] = [];
  const walk = (n: number) => {
    const dict = get(n).dict;
    if (/\/Type\s*\/Pages/.test(dict)) {
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(dict)?.[1] ?? "";
      for (const [, kid] of kids.matchAll(/(\d+)\s+0\s+R/g)) walk(Number(kid));
    } else order.push(n);
  };
  walk(refIn(catalog.dict, "Pages")!);
  return order.map((n) => {
    const dict = get(n).dict;
    const box = /\/MediaBox\s*\[\s*([-\d.\s]+)\]/.exec(dict)?.[1].trim().split(/\s+/).map(Number);
    if (!box || box.length !== 4) throw new Error(`pdf: page ${n} has no MediaBox`);
    const resources = inlineOrRef(dict, "Resources") ?? "";
    const fontDict = inlineOrRef(resources, "Font") ?? "";
    const fonts = new Map<string, PdfFont>();
    for (const [, name, ref] of fontDict.matchAll(/\/([^\s/<>]+)\s+(\d+)\s+0\s+R/g)) {
      const font = get(Number(ref)).dict;
      const cmap = refIn(font, "ToUnicode");
      const first = Number(/\/FirstChar\s+(\d+)/.exec(font)?.[1] ?? 0);
      const list = (/\/Widths\s*\[([^\]]*)\]/.exec(font)?.[1] ?? "").trim().split(/\s+/);
      fonts.set(name, {
        unicode: cmap === undefined ? new Map() : toUnicode(streamOf(get(cmap)).toString("latin1")),
        widths: new Map(list.filter(Boolean).map((w, i) => [first + i, Number(w)])),
      });
    }
    const array = /\/Contents\s*\[([^\]]*)\]/.exec(dict)?.[1];
    const streams = array
      ? [...array.matchAll(/(\d+)\s+0\s+R/g)].map((c) => Number(c[1]))
      : [refIn(dict, "Contents")].filter((ref): ref is number => ref !== undefined);
    const runs = streams.flatMap((ref) => pageRuns(streamOf(get(ref)).toString("latin1"), fonts));
    const text = runs.map((r) => r.text).join("");
    return { width: box[2] - box[0], height: box[3] - box[1], text, runs };
  });
}
