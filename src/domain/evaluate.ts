import { approxAdd, approxSub, compareNumbers, excelRound } from "./excelMath";
import type { Expr } from "./expr";

/** What a cell can hold once read: a number, a text (是 / 否, a tier), or a truth value. */
export type Value = number | string | boolean;

/** A division whose divisor is 0 (Excel's #DIV/0!). `divisor` is the divisor's input key when it is one. */
export class DivisionByZero extends Error {
  constructor(readonly divisor: string | undefined) {
    super(`division by zero${divisor ? ` (${divisor})` : ""}`);
  }
}

/** A name with no value: the caller checks inputs first, so this means a framework refers to an unknown name. */
export class UnresolvedName extends Error {
  constructor(readonly key: string) {
    super(`unresolved name ${key}`);
  }
}

/** Looks a name up: `undefined` when the input is blank. */
export type Resolve = (key: string) => Value | undefined;

function asNumber(v: Value): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  throw new TypeError(`expected a number, got text "${v}"`);
}

function isTrue(v: Value): boolean {
  if (typeof v === "string") throw new TypeError(`expected a truth value, got text "${v}"`);
  return v === true || (typeof v === "number" && v !== 0);
}

function compareValues(op: string, a: Value, b: Value): boolean {
  if (typeof a === "string" || typeof b === "string") {
    const same = typeof a === typeof b && String(a).toLowerCase() === String(b).toLowerCase();
    if (op === "=") return same;
    if (op === "<>") return !same;
    throw new TypeError(`cannot order text with ${op}`);
  }
  const c = compareNumbers(asNumber(a), asNumber(b));
  switch (op) {
    case "<":
      return c < 0;
    case "<=":
      return c <= 0;
    case ">":
      return c > 0;
    case ">=":
      return c >= 0;
    case "=":
      return c === 0;
    default:
      return c !== 0;
  }
}

/** Evaluates an expression as a spreadsheet would: lazy IF, approximate comparisons, Excel's ROUND. */
export function evaluate(e: Expr, resolve: Resolve): Value {
  switch (e.t) {
    case "num":
    case "str":
      return e.v;
    case "ref": {
      const v = resolve(e.key);
      if (v === undefined) throw new UnresolvedName(e.key);
      return v;
    }
    case "refOr": {
      const v = resolve(e.key);
      return v === undefined ? evaluate(e.fallback, resolve) : v;
    }
    case "bin": {
      const a = asNumber(evaluate(e.a, resolve));
      const b = asNumber(evaluate(e.b, resolve));
      switch (e.op) {
        case "+":
          return approxAdd(a, b);
        case "-":
          return approxSub(a, b);
        case "*":
          return a * b;
        case "/":
          // A refOr divisor is named by its input too (contractStaff / totalStaff-or-fallback): totalStaff typed 0, or
          // blank with a zero fallback, is reported against totalStaff rather than as an anonymous calculation error.
          if (b === 0)
            throw new DivisionByZero(e.b.t === "ref" || e.b.t === "refOr" ? e.b.key : undefined);
          return a / b;
      }
      break;
    }
    case "cmp":
      return compareValues(e.op, evaluate(e.a, resolve), evaluate(e.b, resolve));
    case "if":
      return isTrue(evaluate(e.cond, resolve))
        ? evaluate(e.then, resolve)
        : evaluate(e.else, resolve);
    case "and":
      // Like Excel, AND and OR evaluate every argument (an error in any is an error of the whole).
      return e.args.map((x) => evaluate(x, resolve)).every(isTrue);
    case "or":
      return e.args.map((x) => evaluate(x, resolve)).some(isTrue);
    case "min":
      return Math.min(...e.args.map((x) => asNumber(evaluate(x, resolve))));
    case "max":
      return Math.max(...e.args.map((x) => asNumber(evaluate(x, resolve))));
    case "round":
      return excelRound(asNumber(evaluate(e.x, resolve)), e.digits);
  }
  throw new Error("unreachable");
}

/** Evaluates and requires a number. */
export function evaluateNumber(e: Expr, resolve: Resolve): number {
  return asNumber(evaluate(e, resolve));
}
