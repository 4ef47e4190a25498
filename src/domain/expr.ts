/**
 * A tiny expression tree shared by the engine and the spreadsheet: every rule is compiled to an `Expr`,
 * which is both evaluated here (`evaluate.ts`) and printed as an Excel formula (`formula.ts`). One tree,
 * two outputs — that is what makes the formulas in the user's sheet give the engine's digits.
 */
export type BinaryOp = "+" | "-" | "*" | "/";
export type CompareOp = "<" | "<=" | ">" | ">=" | "=" | "<>";

export type Expr =
  | { t: "num"; v: number }
  | { t: "str"; v: string }
  /** A named input or derived metric (an Excel defined name). */
  | { t: "ref"; key: string }
  /** The named input, or `fallback` when it is blank. */
  | { t: "refOr"; key: string; fallback: Expr }
  | { t: "bin"; op: BinaryOp; a: Expr; b: Expr }
  | { t: "cmp"; op: CompareOp; a: Expr; b: Expr }
  | { t: "if"; cond: Expr; then: Expr; else: Expr }
  | { t: "and" | "or"; args: Expr[] }
  | { t: "min" | "max"; args: Expr[] }
  | { t: "round"; x: Expr; digits: number };

/** Literals are kept to 15 significant digits, the precision at which a spreadsheet reads a typed number. */
const spreadsheetLiterals = new Map<number, number>();
export const num = (v: number): Expr => {
  let literal = spreadsheetLiterals.get(v);
  if (literal === undefined) {
    literal = Number(v.toPrecision(15));
    if (spreadsheetLiterals.size < 10000) spreadsheetLiterals.set(v, literal);
  }
  return { t: "num", v: literal };
};
export const str = (v: string): Expr => ({ t: "str", v });
export const ref = (key: string): Expr => ({ t: "ref", key });
export const refOr = (key: string, fallback: Expr): Expr => ({ t: "refOr", key, fallback });
export const add = (a: Expr, b: Expr): Expr => ({ t: "bin", op: "+", a, b });
export const sub = (a: Expr, b: Expr): Expr => ({ t: "bin", op: "-", a, b });
export const mul = (a: Expr, b: Expr): Expr => ({ t: "bin", op: "*", a, b });
/** weight × x, printed without a needless `1*`. */
export const times = (weight: number, x: Expr): Expr => (weight === 1 ? x : mul(x, num(weight)));
export const div = (a: Expr, b: Expr): Expr => ({ t: "bin", op: "/", a, b });
export const cmp = (op: CompareOp, a: Expr, b: Expr): Expr => ({ t: "cmp", op, a, b });
export const iff = (cond: Expr, then: Expr, otherwise: Expr): Expr => ({
  t: "if",
  cond,
  then,
  else: otherwise,
});
export const and = (...args: Expr[]): Expr => (args.length === 1 ? args[0] : { t: "and", args });
export const or = (...args: Expr[]): Expr => (args.length === 1 ? args[0] : { t: "or", args });
export const min = (...args: Expr[]): Expr => ({ t: "min", args });
export const max = (...args: Expr[]): Expr => ({ t: "max", args });
/** a + b + c …, left to right as a spreadsheet adds (not SUM(), which LibreOffice adds with compensation). */
export const sum = (args: Expr[]): Expr => args.reduce((acc, x) => add(acc, x));
export const round = (x: Expr, digits = 2): Expr => ({ t: "round", x, digits });
/** `x` clamped to `[lo, hi]`. */
export const clamp = (x: Expr, lo: number, hi: number): Expr => min(num(hi), max(num(lo), x));

/** The expressions directly inside `e` (a fallback included), in order. */
export function childrenOf(e: Expr): Expr[] {
  switch (e.t) {
    case "num":
    case "str":
    case "ref":
      return [];
    case "refOr":
      return [e.fallback];
    case "bin":
    case "cmp":
      return [e.a, e.b];
    case "if":
      return [e.cond, e.then, e.else];
    case "and":
    case "or":
    case "min":
    case "max":
      return e.args;
    case "round":
      return [e.x];
  }
}

/** Every name the expression reads, in order of first appearance (fallbacks included). */
export function refsOf(e: Expr, out: string[] = []): string[] {
  const visit = (x: Expr): void => {
    if ((x.t === "ref" || x.t === "refOr") && !out.includes(x.key)) out.push(x.key);
    childrenOf(x).forEach(visit);
  };
  visit(e);
  return out;
}
