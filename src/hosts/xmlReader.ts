/**
 * A small pull reader of the plain XML every spreadsheet writer produces, reading text and attributes as saxes (the
 * XML parser under ExcelJS) reads them. Whatever it cannot be sure to read the same way — DOCTYPE, CDATA, comments,
 * carriage returns, an unknown entity, a character XML forbids — it refuses (throws Refused), and its callers read
 * the part with ExcelJS instead: the lean snapshot reader (xlsxSnapshot.ts).
 */

/** Thrown wherever a reader cannot be sure to read as ExcelJS does: the caller falls back to ExcelJS. */
export class Refused extends Error {}
export const refuse = (why: string): never => {
  throw new Refused(why);
};

export const OPEN = 1;
export const CLOSE = 2;
export const TEXT = 3;
export const END = 4;

const TAG = /<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
const CLOSE_TAG = /<\/([A-Za-z_][\w.:-]*)\s*>/y;
const ATTRIBUTE = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/g;
const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
/** Characters XML 1.0 forbids (saxes fails on them), lone surrogates included. */
const BAD_CHARS =
  // eslint-disable-next-line no-control-regex -- the control characters are what it finds
  /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const DECLARATION = /^<\?xml\s+version\s*=\s*(["'])1\.0\1[^<>?]*\?>/;

/** Entity and character references decoded as saxes decodes them; anything it would refuse, refused. */
function decode(raw: string): string {
  if (raw.indexOf("&") < 0) return raw;
  const text = raw.replace(ENTITY, (_m, name: string, dec: string, hex: string) => {
    if (name) return NAMED[name];
    const code = dec ? Number(dec) : parseInt(hex, 16);
    if (
      !(code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff)) &&
      !(code >= 0xe000 && code <= 0xfffd) &&
      !(code >= 0x10000 && code <= 0x10ffff)
    )
      refuse("character reference to a character XML forbids");
    return String.fromCodePoint(code);
  });
  // A bare & left over (an unknown entity, or none) is an error to saxes.
  if (raw.replace(ENTITY, "").includes("&")) refuse("unknown entity");
  return text;
}

/**
 * A pull reader over one part's text: open tags (with their raw attributes), text, close tags. Only well-formed
 * XML of the plain kind every spreadsheet writer produces is read — no DOCTYPE, CDATA, comments or processing
 * instructions past the declaration, no carriage returns (saxes would normalise them) — else Refused.
 */
export class XmlReader {
  kind = END;
  name = "";
  attrs = "";
  text = "";
  private pos = 0;
  private pendingClose: string | undefined;
  private readonly stack: string[] = [];
  private rootDone = false;

  constructor(private readonly xml: string) {
    if (BAD_CHARS.test(xml)) refuse("a character XML forbids");
    if (xml.includes("\r")) refuse("a carriage return");
    const declaration = DECLARATION.exec(xml);
    if (declaration) this.pos = declaration[0].length;
    else if (xml.startsWith("<?")) refuse("an XML declaration other than 1.0");
  }

  /** Moves to the next event; returns its kind. */
  next(): number {
    if (this.pendingClose !== undefined) {
      this.kind = CLOSE;
      this.name = this.pendingClose;
      this.pendingClose = undefined;
      this.stack.pop();
      if (!this.stack.length) this.rootDone = true;
      return CLOSE;
    }
    const { xml } = this;
    const lt = xml.indexOf("<", this.pos);
    const end = lt < 0 ? xml.length : lt;
    if (end > this.pos) {
      const raw = xml.slice(this.pos, end);
      this.pos = end;
      if (!this.stack.length) {
        if (raw.trim()) refuse("text outside the root element");
        return this.next();
      }
      if (raw.includes("]]>")) refuse("]]> in text");
      this.kind = TEXT;
      this.text = decode(raw);
      return TEXT;
    }
    if (lt < 0) {
      if (this.stack.length || !this.rootDone) refuse("the part ends inside an element");
      this.kind = END;
      return END;
    }
    const c = xml.charCodeAt(lt + 1);
    if (c === 47 /* / */) {
      CLOSE_TAG.lastIndex = lt;
      const m = CLOSE_TAG.exec(xml);
      if (!m || this.stack.pop() !== m[1]) refuse("a close tag that does not match");
      this.pos = CLOSE_TAG.lastIndex;
      this.kind = CLOSE;
      this.name = m![1];
      if (!this.stack.length) this.rootDone = true;
      return CLOSE;
    }
    if (c === 33 /* ! */ || c === 63 /* ? */) refuse("a comment, CDATA, DOCTYPE or instruction");
    TAG.lastIndex = lt;
    const m = TAG.exec(xml);
    if (!m) refuse("a tag this reader does not read");
    if (this.rootDone) refuse("a second root element");
    this.pos = TAG.lastIndex;
    this.kind = OPEN;
    this.name = m![1];
    this.attrs = m![2];
    this.stack.push(this.name);
    if (m![3]) this.pendingClose = this.name;
    return OPEN;
  }

  /** The attributes of the open tag, decoded (saxes refuses a repeated one; so does this). */
  attributes(): Record<string, string> {
    const out: Record<string, string> = Object.create(null);
    if (!this.attrs) return out;
    ATTRIBUTE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = ATTRIBUTE.exec(this.attrs))) {
      const raw = m[2] ?? m[3];
      if (m[1] in out) refuse("a repeated attribute");
      // saxes normalises tabs and line feeds in attribute values.
      if (/[\t\n]/.test(raw)) refuse("white space to normalise in an attribute");
      out[m[1]] = decode(raw);
    }
    return out;
  }

  /** Skips the rest of the element just opened (its content checked all the same); calls `seen` on each name. */
  skip(seen?: (name: string) => void): void {
    let depth = 1;
    while (depth > 0) {
      const kind = this.next();
      if (kind === OPEN) {
        depth++;
        seen?.(this.name);
      } else if (kind === CLOSE) depth--;
      else if (kind === END) refuse("the part ends inside an element");
    }
  }

  /** The text of the element just opened, which must hold nothing but text. */
  textContent(): string | undefined {
    let text: string | undefined;
    for (;;) {
      const kind = this.next();
      if (kind === TEXT) text = (text ?? "") + this.text;
      else if (kind === CLOSE) return text;
      else refuse("an element inside a text element");
    }
  }

  /** Reads to the end of the part (the rest must be well-formed too). */
  finish(): void {
    while (this.next() !== END);
  }
}
