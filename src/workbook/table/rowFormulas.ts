/**
 * The live formulas of a 绩效指标 row, mirroring scoreTable.ts step by step so the sheet shows the engine's
 * digits; the framework's rules (tableScoring.ts: met, reach, cap, tier ranges) are the engine's own expression
 * trees printed over the row's cells. What Excel cannot parse (≥40万人份, a tier typed as text) is written as the
 * number Recompute read, guarded by the text it was read from: when the user edits that text the row keeps the
 * completion Recompute computed and its 方向 cell says 请重新计算 (highlighted), so the table's total — and what it
 * feeds — stays the one the explanations give until the next Recompute, and says so. A number typed as the actual
 * value, a weight, a tier or a 得分 is live.
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
import { heldDateTest } from "./departmentCells";
import { TABLE_COLS } from "./layout";

/** A cell value as a formula literal: a number, a quoted text, or "" for a blank cell. */
export function literal(v: CellValue): string {
  if (typeof v === "number") return v < 0 ? `(${formatNumberLiteral(v)})` : formatNumberLiteral(v);
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  const s = v === null ? "" : typeof v === "object" ? v.error : v;
  return `"${s.replace(/"/g, '""')}"`;
}

/** ERROR.TYPE's code of an error value (#N/A is 7), as Excel numbers them (LibreOffice too, but for #NULL!). */
const ERROR_TYPES: Record<string, number> = {
  "#NULL!": 1,
  "#DIV/0!": 2,
  "#VALUE!": 3,
  "#REF!": 4,
  "#NAME?": 5,
  "#NUM!": 6,
  "#N/A": 7,
};

/** TRUE while the cell holds what it held when Recompute read it; never an error, whatever the cell holds. */
function unchanged(cell: string, v: CellValue): string {
  if (typeof v === "number") return `IF(ISNUMBER(${cell}),${cell}=${literal(v)},FALSE)`;
  if (v !== null && typeof v === "object") {
    const code = ERROR_TYPES[v.error];
    // LibreOffice has no ERROR.TYPE for #NULL! (ERROR.TYPE fails on it, where Excel gives 1): an error whose
    // ERROR.TYPE fails is taken as #NULL!, so both say the cell still holds the #NULL! Recompute read.
    return code
      ? `IF(ISERROR(${cell}),IFERROR(ERROR.TYPE(${cell}),1)=${code},FALSE)`
      : `ISERROR(${cell})`;
  }
  // A date read as text (2029-03-27) is unchanged while the cell holds that date.
  const held = heldDateTest(cell, v);
  const same =
    held === undefined
      ? `${cell}=${literal(v)}`
      : `IF(ISNUMBER(${cell}),${held},${cell}=${literal(v)})`;
  return `IF(ISERROR(${cell}),FALSE,${same})`;
}

/**
 * TRUE when the cell holds a number the engine takes as one: not the date Recompute read as text (2029-03-27,
 * the file reader's text for a date cell) while the cell still holds that date.
 */
function isNumber(cell: string, v: CellValue): string {
  const held = heldDateTest(cell, v);
  return held === undefined ? `ISNUMBER(${cell})` : `IF(${held},FALSE(),ISNUMBER(${cell}))`;
}

/** A weight cell's number when it is one ≥ 0, else `otherwise`; never an error. */
const weightOr = (cell: string, v: CellValue, otherwise: string) =>
  `IF(${isNumber(cell, v)},IF(${cell}>=0,${cell},${otherwise}),${otherwise})`;

export interface RowCells {
  target: CellValue;
  actual: CellValue;
  unit: CellValue;
  tier: CellValue;
  /** The 权重, as the cell held it. */
  weight: CellValue;
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
  /**
   * TRUE while the row counts as Recompute scored it (the total's completeness check); absent for a 不适用 row,
   * which never holds the total back.
   */
  stillScored?: string;
  /** The 方向 cell: the direction as read, or `staleText` once a text Recompute read has been edited since. */
  direction: (text: string) => string;
}

/** An expression of tableScoring.ts printed over cells: `names` maps its names (T, A, q) to addresses. */
const printed = (e: Expr, names: Record<string, string>) => toFormula(e, (k) => names[k] ?? k);

/** A text compared exactly, as the engine compares a tier's name (Excel's = ignores case). */
const exactly = (cell: string, text: string) => `EXACT(TRIM(${cell}),${literal(text)})`;

const number = (n: number | null) => (n === null ? '""' : literal(n));

/** TRUE when a cell Recompute read as text no longer holds it, and is no number to take live (blank counts). */
const editedText = (cell: string, v: CellValue) =>
  `AND(NOT(ISNUMBER(${cell})),NOT(${unchanged(cell, v)}))`;

/**
 * `active` is false for a 不适用 row (its weight goes to the others); a row whose target cannot be read is active
 * but unscored, so the total stays blank until it is fixed and recomputed, as in the engine. `staleText` is what
 * the 方向 cell shows once the row is stale (请重新计算); the completion then stays Recompute's.
 */
export function rowFormulas(
  row: number,
  result: IndicatorRowResult,
  cells: RowCells,
  active: boolean,
  scoring: TableScoring,
  staleText: string
): RowFormulas {
  const c = TABLE_COLS;
  const at = (col: number) => address(row, col);
  const [D, E, F, G, H, J, K, L, M, N, Q, R, S] = [
    c.target,
    c.actual,
    c.unit,
    c.weight,
    c.tier,
    c.direction,
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
  // The row is stale while its 方向 cell says so: the completion is then the one Recompute computed.
  const isStale = `${J}=${literal(staleText)}`;
  const directionOf = (stale: string) => (text: string) =>
    `=IF(${stale},${literal(staleText)},${literal(text)})`;
  const rawWeight = `=${weightOr(G, cells.weight, "1")}`;
  // scoreTable: scale = max / Σ weights, 0 when the weights sum to 0.
  const effectiveWeight = (max: number, sum: string) =>
    `=IF(${sum}>0,${Q}*(${literal(max)}/${sum}),0)`;
  const score = `=IF(ISNUMBER(${M}),ROUND(${N}*${M},2),"")`;
  const stillScored = `ISNUMBER(${M})`;
  // scoreTable's q: the 得分 over the row's 分值 (the weight as given, else its share of the table). A 得分 typed as
  // text (5分) is the number Recompute read, while the cell still holds that text.
  const points = weightOr(G, cells.weight, N);
  const readSelf = typeof cells.selfScore === "number" ? undefined : selfScoreOf(cells.selfScore);
  const selfShare = `=IF(${points}>0,IF(${isNumber(R, cells.selfScore)},${R}/${points},${
    readSelf === undefined
      ? '""'
      : `IF(${unchanged(R, cells.selfScore)},${literal(readSelf)}/${points},"")`
  }),"")`;
  const capped = (x: string) => (scoring.cap ? `MIN(1,${x})` : x);
  switch (result.direction) {
    case "na": {
      // A 不适用 row edited stays out of the weights, as Recompute left it, until the next Recompute.
      const direction = directionOf(`NOT(${sameTarget})`);
      return active
        ? { rawWeight, effectiveWeight, selfShare, stillScored: "FALSE", direction }
        : {
            rawWeight: "=0",
            effectiveWeight: () => "=0",
            selfShare,
            direction,
          };
    }
    case "qualitative": {
      // scoreTable's qualitative share: a number 0…1 typed as the tier; a tier the rules name, at the 得分 when it
      // lies in the tier's range, else at the tier's default; no tier, the 得分 in whichever tier it lies in;
      // otherwise what Recompute found (the actual saying what the target says), while nothing changed — and
      // the row is stale when something did (its target, or a text the fallback was read from).
      const share = number(result.completion);
      const within = (range: Parameters<typeof inTierExpr>[0]) =>
        printed(inTierExpr(range, ref("q")), { q: S });
      const tiers = Object.entries(scoring.tiers);
      const anyTier =
        tiers.length === 1
          ? within(tiers[0][1])
          : `OR(${tiers.map(([, r]) => within(r)).join(",")})`;
      // One decision tree, two readings: the share at each leaf, or whether that leaf is stale (only the
      // fallback can be: the other leaves read live cells). FALSE() rather than FALSE: HyperFormula reads the bare
      // word as a name.
      const tree = (leaf: { typed: string; inTier: string; fallback: string; named: string }) =>
        `IF(ISERROR(${H}),${leaf.fallback},IF(ISNUMBER(${H}),IF(AND(${H}>=0,${H}<=1),${leaf.typed},${leaf.fallback}),IF(LEN(TRIM(${H}))=0,IF(ISNUMBER(${S}),IF(${anyTier},${leaf.inTier},${leaf.fallback}),${leaf.fallback}),${leaf.named})))`;
      const named = tiers.reduceRight((rest, [tier, range]) => {
        const d = literal(tierDefaultShare(scoring, tier));
        return `IF(${exactly(H, tier)},${capped(`IF(ISNUMBER(${S}),IF(${within(range)},${S},${d}),${d})`)},${rest})`;
      }, share);
      const live = tree({ typed: H, inTier: capped(S), fallback: share, named });
      const fallbackStale = `NOT(AND(${sameActual},${unchanged(H, cells.tier)},${unchanged(R, cells.selfScore)}))`;
      const staleLeaves = tree({
        typed: "FALSE()",
        inTier: "FALSE()",
        fallback: fallbackStale,
        named: tiers.length
          ? `IF(OR(${tiers.map(([tier]) => exactly(H, tier)).join(",")}),FALSE(),${fallbackStale})`
          : fallbackStale,
      });
      return {
        completion: `=IF(${isStale},${share},${live})`,
        rawWeight,
        effectiveWeight,
        score,
        selfShare,
        stillScored,
        direction: directionOf(
          `OR(NOT(${sameTarget}),${editedText(R, cells.selfScore)},${staleLeaves})`
        ),
      };
    }
    default: {
      // The target as Recompute read it; the actual live when typed as a number, else as read. Stale when the
      // target (or unit) changed, or an actual Recompute read is now other text or blank.
      const targetValue = `=${number(result.target)}`;
      const actualValue = `=IF(AND(${isNumber(E, cells.actual)},NOT(${isStale})),${E},${number(result.actual)})`;
      const both = `AND(ISNUMBER(${K}),ISNUMBER(${L}))`;
      const reach = printed(capExpr(scoring, reachExpr(result.direction, scoring)), {
        T: K,
        A: L,
      });
      return {
        targetValue,
        actualValue,
        completion: `=IF(${isStale},${number(result.completion)},IF(${both},${reach},""))`,
        rawWeight,
        effectiveWeight,
        score,
        selfShare,
        stillScored,
        direction: directionOf(`OR(NOT(${sameTarget}),${editedText(E, cells.actual)})`),
      };
    }
  }
}
