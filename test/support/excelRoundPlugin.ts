/**
 * Excel's ROUND for HyperFormula, so that HyperFormula can stand in for Excel / LibreOffice in tests.
 *
 * Why: HyperFormula 3.5's ROUND (node_modules/hyperformula/commonjs/interpreter/plugin/RoundingPlugin.js) is
 * `Math.round(x * 10^d) / 10^d`, which rounds the binary double: ROUND(1.005, 2) is 1 there because 1.005 is
 * stored as 1.00499999999999989…, and 1 − (0.1675 − 0.1) × 10 = 0.32499999999999996 rounds to 0.32. Excel and
 * LibreOffice round the number *as displayed to 15 significant digits*, half away from zero: 1.01 and 0.33.
 * The engine follows Excel, so the comparison needs a HyperFormula whose ROUND does too.
 *
 * This is written independently of the engine's `excelRound` (src/domain/excelMath.ts) on purpose — a shared
 * bug would otherwise pass unnoticed. Here: the 15 significant digits come from `toExponential(14)` as an
 * integer mantissa D and a power of ten, and rounding is BigInt division with a half-away-from-zero remainder test.
 *
 * Use it per instance (no global registry change):
 *   HyperFormula.buildEmpty({ licenseKey: "gpl-v3", functionPlugins: withExcelRound() })
 */
import {
  FunctionArgumentType,
  FunctionPlugin,
  HyperFormula,
  type FunctionPluginDefinition,
  type ImplementedFunctions,
} from "hyperformula";
import type { InterpreterState } from "hyperformula/typings/interpreter/InterpreterState";
import type { InterpreterValue } from "hyperformula/typings/interpreter/InterpreterValue";
import type { ProcedureAst } from "hyperformula/typings/parser";

const TEN = BigInt(10);

/**
 * ROUND(x, places) as Excel documents it: half away from zero, on x as shown to 15 significant digits.
 * `places` is truncated toward zero, like Excel does with a fractional second argument.
 */
export function excelRoundReference(x: number, placesArg: number): number {
  const places = Math.trunc(placesArg);
  if (!Number.isFinite(x)) return x;
  if (x === 0) return 0;
  const sign = x < 0 ? -1 : 1;
  // "d.dddddddddddddde±N": 15 significant digits, |x| ≈ D × 10^(N − 14).
  const [mantissa, exponentText] = Math.abs(x).toExponential(14).split("e");
  const D = BigInt(mantissa.replace(".", ""));
  const exponent = Number(exponentText) - 14;
  // |x| × 10^places ≈ D × 10^shift; rounding to an integer at that scale is rounding x to `places` decimals.
  const shift = exponent + places;
  if (shift >= 0) return x; // no digit of the 15 lies beyond the rounding position
  const divisor = TEN ** BigInt(-shift);
  let q = D / divisor;
  if ((D % divisor) * BigInt(2) >= divisor) q += BigInt(1); // half away from zero (on the magnitude)
  // q × 10^-places, read back as the decimal it is: q / 10^places is correctly rounded for places ≤ 22.
  const magnitude = places >= 0 ? Number(q) / 10 ** places : Number(q) * 10 ** -places;
  return sign * magnitude || 0; // Excel has no negative zero: ROUND(-0.001, 2) is 0
}

export class ExcelRoundPlugin extends FunctionPlugin {
  static implementedFunctions: ImplementedFunctions = {
    ROUND: {
      method: "round",
      parameters: [
        { argumentType: FunctionArgumentType.NUMBER },
        { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 },
      ],
    },
  };

  round(ast: ProcedureAst, state: InterpreterState): InterpreterValue {
    return this.runFunction(ast.args, state, this.metadata("ROUND"), (x: number, places: number) =>
      excelRoundReference(x, places)
    );
  }
}

/**
 * The `functionPlugins` list for an instance: every registered plugin, then ours, which replaces ROUND
 * (a later plugin overrides an earlier one's function in the instance registry).
 */
export function withExcelRound(): FunctionPluginDefinition[] {
  return [...HyperFormula.getAllFunctionPlugins(), ExcelRoundPlugin];
}
