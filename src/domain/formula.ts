import type { Expr } from "./expr";

/**
 * Prints an expression as Excel formula text (without the leading `=`), English function names,
 * names as they stand (defined names). `nameOf` lets a caller print a name differently, e.g. as a cell
 * reference in an engine that has no defined names.
 */
export function toFormula(
  e: Expr,
  nameOf: (key: string) => string = (k) => k,
  blankOf: (key: string) => string = (k) => `ISBLANK(${nameOf(k)})`
): string {
  return print(e, { nameOf, blankOf }, 0);
}

interface Names {
  nameOf: (key: string) => string;
  /** The test that a name is blank (an input read through a formula is blank by another test). */
  blankOf: (key: string) => string;
}

// Binding strength: comparison 1, + - 2, * / 3, atoms 9.
const PRECEDENCE: Record<string, number> = { "+": 2, "-": 2, "*": 3, "/": 3 };

export function formatNumberLiteral(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const text = String(v);
  if (!/e/i.test(text)) return text;
  // Expand exponent notation: Excel reads it, but plain decimals read the same in every locale-free engine.
  return v.toFixed(20).replace(/0+$/, "").replace(/\.$/, "");
}

function print(e: Expr, names: Names, context: number): string {
  const { nameOf } = names;
  switch (e.t) {
    case "num": {
      const text = formatNumberLiteral(e.v);
      return e.v < 0 ? `(${text})` : text;
    }
    case "str":
      return `"${e.v.replace(/"/g, '""')}"`;
    case "ref":
      return nameOf(e.key);
    case "refOr":
      return `IF(${names.blankOf(e.key)},${print(e.fallback, names, 0)},${nameOf(e.key)})`;
    case "bin": {
      const p = PRECEDENCE[e.op];
      const left = print(e.a, names, p);
      // A right operand of the same precedence keeps its parentheses: a-(b-c), a/(b*c), and a*(b/c), a+(b-c),
      // which a spreadsheet would otherwise compute left to right, to other digits.
      const right = print(e.b, names, p + 1);
      const text = `${left}${e.op}${right}`;
      return p < context ? `(${text})` : text;
    }
    case "cmp": {
      const text = `${print(e.a, names, 2)}${e.op}${print(e.b, names, 2)}`;
      return context > 0 ? `(${text})` : text;
    }
    case "if":
      return `IF(${print(e.cond, names, 0)},${print(e.then, names, 0)},${print(e.else, names, 0)})`;
    case "and":
    case "or":
    case "min":
    case "max":
      return `${e.t.toUpperCase()}(${e.args.map((x) => print(x, names, 0)).join(",")})`;
    case "round":
      return `ROUND(${print(e.x, names, 0)},${e.digits})`;
  }
}
