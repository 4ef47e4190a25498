/**
 * fast-check generators of input sets for the 深圳 framework.
 *
 * `shenzhenCase` gives VALID input sets: every input readable, every divisor non-zero, so every indicator scores.
 * Each input comes twice:
 * - `cells`: the value a spreadsheet cell holds once typed (a number, the text 是 / 否 / a tier, or null = blank);
 * - `raw`: the same value as a user might have typed it for the engine ("97.62%", "1,349.42", "９５％", true …).
 * The numbers are built from integers (cents, basis points, hundredths) so that the cell value is exactly the double
 * a spreadsheet reads from the typed decimal, and ratios are biased onto the rule thresholds: a ratio is often
 * *exactly* 90%, 5%, 100% … as a decimal, which as a quotient of doubles may be off by an ulp — the case the
 * engine's approximate comparison exists for.
 *
 * `junkValue` / `junkInputs` give arbitrary raw values for the never-throws properties.
 */
import { MAX_AMOUNT } from "../../src/domain/parse/readInput";
import fc from "fast-check";

/** What a cell holds: a number, a text, or nothing (blank). */
export type CellValue = number | string | null;

export interface InputCase {
  /** Normalized: what the spreadsheet cell holds. */
  cells: Record<string, CellValue>;
  /** As typed for the engine (numbers, text with separators, units, % signs, full-width digits, booleans). */
  raw: Record<string, unknown>;
}

/** One input: its cell value and how it was typed. */
export interface Typed {
  cell: CellValue;
  raw: unknown;
}

const YES = "是";
const NO = "否";
export const DISCLOSURE_TIERS = ["按规定公开", "公开但不符合要求", "未公开"] as const;
export const TIER_EN: Record<string, string> = {
  按规定公开: "disclosed as required",
  公开但不符合要求: "disclosed, not as required",
  未公开: "not disclosed",
};

/** Checklist weights per indicator (must match src/domain/frameworks/shenzhen.ts; the test checks the keys). */
export const CHECKLISTS: Record<string, number[]> = {
  budgetRationality: [1, 1, 1, 1, 1],
  indicatorClarity: [2, 2, 1, 1, 1],
  projectProcedure: [1, 1],
  projectSupervision: [1, 1],
  assetSafety: [1, 1],
  systems: [0.5, 1.5, 1],
};

/* ---------- decimal text from integers ---------- */

/** n / 10^places as decimal text with exactly `places` decimals (n a non-negative safe integer). */
export function fixedText(n: number, places: number): string {
  const s = String(n).padStart(places + 1, "0");
  return places === 0 ? s : `${s.slice(0, -places)}.${s.slice(-places)}`;
}

/** Trailing zeros (and a bare point) dropped: 95.00 → 95, 97.50 → 97.5. */
const trimZeros = (s: string): string =>
  s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;

/** 1234567.89 → 1,234,567.89 */
function grouped(text: string): string {
  const [int, frac] = text.split(".");
  const g = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return frac === undefined ? g : `${g}.${frac}`;
}

/** ASCII digits, point, comma and % to their full-width forms (as typed with a Chinese IME). */
function fullWidth(text: string): string {
  return text.replace(/[0-9.,%]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

/* ---------- single inputs ---------- */

/** An amount of `cents` hundredths of 万元, as a number or as text (plain, grouped, 万元, 元, full-width). */
export function typedAmount(cents: number): fc.Arbitrary<Typed> {
  const cell = cents / 100; // correctly rounded, hence the same double as Number("1349.42")
  const text = fixedText(cents, 2);
  return fc
    .constantFrom<unknown>(
      cell,
      text,
      grouped(text),
      `${grouped(text)}万元`,
      `${String(cents)}00元`,
      fullWidth(grouped(text)),
      ` ${text} `
    )
    .map((raw) => ({ cell, raw }));
}

/** A rate of `bp` basis points (bp / 100 percent, 2 decimals): 0.9762, "97.62%", "97.62" (bare, when above 1%), "９７.６２％". */
export function typedRate(bp: number): fc.Arbitrary<Typed> {
  const cell = bp / 10000;
  const percent = fixedText(bp, 2);
  const forms: unknown[] = [
    cell,
    `${percent}%`,
    `${trimZeros(percent)}%`,
    fullWidth(`${percent}%`),
  ];
  // A bare number above 1 is read as a percentage typed without its sign; 1 or below is a fraction.
  if (bp > 100) forms.push(percent, Number(percent));
  return fc.constantFrom(...forms).map((raw) => ({ cell, raw }));
}

export function typedCount(n: number): fc.Arbitrary<Typed> {
  return fc
    .constantFrom<unknown>(n, String(n), `${n}人`, fullWidth(String(n)))
    .map((raw) => ({ cell: n, raw }));
}

/** A score of `hundredths` / 100 points. */
export function typedScore(hundredths: number): fc.Arbitrary<Typed> {
  const cell = hundredths / 100;
  return fc
    .constantFrom<unknown>(cell, fixedText(hundredths, 2), trimZeros(fixedText(hundredths, 2)))
    .map((raw) => ({ cell, raw }));
}

export const typedYesNo = (yes: boolean): fc.Arbitrary<Typed> =>
  fc
    .constantFrom<unknown>(...(yes ? [YES, true, "有", "Yes"] : [NO, false, "无", "no"]))
    .map((raw) => ({ cell: yes ? YES : NO, raw }));

/**
 * A disclosure tier as typed. Not the English names: readInput compares them with the *whitespace-stripped* text
 * ("disclosedasrequired"), so an English tier with spaces is never recognised (TIER_EN kept for when that is fixed).
 */
export const typedTier = (tier: string): fc.Arbitrary<Typed> =>
  fc.constantFrom<unknown>(tier, ` ${tier}`, `${tier}\u3000`).map((raw) => ({ cell: tier, raw }));

/**
 * A checklist item of weight w: 是, 否, or a partial score on the 0.05 grid in [0, w] (k / 20).
 * Partial scores are typed as numbers, or as text except "0" / "1", which the engine reads as 否 / 是.
 */
export function checkItem(weight: number): fc.Arbitrary<Typed> {
  const steps = Math.round(weight * 20);
  const partial = fc.integer({ min: 0, max: steps }).chain((k) => {
    const cell = k / 20;
    const text = trimZeros(fixedText(k * 5, 2));
    const forms: unknown[] = text === "0" || text === "1" ? [cell] : [cell, text];
    return fc.constantFrom(...forms).map((raw) => ({ cell, raw }));
  });
  return fc.oneof(
    {
      arbitrary: fc.constantFrom<unknown>(YES, true, "√").map((raw) => ({ cell: YES, raw })),
      weight: 2,
    },
    {
      arbitrary: fc.constantFrom<unknown>(NO, false, "×").map((raw) => ({ cell: NO, raw })),
      weight: 1,
    },
    { arbitrary: partial, weight: 2 }
  );
}

/* ---------- integers biased to edges ---------- */

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** Basis points (0…maxBp) biased to the given targets and their neighbours. */
function basisPoints(
  targets: number[],
  maxBp: number,
  extra: fc.Arbitrary<number>[] = []
): fc.Arbitrary<number> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...targets), weight: 4 },
    {
      arbitrary: fc
        .constantFrom(...targets)
        .chain((t) => fc.constantFrom(t - 1, t + 1))
        .filter((b) => b >= 0 && b <= maxBp),
      weight: 2,
    },
    ...extra.map((arbitrary) => ({ arbitrary, weight: 2 })),
    { arbitrary: fc.integer({ min: 0, max: maxBp }), weight: 3 }
  );
}

/** Basis points p ≡ 5 (mod 10) in [lo, hi]: a 2-decimal percentage whose next decimal is a tie somewhere. */
const oddFiveBp = (lo: number, hi: number) =>
  fc
    .integer({ min: Math.ceil((lo - 5) / 10), max: Math.floor((hi - 5) / 10) })
    .map((j) => 10 * j + 5);
/** Basis points p ≡ 50 (mod 100): a ratio × 1 that lands on x.xx5. */
const halfPercentBp = (lo: number, hi: number) =>
  fc
    .integer({ min: Math.ceil((lo - 50) / 100), max: Math.floor((hi - 50) / 100) })
    .map((j) => 100 * j + 50);

// Up to the largest amount the engine accepts (MAX_AMOUNT, 1 万亿元) in hundredths of 万元: relative 1-cent steps
// stay far above any comparison epsilon, and every amount made is one a department could report.
const MAX_CENTS = MAX_AMOUNT * 100;

/** A positive denominator in cents, small and large. */
const denominatorCents = fc.oneof(
  fc.integer({ min: 1, max: 1_000_000 }),
  fc.integer({ min: 1, max: MAX_CENTS })
);

/**
 * Two amounts (numerator, denominator cents) whose ratio is, as decimals, exactly `bp` basis points when possible
 * (the denominator a multiple of 10000 / gcd(bp, 10000)), sometimes one cent off, sometimes just random.
 */
export function ratioCents(
  bp: fc.Arbitrary<number>,
  maxRatio: number
): fc.Arbitrary<[number, number]> {
  const exact = bp.chain((p) => {
    const g = gcd(p, 10000);
    const step = 10000 / g; // den = k × step makes den × p / 10000 = k × (p / g) a whole number of cents
    return fc
      .integer({ min: 1, max: Math.max(1, Math.floor(MAX_CENTS / Math.max(step, p / g))) })
      .map((k): [number, number] => [k * (p / g), k * step]);
  });
  const offByOne = exact.chain(([num, den]) =>
    fc.constantFrom<[number, number]>(
      [Math.min(MAX_CENTS, num + 1), den],
      [Math.max(0, num - 1), den]
    )
  );
  const random = denominatorCents.chain((den) =>
    fc
      .integer({ min: 0, max: Math.min(MAX_CENTS, Math.floor(den * maxRatio)) })
      .map((num): [number, number] => [num, den])
  );
  return fc.oneof(
    { arbitrary: exact, weight: 5 },
    { arbitrary: offByOne, weight: 2 },
    { arbitrary: random, weight: 2 }
  );
}

function amountPair(
  numKey: string,
  denKey: string,
  bp: fc.Arbitrary<number>,
  maxRatio: number
): fc.Arbitrary<Record<string, Typed>> {
  return ratioCents(bp, maxRatio).chain(([num, den]) =>
    fc.tuple(typedAmount(num), typedAmount(den)).map(([n, d]) => ({ [numKey]: n, [denKey]: d }))
  );
}

/* ---------- the joint input set ---------- */

const adjustment = amountPair(
  "adjustmentTotal",
  "budgetAdjusted",
  // 10% limit; 16.35% → 1 − 0.635 = 0.365 (a ROUND tie), and every x.x5% in 10%–20%, where the score has a 5 in its third decimal.
  basisPoints([1000, 1635, 1675, 1425, 2000], 5000, [oddFiveBp(1000, 2000)]),
  0.5
);
const procurement = amountPair(
  "procurementActual",
  "procurementPlan",
  basisPoints([10000, 9450, 2850, 1050], 12000, [halfPercentBp(0, 10000)]),
  1.2
);
const fixedAssets = amountPair(
  "fixedAssetsInUse",
  "fixedAssetsTotal",
  basisPoints([9000, 7500, 6000, 10000], 10000),
  1
);
const threePublic = amountPair(
  "threePublicActual",
  "threePublicBudget",
  basisPoints([9000, 10000], 13000),
  1.3
);
const office = amountPair("officeActual", "officeBudget", basisPoints([9000, 10000], 13000), 1.3);

/** staffActual, staffQuota, contractStaff, totalStaff (blank sometimes): control rate on 100 %, contract rate on 5 % / 10 %. */
const staffing: fc.Arbitrary<Record<string, Typed>> = fc
  .tuple(
    fc.integer({ min: 0, max: 500 }), // contract staff
    fc.constantFrom("5%", "10%", "5%±1", "10%±1", "random"),
    fc.integer({ min: 1, max: 20000 }),
    fc.constantFrom("blank", "sum", "20×contract", "10×contract", "random"),
    fc.constantFrom("equal", "+1", "-1", "random"),
    fc.integer({ min: 1, max: 20000 }),
    fc.constantFrom(-1, 1)
  )
  .map(([contract, contractMode, randomActual, totalMode, quotaMode, randomQuota, delta]) => {
    let actual =
      contractMode === "5%"
        ? 19 * contract
        : contractMode === "10%"
          ? 9 * contract
          : contractMode === "5%±1"
            ? 19 * contract + delta
            : contractMode === "10%±1"
              ? 9 * contract + delta
              : randomActual;
    actual = Math.max(1, actual); // keeps every divisor positive
    let total: number | null =
      totalMode === "blank"
        ? null
        : totalMode === "sum"
          ? actual + contract
          : totalMode === "20×contract"
            ? 20 * contract
            : totalMode === "10×contract"
              ? 10 * contract
              : actual + contract + randomActual;
    if (total === 0) total = null; // blank falls back to actual + contract ≥ 1
    const quota =
      quotaMode === "equal"
        ? actual
        : quotaMode === "+1"
          ? actual + 1
          : quotaMode === "-1"
            ? Math.max(1, actual - 1)
            : randomQuota;
    return { contract, actual, total, quota };
  })
  .chain(({ contract, actual, total, quota }) =>
    fc
      .tuple(
        typedCount(actual),
        typedCount(quota),
        typedCount(contract),
        total === null
          ? fc
              .constantFrom<unknown>(null, undefined, "", " ")
              .map((raw): Typed => ({ cell: null, raw }))
          : typedCount(total)
      )
      .map(([staffActual, staffQuota, contractStaff, totalStaff]) => ({
        staffActual,
        staffQuota,
        contractStaff,
        totalStaff,
      }))
  );

/** Cumulative progress at the end of quarter n: often exactly on schedule (25 n %), or a basis point either side. */
const quarter = (n: number) => basisPoints([2500 * n], 10000).chain(typedRate);

const projects: fc.Arbitrary<Record<string, Typed>> = fc
  .integer({ min: 0, max: 40 })
  .chain((planned) =>
    fc
      .oneof(fc.constant(planned), fc.integer({ min: 0, max: planned }))
      .chain((onTime) =>
        fc
          .tuple(typedCount(planned), typedCount(onTime))
          .map(([projectsPlanned, projectsOnTime]) => ({ projectsPlanned, projectsOnTime }))
      )
  );

const score01 = fc
  .oneof(
    fc.constantFrom(0, 100),
    fc.integer({ min: 0, max: 20 }).map((k) => 5 * k),
    fc.integer({ min: 0, max: 100 })
  )
  .chain(typedScore);

const singles: Record<string, fc.Arbitrary<Typed>> = {
  budgetInitial: fc.integer({ min: 1, max: MAX_CENTS }).chain(typedAmount),
  procurementPolicy: score01,
  spendingCompliance: score01,
  accountingCompliance: score01,
  seriousViolation: fc.boolean().chain(typedYesNo),
  budgetDisclosure: fc.constantFrom(...DISCLOSURE_TIERS).chain(typedTier),
  finalAccountsDisclosure: fc.constantFrom(...DISCLOSURE_TIERS).chain(typedTier),
  classifiedUnit: fc.boolean().chain(typedYesNo),
  q1Progress: quarter(1),
  q2Progress: quarter(2),
  q3Progress: quarter(3),
  q4Progress: quarter(4),
  budgetComplianceIssues: fc.integer({ min: 0, max: 7 }).chain(typedCount),
  goalCompletenessIssues: fc.integer({ min: 0, max: 7 }).chain(typedCount),
  keyTasksUnfinished: fc.integer({ min: 0, max: 4 }).chain(typedCount),
  effectivenessScore: fc
    .oneof(fc.constantFrom(0, 2500), fc.integer({ min: 0, max: 2500 }))
    .chain(typedScore),
  petitionChannel: fc.boolean().chain(typedYesNo),
  petitionReplyRate: basisPoints([10000, 9999], 10000).chain(typedRate),
  petitionTimelyRate: basisPoints([10000, 9999], 10000).chain(typedRate),
  satisfaction: basisPoints([9500, 9000, 8000, 10000], 10000).chain(typedRate),
};
for (const [indicator, weights] of Object.entries(CHECKLISTS)) {
  weights.forEach((w, i) => {
    singles[`${indicator}_${i + 1}`] = checkItem(w);
  });
}

/** A valid 深圳 input set: every input present (totalStaff blank sometimes), readable, every divisor positive. */
export const shenzhenCase: fc.Arbitrary<InputCase> = fc
  .tuple(
    fc.record(singles),
    adjustment,
    procurement,
    fixedAssets,
    threePublic,
    office,
    staffing,
    projects
  )
  .map((parts) => {
    const all: Record<string, Typed> = Object.assign({}, ...parts);
    const cells: Record<string, CellValue> = {};
    const raw: Record<string, unknown> = {};
    for (const [key, t] of Object.entries(all)) {
      cells[key] = t.cell;
      if (t.raw !== undefined) raw[key] = t.raw;
    }
    return { cells, raw };
  });

/* ---------- junk, for the never-throws properties ---------- */

const JUNK_TEXT = [
  "约五成",
  "#DIV/0!",
  "#VALUE!",
  "#N/A",
  "1,34",
  "1,2345.6",
  "12,34,567",
  "-5",
  "-0.01",
  "－３",
  "1e400",
  "1e308",
  "Infinity",
  "NaN",
  "",
  " ",
  "　",
  "是",
  "否",
  "是的",
  "不是",
  "√",
  "×",
  "yes",
  "no",
  "true",
  "0",
  "1",
  "2",
  "100",
  "101",
  "150%",
  "-5%",
  "%",
  "5%%",
  "5 %",
  "97.62%",
  "９５％",
  "1,349.42",
  "4154.02万元",
  "41,540,200元",
  "3亿元",
  "222人",
  "5人次",
  "0.05",
  "0.5",
  ".5",
  "5.",
  "+3",
  "1.5.2",
  "按规定公开",
  "公开但不符合要求",
  "未公开",
  "disclosed as required",
  "〇",
  "一百",
  "N/A",
  "-",
  "—",
  "null",
  "undefined",
  "[object Object]",
  "=1/0",
  "=SUM(A1)",
  "1/2",
  "½",
  "①",
  "0x10",
  "1_000",
  "١٢٣",
  "𝟗𝟓",
  "9\u200b5",
  "95%\n",
];

/** Whether String(v) and JSON.stringify(v) both succeed (what readInput needs to quote a bad value back). */
export function printable(v: unknown): boolean {
  try {
    String(v);
    JSON.stringify(v);
    return true;
  } catch {
    return false;
  }
}

export const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(...JUNK_TEXT), weight: 4 },
  { arbitrary: fc.string(), weight: 2 },
  { arbitrary: fc.string({ unit: "grapheme" }), weight: 1 },
  { arbitrary: fc.double(), weight: 2 }, // NaN, ±Infinity, -0, subnormals, huge
  { arbitrary: fc.integer({ min: -1000, max: 100000 }), weight: 2 },
  {
    arbitrary: fc.constantFrom(
      -1,
      -0.01,
      0,
      0.05,
      1,
      1.5,
      2,
      25,
      25.01,
      100,
      100.01,
      1e21,
      -1e21,
      Number.MAX_VALUE,
      Number.MIN_VALUE
    ),
    weight: 2,
  },
  { arbitrary: fc.constantFrom(null, undefined, true, false), weight: 2 },
  {
    arbitrary: fc.constantFrom<unknown>(
      { error: "#DIV/0!" },
      { error: "#REF!" },
      { result: 0.9762 },
      { result: "是" },
      { result: undefined },
      { formula: "A1/B1" },
      [],
      [1],
      {}
    ),
    weight: 1,
  },
  // Anything JSON, ExcelJS or a caller can hand over — except values that String() or JSON.stringify cannot print
  // ({"toString": 1}, [{"toString": ""}], null-prototype objects, BigInt, cycles): readInput throws on those, a known
  // bug pinned by the `it.failing` tests in test/score.properties.test.ts. Drop this filter once that is fixed.
  {
    arbitrary: fc.anything({
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withDate: true,
      withObjectString: true,
      withSparseArray: true,
    }),
    weight: 1,
  }
);

/** A raw input object: every given key present, absent, or holding junk (with a valid value now and then). */
export function junkInputs(
  keys: string[],
  valid?: fc.Arbitrary<InputCase>
): fc.Arbitrary<Record<string, unknown>> {
  const junkRecord = fc.record(Object.fromEntries(keys.map((k) => [k, junkValue])), {
    requiredKeys: [],
  });
  if (!valid) return junkRecord;
  // Mostly-valid sets with a few keys spoiled: reaches the rules' arithmetic, not just the readers.
  const spoiled = fc
    .tuple(valid, junkRecord, fc.subarray(keys, { maxLength: 6 }))
    .map(([v, junk, spoil]) => {
      const raw: Record<string, unknown> = { ...v.raw };
      for (const k of spoil) raw[k] = junk[k];
      return raw;
    });
  return fc.oneof(junkRecord, spoiled);
}
