/**
 * The formula syntax of a framework file: the Excel formulas the add-in writes into the sheet, over the
 * framework's names — numbers (`0.9`, `90%`), texts (`"是"` or `“是”`), names (`carryOver`), `+ - * /`, comparisons
 * `< <= > >= = <>`, and IF, AND, OR, MIN, MAX, SUM, ROUND; `IF(ISBLANK(name), fallback, name)` is the name, or
 * the fallback when it is blank. A formula parses into the engine's own `Expr`, so what the sheet shows is what the
 * file says (`toFormula` prints an `Expr` back in this syntax).
 */
import {
  add,
  cmp,
  div,
  iff,
  mul,
  num,
  ref,
  refOr,
  round,
  str,
  sub,
  type CompareOp,
  type Expr,
} from "../../expr";
import { plural, say } from "../../i18n";
import type { Lang } from "../../types";

export type FormulaResult =
  | { ok: true; expr: Expr }
  /** `at` is the 0-based position in the text the message points to. */
  | { ok: false; at: number; message: string };

type NameToken = { t: "name"; v: string; at: number; text: string };
type OpToken = { t: "op"; v: string; at: number; text: string };
type Token =
  | { t: "num"; v: number; at: number; text: string }
  | { t: "str"; v: string; at: number; text: string }
  | NameToken
  | OpToken
  | { t: "end"; at: number; text: string };

class FormulaError extends Error {
  constructor(
    readonly at: number,
    message: string
  ) {
    super(message);
  }
}

/** Full-width ASCII (（）＜＝，０-９) as typed on a Chinese keyboard, read as its ASCII twin; positions unchanged. */
const halfWidth = (text: string): string =>
  text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

const WIDE_OPS: Record<string, string> = { "≤": "<=", "≥": ">=", "≠": "<>" };

function tokenize(source: string, lang: Lang): Token[] {
  const text = halfWidth(source);
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const number = /^(\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?(%?)/.exec(text.slice(i));
    if (number) {
      const [whole, , percent] = number;
      const digits = percent ? whole.slice(0, -1) : whole;
      tokens.push({
        t: "num",
        v: percent ? Number(`${digits}e-2`) : Number(digits),
        at: i,
        text: whole,
      });
      i += whole.length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (name) {
      tokens.push({ t: "name", v: name[0], at: i, text: name[0] });
      i += name[0].length;
      continue;
    }
    if (c === '"' || c === "“" || c === "”") {
      const close = c === '"' ? '"' : "”";
      let value = "";
      let j = i + 1;
      for (;;) {
        if (j >= text.length)
          throw new FormulaError(
            i,
            say(lang, "文本缺少结尾的引号", "the text has no closing quote")
          );
        if (text[j] === close && close === '"' && text[j + 1] === '"') {
          value += '"';
          j += 2;
        } else if (text[j] === close) break;
        else value += text[j++];
      }
      tokens.push({ t: "str", v: value, at: i, text: text.slice(i, j + 1) });
      i = j + 1;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === "<=" || two === ">=" || two === "<>") {
      tokens.push({ t: "op", v: two, at: i, text: two });
      i += 2;
      continue;
    }
    if (WIDE_OPS[c]) {
      tokens.push({ t: "op", v: WIDE_OPS[c], at: i, text: c });
      i++;
      continue;
    }
    if ("+-*/<>=(),".includes(c)) {
      tokens.push({ t: "op", v: c, at: i, text: c });
      i++;
      continue;
    }
    throw new FormulaError(
      i,
      say(lang, `字符“${source[i]}”无法识别`, `the character "${source[i]}" is not understood`)
    );
  }
  tokens.push({ t: "end", at: text.length, text: "" });
  return tokens;
}

const COMPARE_OPS = new Set(["<", "<=", ">", ">=", "=", "<>"]);
const FUNCTIONS = "IF、AND、OR、MIN、MAX、SUM、ROUND、IF(ISBLANK(名称), 备用值, 名称)";
const FUNCTIONS_EN = "IF, AND, OR, MIN, MAX, SUM, ROUND, IF(ISBLANK(name), fallback, name)";

/** A marker for ISBLANK(name) while its IF is parsed; never left in a result. */
interface Blank {
  blank: string;
  at: number;
}
type Node = Expr | Blank;
const isBlankNode = (n: Node): n is Blank => "blank" in n;

class Parser {
  private pos = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly lang: Lang
  ) {}

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private next(): Token {
    return this.tokens[this.pos++];
  }

  private isOp(v: string): boolean {
    const t = this.peek();
    return t.t === "op" && t.v === v;
  }

  private unexpected(t: Token): FormulaError {
    return t.t === "end"
      ? new FormulaError(t.at, say(this.lang, "公式不完整", "the formula ends too early"))
      : new FormulaError(
          t.at,
          say(this.lang, `此处不应出现“${t.text}”`, `"${t.text}" is not expected here`)
        );
  }

  private expect(v: string): void {
    const t = this.peek();
    if (t.t === "op" && t.v === v) {
      this.pos++;
      return;
    }
    throw t.t === "end"
      ? new FormulaError(
          t.at,
          say(this.lang, `公式不完整，缺少“${v}”`, `missing "${v}" at the end`)
        )
      : new FormulaError(
          t.at,
          say(this.lang, `此处应为“${v}”，现为“${t.text}”`, `expected "${v}" here, not "${t.text}"`)
        );
  }

  /** The whole formula. */
  formula(): Expr {
    if (this.peek().t === "end")
      throw new FormulaError(0, say(this.lang, "公式为空", "the formula is empty"));
    const e = this.expr();
    const t = this.peek();
    if (t.t !== "end") throw this.unexpected(t);
    return e;
  }

  private expr(): Expr {
    return this.plain(this.comparison());
  }

  private plain(n: Node): Expr {
    if (isBlankNode(n))
      throw new FormulaError(
        n.at,
        say(
          this.lang,
          "ISBLANK 只能写成 IF(ISBLANK(名称), 名称为空时的值, 名称)",
          "ISBLANK is only understood as IF(ISBLANK(name), value when blank, name)"
        )
      );
    return n;
  }

  private comparison(): Node {
    const left = this.additive();
    const t = this.peek();
    if (t.t !== "op" || !COMPARE_OPS.has(t.v)) return left;
    this.pos++;
    const right = this.additive();
    const after = this.peek();
    if (after.t === "op" && COMPARE_OPS.has(after.v))
      throw new FormulaError(
        after.at,
        say(
          this.lang,
          "比较不能连写（如 a<b<c），请写成 AND(a<b, b<c)",
          "comparisons cannot be chained (a<b<c); write AND(a<b, b<c)"
        )
      );
    return cmp(t.v as CompareOp, this.plain(left), this.plain(right));
  }

  private additive(): Node {
    let left = this.term();
    while (this.isOp("+") || this.isOp("-")) {
      const op = (this.next() as OpToken).v;
      const right = this.plain(this.term());
      left = op === "+" ? add(this.plain(left), right) : sub(this.plain(left), right);
    }
    return left;
  }

  private term(): Node {
    let left = this.unary();
    while (this.isOp("*") || this.isOp("/")) {
      const op = (this.next() as OpToken).v;
      const right = this.plain(this.unary());
      left = op === "*" ? mul(this.plain(left), right) : div(this.plain(left), right);
    }
    return left;
  }

  private unary(): Node {
    if (!this.isOp("-")) return this.primary();
    this.pos++;
    const t = this.peek();
    // −0.5 is a literal, as the sheet prints it: (-0.5).
    if (t.t === "num") {
      this.pos++;
      return num(-t.v);
    }
    return mul(num(-1), this.plain(this.unary()));
  }

  private primary(): Node {
    const t = this.next();
    switch (t.t) {
      case "num":
        return num(t.v);
      case "str":
        return str(t.v);
      case "name":
        return this.isOp("(") ? this.call(t) : ref(t.v);
      case "op":
        if (t.v === "(") {
          const inner = this.comparison();
          this.expect(")");
          return inner;
        }
        throw this.unexpected(t);
      default:
        throw this.unexpected(t);
    }
  }

  private args(): Node[] {
    this.expect("(");
    const out: Node[] = [];
    if (this.isOp(")")) {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.comparison());
      if (this.isOp(",")) {
        this.pos++;
        continue;
      }
      this.expect(")");
      return out;
    }
  }

  private arity(name: NameToken, args: Node[], count: number | "some"): void {
    const ok = count === "some" ? args.length >= 1 : args.length === count;
    if (ok) return;
    const want = count === "some" ? say(this.lang, "至少 1", "at least 1") : String(count);
    const wantEn = count === "some" ? "at least 1 argument" : plural(count, "argument");
    throw new FormulaError(
      name.at,
      say(
        this.lang,
        `${name.v.toUpperCase()} 需要 ${want} 个参数，现为 ${args.length} 个`,
        `${name.v.toUpperCase()} takes ${wantEn}, not ${args.length}`
      )
    );
  }

  private call(name: NameToken): Node {
    const fn = name.v.toUpperCase();
    if (fn === "ISBLANK") {
      const args = this.args();
      this.arity(name, args, 1);
      const [arg] = args;
      if (isBlankNode(arg) || arg.t !== "ref")
        throw new FormulaError(
          name.at,
          say(this.lang, "ISBLANK 的参数应为一个名称", "ISBLANK takes one name")
        );
      return { blank: arg.key, at: name.at };
    }
    const args = this.args();
    switch (fn) {
      case "IF": {
        this.arity(name, args, 3);
        const [cond, then, otherwise] = args;
        if (isBlankNode(cond)) {
          const e = this.plain(otherwise);
          if (e.t !== "ref" || e.key !== cond.blank)
            throw new FormulaError(
              cond.at,
              say(
                this.lang,
                `IF(ISBLANK(${cond.blank}), …) 的第 3 个参数应为 ${cond.blank}`,
                `the third argument of IF(ISBLANK(${cond.blank}), …) must be ${cond.blank}`
              )
            );
          return refOr(cond.blank, this.plain(then));
        }
        return iff(this.plain(cond), this.plain(then), this.plain(otherwise));
      }
      case "AND":
      case "OR":
      case "MIN":
      case "MAX": {
        this.arity(name, args, "some");
        const t = fn.toLowerCase() as "and" | "or" | "min" | "max";
        return { t, args: args.map((a) => this.plain(a)) };
      }
      case "SUM":
        this.arity(name, args, "some");
        return args.map((a) => this.plain(a)).reduce((acc, x) => add(acc, x));
      case "ROUND": {
        this.arity(name, args, 2);
        const digits = this.plain(args[1]);
        if (digits.t !== "num" || !Number.isInteger(digits.v))
          throw new FormulaError(
            name.at,
            say(
              this.lang,
              "ROUND 的第 2 个参数应为整数",
              "the second argument of ROUND must be a whole number"
            )
          );
        return round(this.plain(args[0]), digits.v);
      }
      default:
        throw new FormulaError(
          name.at,
          say(
            this.lang,
            `不支持函数 ${name.v}（可用：${FUNCTIONS}）`,
            `the function ${name.v} is not supported (available: ${FUNCTIONS_EN})`
          )
        );
    }
  }
}

/** Parses a formula; never throws. An error says where (`at`, 0-based) and what is wrong. */
export function parseFormula(text: string, lang: Lang = "zh"): FormulaResult {
  try {
    return { ok: true, expr: new Parser(tokenize(text, lang), lang).formula() };
  } catch (err) {
    if (err instanceof FormulaError) return { ok: false, at: err.at, message: err.message };
    throw err;
  }
}
