import type { Value } from "../evaluate";
import type { Expr } from "../expr";
import type { Framework, IndicatorDef, Lang } from "../types";

/** What a rule kind needs to compile itself. */
export interface CompileContext {
  framework: Framework;
  indicator: IndicatorDef;
}

/** What a rule kind needs to explain a score in words: the values behind it. */
export interface ExplainContext extends CompileContext {
  lang: Lang;
  /** An input's or metric's value (undefined when blank). */
  value(key: string): Value | undefined;
  /** Evaluates an expression over the same values. */
  evaluate(e: Expr): number;
  /** Whether a condition holds over the same values. */
  holds(e: Expr): boolean;
  /** The name of an input or metric in the current language. */
  label(key: string): string;
}
