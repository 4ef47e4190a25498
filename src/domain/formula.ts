import type { Expr } from "./expr";

/**
 * Prints an expression as Excel formula text (without the leading `=`), English function names,
 * names as they stand (defined names). `nameOf` lets a caller print a name differently, e.g. as a cell
 * reference in an engine that has no defined names.
 */
export function toFormula(e: Expr, nameOf: (key: string) => string = (k) => k): string {
  return print(e, nameOf, 0);
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

function print(e: Expr, nameOf: (key: string) => string, context: number): string {
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
      return `IF(ISBLANK(${nameOf(e.key)}),${print(e.fallback, nameOf, 0)},${nameOf(e.key)})`;
    case "bin": {
      const p = PRECEDENCE[e.op];
      const left = print(e.a, nameOf, p);
      // Right operand of - and / binds tighter: a-(b-c), a/(b*c).
      const right = print(e.b, nameOf, e.op === "-" || e.op === "/" ? p + 1 : p);
      const text = `${left}${e.op}${right}`;
      return p < context ? `(${text})` : text;
    }
    case "cmp": {
      const text = `${print(e.a, nameOf, 2)}${e.op}${print(e.b, nameOf, 2)}`;
      return context > 0 ? `(${text})` : text;
    }
    case "if":
      return `IF(${print(e.cond, nameOf, 0)},${print(e.then, nameOf, 0)},${print(e.else, nameOf, 0)})`;
    case "and":
    case "or":
    case "min":
    case "max":
      return `${e.t.toUpperCase()}(${e.args.map((x) => print(x, nameOf, 0)).join(",")})`;
    case "round":
      return `ROUND(${print(e.x, nameOf, 0)},${e.digits})`;
  }
}
