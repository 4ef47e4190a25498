/**
 * The live formulas of a 绩效指标 row, mirroring scoreTable.ts step by step so the sheet shows the engine's
 * digits; the framework's rules (tableScoring.ts: met, reach, cap, tier ranges) are the engine's own expression
 * trees printed over the row's cells. What Excel cannot parse (≥40万人份, a tier typed as text) is written as the
 * number Recompute read, guarded by the text it was read from: when the user edits that text the row goes blank
 * until the next Recompute, never shows a stale number. A number typed as the actual value, a weight, a tier or
 * a 得分 is live.
 */
import { selfScoreOf, type IndicatorRowResult } from "../../domain/indicatorTable/scoreTable";
import {
  capExpr,
  inTierExpr,
  reachExpr,
  tierDefaultShare,
  type TableScoring,
} from "../../domain/indicatorTable/tableScoring";
import { ref, type Expr } from "../../domain/expr";
import { formatNumberLiteral, toFormula } from "../../domain/formula";
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
  /** The department's 得分, as the cell held it. */
  selfScore: CellValue;
}

export interface RowFormulas {
  targetValue?: string;
  actualValue?: string;
  completion?: string;
  rawWeight: string;
  /** Written once the feed's weight-sum cell is known. */
  effectiveWeight: (max: number, weightSumCell: string) => string;
  score?: string;
  /** The 得分 as a share of the row's 分值 (hidden column). */
  selfShare: string;
  /** TRUE while the row counts as Recompute scored it (the total's completeness check). */
  stillScored: string;
}

/** An expression of tableScoring.ts printed over cells: `names` maps its names (T, A, q) to addresses. */
const printed = (e: Expr, names: Record<string, string>) => toFormula(e, (k) => names[k] ?? k);

/** A text compared exactly, as the engine compares a tier's name (Excel's = ignores case). */
const exactly = (cell: string, text: string) => `EXACT(TRIM(${cell}),${literal(text)})`;

const number = (n: number | null) => (n === null ? '""' : literal(n));

/**
 * `active` is false for a 不适用 row (its weight goes to the others); a row whose target cannot be read is active
 * but unscored, so the total stays blank until it is fixed and recomputed, as in the engine.
 */
export function rowFormulas(
  row: number,
  result: IndicatorRowResult,
  cells: RowCells,
  active: boolean,
  scoring: TableScoring
): RowFormulas {
  const c = TABLE_COLS;
  const at = (col: number) => address(row, col);
  const [D, E, F, G, H, K, L, M, N, Q, R, S] = [
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
    c.selfScore,
    c.selfShare,
  ].map(at);
  const sameTarget = `AND(${unchanged(D, cells.target)},${unchanged(F, cells.unit)})`;
  const sameActual = `AND(${unchanged(E, cells.actual)},${unchanged(F, cells.unit)})`;
  const rawWeight = `=IF(AND(ISNUMBER(${G}),${G}>=0),${G},1)`;
  // scoreTable: scale = max / Σ weights, 0 when the weights sum to 0.
  const effectiveWeight = (max: number, sum: string) =>
    `=IF(${sum}>0,${Q}*(${literal(max)}/${sum}),0)`;
  const score = `=IF(ISNUMBER(${M}),ROUND(${N}*${M},2),"")`;
  const stillScored = `ISNUMBER(${M})`;
  // scoreTable's q: the 得分 over the row's 分值 (the weight as given, else its share of the table). A 得分 typed as
  // text (5分) is the number Recompute read, while the cell still holds that text.
  const points = `IF(AND(ISNUMBER(${G}),${G}>=0),${G},${N})`;
  const readSelf = typeof cells.selfScore === "number" ? undefined : selfScoreOf(cells.selfScore);
  const selfShare = `=IF(${points}>0,IF(ISNUMBER(${R}),${R}/${points},${
    readSelf === undefined
      ? '""'
      : `IF(${unchanged(R, cells.selfScore)},${literal(readSelf)}/${points},"")`
  }),"")`;
  const capped = (x: string) => (scoring.cap ? `MIN(1,${x})` : x);
  switch (result.direction) {
    case "na":
      return active
        ? { rawWeight, effectiveWeight, selfShare, stillScored: "FALSE" }
        : { rawWeight: "=0", effectiveWeight: () => "=0", selfShare, stillScored: sameTarget };
    case "qualitative": {
      // scoreTable's qualitative share: a number 0…1 typed as the tier; a tier the rules name, at the 得分 when it
      // lies in the tier's range, else at the tier's default; no tier, the 得分 in whichever tier it lies in;
      // otherwise what Recompute found (the actual saying what the target says), while nothing changed.
      const share = result.completion;
      const fallback = `IF(AND(${sameTarget},${sameActual},${unchanged(H, cells.tier)},${unchanged(R, cells.selfScore)}),${number(share)},"")`;
      const within = (range: Parameters<typeof inTierExpr>[0]) =>
        printed(inTierExpr(range, ref("q")), { q: S });
      const tiers = Object.entries(scoring.tiers);
      const named = tiers.reduceRight((rest, [tier, range]) => {
        const d = literal(tierDefaultShare(scoring, tier));
        return `IF(${exactly(H, tier)},${capped(`IF(ISNUMBER(${S}),IF(${within(range)},${S},${d}),${d})`)},${rest})`;
      }, fallback);
      const anyTier =
        tiers.length === 1
          ? within(tiers[0][1])
          : `OR(${tiers.map(([, r]) => within(r)).join(",")})`;
      const untiered = `IF(ISNUMBER(${S}),IF(${anyTier},${capped(S)},${fallback}),${fallback})`;
      return {
        completion: `=IF(${sameTarget},IF(ISNUMBER(${H}),IF(AND(${H}>=0,${H}<=1),${H},${fallback}),IF(LEN(TRIM(${H}))=0,${untiered},${named})),"")`,
        rawWeight,
        effectiveWeight,
        score,
        selfShare,
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
      const reach = printed(capExpr(scoring, reachExpr(result.direction, scoring)), {
        T: K,
        A: L,
      });
      return {
        targetValue,
        actualValue,
        completion: `=IF(${both},${reach},"")`,
        rawWeight,
        effectiveWeight,
        score,
        selfShare,
        stillScored,
      };
    }
  }
}
