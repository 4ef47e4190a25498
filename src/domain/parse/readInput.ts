import { localize, plainMagnitude, plural } from "../i18n";

export { plainMagnitude };
import type { InputDef, Lang } from "../types";
import { normalizeText, parseNumberText, scaleByPowerOfTen } from "./number";

/** An input once read: a value, blank (neither), or an error in plain words. */
export interface ReadResult {
  value?: number | string;
  error?: string;
}

export const YES = "是";
export const NO = "否";

const YES_WORDS = new Set(["是", "是的", "有", "y", "yes", "true", "1", "√", "✓", "✔"]);
const NO_WORDS = new Set(["否", "不是", "无", "没有", "n", "no", "false", "0", "×", "✗", "✘"]);

/** A spreadsheet error value such as #DIV/0!, whether given as text or as an ExcelJS error cell. */
export function spreadsheetError(raw: unknown): string | undefined {
  if (raw && typeof raw === "object" && "error" in raw)
    return String((raw as { error: unknown }).error);
  if (
    typeof raw === "string" &&
    /^#(DIV\/0!|VALUE!|REF!|NAME\?|N\/A|NUM!|NULL!|SPILL!|CALC!)$/.test(raw.trim())
  ) {
    return raw.trim();
  }
  return undefined;
}

export function isBlank(raw: unknown): boolean {
  return (
    raw === undefined || raw === null || (typeof raw === "string" && normalizeText(raw) === "")
  );
}

/** A value as the message quotes it; never throws, whatever the value (BigInt, circular, odd toString). */
export function shown(raw: unknown): string {
  if (typeof raw === "string") return raw;
  try {
    const text = JSON.stringify(raw, (_k, v: unknown) =>
      typeof v === "bigint" ? v.toString() : v
    );
    if (typeof text === "string") return text;
  } catch {
    // falls through
  }
  try {
    return String(raw);
  } catch {
    return Object.prototype.toString.call(raw);
  }
}

function readYesNo(raw: unknown): string | undefined {
  if (typeof raw === "boolean") return raw ? YES : NO;
  if (typeof raw !== "string" && typeof raw !== "number") return undefined;
  const text = normalizeText(String(raw)).toLowerCase();
  if (YES_WORDS.has(text)) return YES;
  if (NO_WORDS.has(text)) return NO;
  return undefined;
}

/**
 * How a value is read: `typed` — as a person types it in JSON or a form (text numbers, 97.62 as a percentage,
 * 是的 / yes); `cell` — as a spreadsheet formula sees the cell, so the engine and the sheet's formulas agree:
 * only real numbers count as numbers and only 是 / 否 and the listed tiers as texts. In `cell` mode what
 * `typed` would read is still reported, with the fix.
 */
export type ReadMode = "typed" | "cell";

const NUMERIC_KINDS = new Set(["amount", "count", "rate", "score"]);

/**
 * The largest amount (万元) any department's budget can hold: 1 亿万元 = 1 万亿元, about half the whole budget of
 * China's largest province. Beyond it a figure is a slip (元 typed into a 万元 cell twice over, an account or ID
 * number pasted, a date's serial number), not a budget; a count beyond it likewise.
 */
export const MAX_AMOUNT = 1e8;
/** Excel keeps 15 significant digits: a figure typed with more was never a figure (an ID or account number). */
const MAX_DIGITS = 15;

/** A date cell as the ExcelJS host shows it (2024-05-01, 2024-05-01 08:30). */
const DATE_TEXT = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/;

/** Reads one input as its kind says; never throws. */
export function readInput(
  def: InputDef,
  raw: unknown,
  lang: Lang,
  mode: ReadMode = "typed"
): ReadResult {
  const label = localize(def.label, lang);
  const fail = (zh: string, en: string): ReadResult => ({
    error: lang === "en" ? `${label}: ${en}` : `「${label}」${zh}`,
  });

  if (raw && typeof raw === "object" && "result" in raw) raw = (raw as { result: unknown }).result;
  if (mode === "cell" ? raw === undefined || raw === null || raw === "" : isBlank(raw)) return {};
  const cellError = spreadsheetError(raw);
  if (cellError)
    return fail(
      `显示错误值 ${cellError}，请检查其公式或改填数值`,
      `shows the error ${cellError}; check its formula or type a value`
    );
  if (mode === "cell") {
    const strict = readCellStrictly(def, raw, fail);
    if (strict) return strict;
  }

  switch (def.kind) {
    case "yesno": {
      const v = readYesNo(raw);
      return v
        ? { value: v }
        : fail(
            `应填“是”或“否”，现为“${shown(raw)}”`,
            `must be 是 (yes) or 否 (no), not "${shown(raw)}"`
          );
    }
    case "tier": {
      const text = normalizeText(shown(raw));
      const tier = def.tiers?.find(
        (t) =>
          normalizeText(t.value) === text ||
          normalizeText(t.en).toLowerCase() === text.toLowerCase()
      );
      const allowed = (def.tiers ?? []).map((t) => t.value).join(" / ");
      return tier
        ? { value: tier.value }
        : fail(
            `应为以下之一：${allowed}，现为“${shown(raw)}”`,
            `must be one of ${allowed}, not "${shown(raw)}"`
          );
    }
    case "checkItem": {
      // "1" and "0" typed on an item are partial scores, not 是 / 否 (a 2-point item typed "1" gets 1).
      const numeric =
        typeof raw === "number" || (typeof raw === "string" && parseNumberText(raw).ok);
      const yesNo = numeric ? undefined : readYesNo(raw);
      if (yesNo) return { value: yesNo };
      return readNumber(def, raw, lang, fail);
    }
    default:
      if (typeof raw === "boolean")
        return fail(`应填数字，现为“${raw ? "是" : "否"}”`, `must be a number, not ${raw}`);
      return readNumber(def, raw, lang, fail);
  }
}

function readNumber(
  def: InputDef,
  raw: unknown,
  _lang: Lang,
  fail: (zh: string, en: string) => ReadResult
): ReadResult {
  let value: number;
  let percent = false;
  let unit: string | undefined;
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) return fail("不是有效数字", "is not a valid number");
    value = raw;
  } else if (typeof raw === "string") {
    const digits = (
      normalizeText(raw)
        .replace(/^[+-]?0*/, "")
        .match(/\d/g) ?? []
    ).length;
    if (digits > MAX_DIGITS)
      return fail(
        `“${clipped(raw)}”有 ${digits} 位数字，超出 Excel 能保存的 ${MAX_DIGITS} 位，不像是本项数据（是否误填了账号或证件号？）`,
        `"${clipped(raw)}" has ${digits} digits, more than the ${MAX_DIGITS} Excel keeps: not a figure of this input (an account or ID number?)`
      );
    const parsed = parseNumberText(raw);
    if (!parsed.ok) {
      return parsed.reason === "badSeparators"
        ? fail(
            `“${raw}”的千位分隔符位置不对，请写成 1,349.42 这样的格式`,
            `"${raw}" has misplaced thousands separators; write it like 1,349.42`
          )
        : fail(
            `无法识别“${raw}”为数字，请填写数字，例如 1349.42 或 97.62%`,
            `cannot read "${raw}" as a number; type e.g. 1349.42 or 97.62%`
          );
    }
    ({ value, percent, unit } = parsed.number);
  } else {
    return fail(`无法识别“${shown(raw)}”为数字`, `cannot read "${shown(raw)}" as a number`);
  }

  switch (def.kind) {
    case "amount": {
      if (percent)
        return fail(
          `是金额，不应填百分数“${shown(raw)}”`,
          `is an amount, not a percentage ("${shown(raw)}")`
        );
      if (unit && !["万元", "元", "亿元", "千元", "万"].includes(unit)) {
        return fail(`是金额，单位“${unit}”不对`, `is an amount; the unit "${unit}" does not fit`);
      }
      if (value < 0)
        return fail(`不能为负数（${shown(raw)}）`, `cannot be negative (${shown(raw)})`);
      // Amounts are kept in 万元: 元 and 亿元 are converted through the decimal text, so no digits are lost.
      if (unit === "元") value = scaleByPowerOfTen(value, -4);
      else if (unit === "千元") value = scaleByPowerOfTen(value, -1);
      else if (unit === "亿元") value = scaleByPowerOfTen(value, 4);
      if (value > MAX_AMOUNT) return tooLarge(value, "万元", fail);
      return { value };
    }
    case "count":
      if (percent)
        return fail(
          `是人数或个数，不应填百分数“${shown(raw)}”`,
          `is a count, not a percentage ("${shown(raw)}")`
        );
      if (value < 0)
        return fail(`不能为负数（${shown(raw)}）`, `cannot be negative (${shown(raw)})`);
      if (!Number.isInteger(value))
        return fail(`应为整数，现为“${shown(raw)}”`, `must be a whole number, not "${shown(raw)}"`);
      if (value > MAX_AMOUNT) return tooLarge(value, "", fail);
      return { value };
    case "rate": {
      if (unit)
        return fail(`是比率，单位“${unit}”不对`, `is a rate; the unit "${unit}" does not fit`);
      if (value < 0)
        return fail(`不能为负数（${shown(raw)}）`, `cannot be negative (${shown(raw)})`);
      // A bare number above 1 is a percentage typed without its sign: 97.62 means 97.62%.
      if (!percent && value > 1 && value <= 100) value = scaleByPowerOfTen(value, -2);
      if (value > 1)
        return fail(`不能超过 100%（${shown(raw)}）`, `cannot exceed 100% (${shown(raw)})`);
      return { value };
    }
    case "score":
    case "checkItem": {
      const max = def.max ?? 0;
      if (percent)
        return fail(
          `是分数，不应填百分数“${shown(raw)}”`,
          `is a score, not a percentage ("${shown(raw)}")`
        );
      if (value < 0 || value > max) {
        // A number as a person reads it (−9.99×10¹⁵, not -9989999999999964).
        const now = typeof raw === "number" ? plainMagnitude(raw) : shown(raw);
        return fail(
          `应在 0 到 ${max} 分之间，现为“${now}”`,
          `must be between 0 and ${plural(max, "point")}, not "${now}"`
        );
      }
      return { value };
    }
    default:
      return fail(`无法识别“${shown(raw)}”`, `cannot read "${shown(raw)}"`);
  }
}

/** A value as a message quotes it: at most 40 characters. */
function clipped(raw: unknown): string {
  const chars = Array.from(shown(raw));
  return chars.length > 40 ? `${chars.slice(0, 40).join("")}…` : chars.join("");
}

function tooLarge(
  value: number,
  unit: string,
  fail: (zh: string, en: string) => ReadResult
): ReadResult {
  return unit
    ? fail(
        `为 ${plainMagnitude(value)}${unit}，超出任何部门预算的可能（上限 1 万亿元）；请核对单位和位数`,
        `is ${plainMagnitude(value)} ${unit}, beyond any department's budget (at most 1 trillion yuan); check the unit and the digits`
      )
    : fail(
        `为 ${plainMagnitude(value)}，超出合理的人数或个数（上限 1 亿）；请核对位数`,
        `is ${plainMagnitude(value)}, beyond any plausible count (at most 100 million); check the digits`
      );
}

/**
 * What a formula cannot use as it stands: text in a number cell (even "97.62%"), a rate shown above 100%,
 * 是 / 否 spelled otherwise. Returns the error, or undefined when the value may be read as usual.
 */
function readCellStrictly(
  def: InputDef,
  raw: unknown,
  fail: (zh: string, en: string) => ReadResult
): ReadResult | undefined {
  const text = shown(raw);
  if (typeof raw === "number") {
    if (!NUMERIC_KINDS.has(def.kind) && def.kind !== "checkItem")
      return fail(
        `应从下拉列表选择，单元格中是数字 ${raw}`,
        `must be chosen from the list; the cell holds the number ${raw}`
      );
    // A number so large that its percentage is beyond a double (1e308): the number alone.
    if (def.kind === "rate" && raw > 100 && !Number.isFinite(raw * 100))
      return fail(
        `不能超过 100%（单元格中的数值为 ${plainMagnitude(raw)}）`,
        `cannot exceed 100% (the cell holds ${plainMagnitude(raw)})`
      );
    if (def.kind === "rate" && raw > 100)
      return fail(
        `不能超过 100%（单元格中的数值为 ${plainMagnitude(raw)}，即 ${plainMagnitude(raw * 100)}%）`,
        `cannot exceed 100% (the cell holds ${plainMagnitude(raw)}, i.e. ${plainMagnitude(raw * 100)}%)`
      );
    if (def.kind === "rate" && raw > 1) {
      const shownPercent = Number((raw * 100).toPrecision(12));
      return fail(
        `不能超过 100%（单元格中为 ${shownPercent}%；若指 ${raw}%，请输入 ${raw}%）`,
        `cannot exceed 100% (the cell holds ${shownPercent}%; for ${raw}% type ${raw}%)`
      );
    }
    return undefined;
  }
  if (typeof raw !== "string")
    return fail(
      `单元格中的“${text}”无法使用，请重新输入`,
      `the cell holds "${text}", which cannot be used; re-enter it`
    );
  if (NUMERIC_KINDS.has(def.kind)) {
    if (DATE_TEXT.test(raw))
      return fail(
        `应为数值，单元格中是日期 ${raw}（单元格设成了日期格式？请把格式改为“常规”或“数值”后重新输入）`,
        `must be a number; the cell holds the date ${raw} (formatted as a date? set it to General or Number and type the figure again)`
      );
    if (parseNumberText(raw).ok)
      return fail(
        `是文本“${raw}”，公式无法用它计算；请删除后重新输入为数值`,
        `holds the text "${raw}", which formulas cannot use; re-enter it as a number`
      );
    return fail(
      `应为数值，单元格中是“${clipped(raw)}”`,
      `must be a number; the cell holds "${clipped(raw)}"`
    );
  }
  if (def.kind === "yesno" || def.kind === "checkItem") {
    if (raw === YES || raw === NO) return undefined;
    if (def.kind === "checkItem" && parseNumberText(raw).ok)
      return fail(
        `是文本“${raw}”，公式无法用它计算；请重新输入为数值或选“是”/“否”`,
        `holds the text "${raw}"; re-enter it as a number or choose 是 / 否`
      );
    return fail(
      `应从下拉列表选“是”或“否”，单元格中是“${raw}”`,
      `must be 是 or 否 from the list; the cell holds "${raw}"`
    );
  }
  if (def.kind === "tier") {
    if (def.tiers?.some((t) => t.value === raw)) return undefined;
    const allowed = (def.tiers ?? []).map((t) => t.value).join(" / ");
    return fail(
      `应从下拉列表选：${allowed}，单元格中是“${raw}”`,
      `must be one of ${allowed}; the cell holds "${raw}"`
    );
  }
  return undefined;
}
