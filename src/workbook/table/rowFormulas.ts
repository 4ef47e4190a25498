/**
 * The live formulas of a 绩效指标 row, mirroring scoreTable.ts step by step so the sheet shows the engine's
 * digits. What Excel cannot parse (≥40万人份, a tier typed as text) is written as the number Recompute read,
 * guarded by the text it was read from: when the user edits that text the row goes blank until the next
 * Recompute, never shows a stale number. A number typed as the actual value is live.
 */
import type { IndicatorRowResult } from "../../domain/indicatorTable/scoreTable";
import { TIER_SHARE } from "../../domain/indicatorTable/scoreTable";
import { formatNumberLiteral } from "../../domain/formula";
import { address } from "../snapshot";
import type { CellValue } from "../snapshot";
import { TABLE_COLS } from "./layout";

/** A cell value as a formula literal: a number, a quoted text, or "" for a blank cell. */
export function literal(v: CellValue): string {
  if (typeof v === "number") return v < 0 ? `(${formatNumberLiteral(v)})` : formatNumberLiteral(v);
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  const s = v === null ? "" : typeof v === "object" ? v.error : v;
  return `"${s.replace(/"/g, '""')}"`;
}

/** TRUE while the cell holds what it held when Recompute read it. */
function unchanged(cell: string, v: CellValue): string {
  return typeof v === "number"
    ? `AND(ISNUMBER(${cell}),${cell}=${literal(v)})`
    : `${cell}=${literal(v)}`;
}

export interface RowCells {
  target: CellValue;
  actual: CellValue;
  unit: CellValue;
  tier: CellValue;
}

export interface RowFormulas {
  targetValue?: string;
  actualValue?: string;
  completion?: string;
  rawWeight: string;
  /** Written once the feed's weight-sum cell is known. */
  effectiveWeight: (max: number, weightSumCell: string) => string;
  score?: string;
  /** TRUE while the row counts as Recompute scored it (the total's completeness check). */
  stillScored: string;
}

const number = (n: number | null) => (n === null ? '""' : literal(n));

/**
 * `active` is false for a 不适用 row (its weight goes to the others); a row whose target cannot be read is active
 * but unscored, so the total stays blank until it is fixed and recomputed, as in the engine.
 */
export function rowFormulas(
  row: number,
  result: IndicatorRowResult,
  cells: RowCells,
  active: boolean
): RowFormulas {
  const c = TABLE_COLS;
  const at = (col: number) => address(row, col);
  const [D, E, F, G, H, K, L, M, N, Q] = [
    c.target,
    c.actual,
    c.unit,
    c.weight,
    c.tier,
    c.targetValue,
    c.actualValue,
    c.completion,
    c.effectiveWeight,
    c.rawWeight,
  ].map(at);
  const sameTarget = `AND(${unchanged(D, cells.target)},${unchanged(F, cells.unit)})`;
  const sameActual = `AND(${unchanged(E, cells.actual)},${unchanged(F, cells.unit)})`;
  const rawWeight = `=IF(AND(ISNUMBER(${G}),${G}>=0),${G},1)`;
  // scoreTable: scale = max / Σ weights, 0 when the weights sum to 0.
  const effectiveWeight = (max: number, sum: string) =>
    `=IF(${sum}>0,${Q}*(${literal(max)}/${sum}),0)`;
  const score = `=IF(ISNUMBER(${M}),ROUND(${N}*${M},2),"")`;
  const stillScored = `ISNUMBER(${M})`;
  switch (result.direction) {
    case "na":
      return active
        ? { rawWeight, effectiveWeight, stillScored: "FALSE" }
        : { rawWeight: "=0", effectiveWeight: () => "=0", stillScored: sameTarget };
    case "qualitative": {
      // scoreTable's tierShare: a number 0…1, 达成 / 部分达成 / 未达成; otherwise what Recompute found, while unchanged.
      const share = result.completion;
      const fallback = `IF(AND(${sameTarget},${sameActual},${unchanged(H, cells.tier)}),${number(share)},"")`;
      const named = Object.entries(TIER_SHARE).reduceRight(
        (rest, [tier, s]) => `IF(TRIM(${H})="${tier}",${literal(s)},${rest})`,
        fallback
      );
      return {
        completion: `=IF(${sameTarget},IF(ISNUMBER(${H}),IF(AND(${H}>=0,${H}<=1),${H},${fallback}),${named}),"")`,
        rawWeight,
        effectiveWeight,
        score,
        stillScored,
      };
    }
    default: {
      const targetValue = `=IF(${sameTarget},${number(result.target)},"")`;
      const actualValue =
        result.actual === null
          ? `=IF(ISNUMBER(${E}),${E},"")`
          : `=IF(ISNUMBER(${E}),${E},IF(${sameActual},${number(result.actual)},""))`;
      const both = `AND(ISNUMBER(${K}),ISNUMBER(${L}))`;
      const gap = `IF(${K}=0,ABS(${L}),ABS(${L}-${K})/ABS(${K}))`;
      const reach =
        result.direction === "forward"
          ? `IF(${L}>=${K},1,IF(${K}=0,0,MAX(0,${L}/${K})))`
          : result.direction === "reverse"
            ? `IF(${L}<=${K},1,IF(${L}=0,0,MAX(0,${K}/${L})))`
            : `IF(${gap}<=0.005,1,MAX(0,1-${gap}))`;
      return {
        targetValue,
        actualValue,
        completion: `=IF(${both},${reach},"")`,
        rawWeight,
        effectiveWeight,
        score,
        stillScored,
      };
    }
  }
}
