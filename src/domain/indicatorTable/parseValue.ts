/**
 * Reading a target (年度指标值) or an actual (实际完成值) of a performance indicator as the seeds write them:
 * `≥40万人份`, `47.7万份`, `<=300起`, `=100%`, `不低于45万人次`, `2小时以内`, `监所非自然死亡事故 0 发生`, `同比下降`,
 * `全面提升`, `不适用`. Never guesses: a number buried in prose is a reason, not a value. Never throws.
 *
 * Grammar of a numeric cell (after NFKC and removing white space):
 *   [label] [operator word or sign] [±] number [万|亿] [unit[/unit]] [以上|以内|以下|内|发生…]
 * A label is plain words (no digits, but it may start with a year: 2024年度) such as 重点人员监控率; a trend word
 * right before the number makes it a change (同比下降13.8% is qualitative, trend down, magnitude 13.8%), or with
 * 至/到 a level (下降至5% is ≤5%).
 */
import { normalizeText, shiftDecimal } from "../parse/number";
import { spreadsheetError } from "../parse/readInput";
import { moneyPlaces, sameMeasure, unitAt, unitInfo } from "./units";

export type Direction = "forward" | "reverse" | "equal" | "qualitative" | "na";

export type Op = ">=" | "<=" | "=" | ">" | "<";

export interface ParsedValue {
  kind: "number" | "qualitative" | "na";
  /** For numbers: the comparison the text states (≥ forward, ≤ reverse, = equal, none: bare). */
  op?: Op;
  /** The number, multipliers applied (万 ×1e4, 亿 ×1e8, 万元 ×1e4 so it compares with 元), % as a fraction (90% → 0.9). */
  value?: number;
  /** Written with a % sign (for numbers always set). */
  percent?: boolean;
  /** Normalized unit word: 人份, 份, 张, 人次, 起, 场次, 小时, 次, 个, 元, 万元, %, … */
  unit?: string;
  /** Qualitative text, normalized (全面提升, 有效提供, 同比下降 …). */
  text?: string;
  /** For qualitative 提升/上升/增长 (up), 下降/减少 (down), 保持/持平 (keep). */
  trend?: "up" | "down" | "keep";
  /** The words before a number (监所非自然死亡事故 in “监所非自然死亡事故 0 发生”), when there were any. */
  label?: string;
}

export type ParseValueResult = { ok: true; value: ParsedValue } | { ok: false; reason: string };

const ok = (value: ParsedValue): ParseValueResult => ({ ok: true, value });
const fail = (reason: string): ParseValueResult => ({ ok: false, reason });

/** Comparison words and signs, as written right before the number. */
const LEADING_OPS: Record<string, Op> = {
  "≥": ">=",
  "≧": ">=",
  "⩾": ">=",
  ">=": ">=",
  "=>": ">=",
  大于等于: ">=",
  大于或等于: ">=",
  不低于: ">=",
  不少于: ">=",
  不小于: ">=",
  不短于: ">=",
  至少: ">=",
  达到: ">=",
  达: ">=",
  "≤": "<=",
  "≦": "<=",
  "⩽": "<=",
  "<=": "<=",
  "=<": "<=",
  小于等于: "<=",
  小于或等于: "<=",
  不超过: "<=",
  未超过: "<=",
  不超出: "<=",
  不高于: "<=",
  不多于: "<=",
  不大于: "<=",
  不长于: "<=",
  至多: "<=",
  最多: "<=",
  控制在: "<=",
  ">": ">",
  大于: ">",
  超过: ">",
  高于: ">",
  多于: ">",
  超: ">",
  逾: ">",
  "<": "<",
  小于: "<",
  低于: "<",
  少于: "<",
  "=": "=",
  "==": "=",
  等于: "=",
};
const LEADING_BY_LENGTH = Object.keys(LEADING_OPS).sort((a, b) => b.length - a.length);

/** Words after the number and unit. */
const TRAILING: [string, Op | undefined][] = [
  ["及以上", ">="],
  ["或以上", ">="],
  ["以上", ">="],
  ["及以下", "<="],
  ["或以下", "<="],
  ["以下", "<="],
  ["以内", "<="],
  ["之内", "<="],
  ["内", "<="],
  ["发生", undefined],
];

const OP_SYMBOL: Record<Op, string> = { ">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<" };

const NA_TEXTS = new Set(["不适用", "不涉及", "无", "-", "--", "---", "/", "n/a", "na"]);

const UP_WORDS = ["提升", "提高", "上升", "增长", "增加", "增强", "扩大"];
const DOWN_WORDS = ["下降", "降低", "减少", "减轻", "缩短", "压降", "压减", "下滑", "回落"];
const KEEP_WORDS = ["保持", "持平", "维持", "不变"];

/** A change right before the number: 同比下降13.8%, 增幅5%. */
const CHANGE_AT_END = new RegExp(
  `(${[...UP_WORDS, ...DOWN_WORDS, "增幅", "涨幅", "降幅"].join("|")})$`
);
/** A level reached by a change: 下降至5%, 提升到90%. */
const CHANGE_TO_AT_END = new RegExp(
  `(${[...UP_WORDS, ...DOWN_WORDS, "升", "增", "提", "降", "减", "压"].join("|")})(至|到)$`
);
const KEEP_AT_END = /(保持|维持)$/;
const CONNECTIVES = /[为是在了:]+$/;
/** Words before a number that make it an ordinal, a rate, a rank or an approximation: not read. */
const BAD_LABEL_END =
  /(第|每|前|后|近|约|约合|大约|大概|将近|接近|几乎|差不多|排名|排|不|未|非|[〇一二三四五六七八九十百千万亿两零])$/;
/** A year at the start of a cell: 2024年, 2024年度. */
const LEADING_YEAR = /^(?:19|20)\d{2}年度?/;
const LABEL_CHARS = /^[\p{Script=Han}A-Za-z()、“”"《》]*$/u;
/** Approximations after the number: 2300余次, 300多起, 5万左右. */
const HEDGE_AFTER = /^(?:[万亿])?(?:余|多|来|许)|(?:左右|上下)$/;

const quote = (raw: string) => {
  const t = raw.trim();
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
};
const unreadable = (raw: string, detail = "") =>
  fail(`无法识别“${quote(raw)}”为指标值${detail ? `（${detail}）` : ""}`);

function trendOf(text: string): ParsedValue["trend"] {
  const found = new Set<"up" | "down" | "keep">();
  const scan = (words: string[], trend: "up" | "down" | "keep") => {
    for (const w of words) {
      for (let i = text.indexOf(w); i >= 0; i = text.indexOf(w, i + 1)) {
        if (w === "不变" || !/[不未无没]/.test(text[i - 1] ?? "")) found.add(trend);
      }
    }
  };
  scan(UP_WORDS, "up");
  scan(DOWN_WORDS, "down");
  scan(KEEP_WORDS, "keep");
  return found.size === 1 ? [...found][0] : undefined;
}

const trendOfWord = (w: string): "up" | "down" =>
  DOWN_WORDS.includes(w) || /^[降减压]|降幅/.test(w) ? "down" : "up";

const direction = (op: Op) => (op === ">=" || op === ">" ? "up" : op === "=" ? "eq" : "down");

/** Reads a target or an actual: a string as typed, a number as a bare value. Never throws. */
export function parseIndicatorValue(text: unknown): ParseValueResult {
  if (text === null || text === undefined) return fail("未填写");
  // An error value (#NUM!, or its code as a cell referring to it shows it) is never read as words or a number.
  const error = spreadsheetError(text);
  if (error) return fail(`显示错误值 ${error}，请检查其公式或改填数值`);
  if (typeof text === "number")
    return Number.isFinite(text)
      ? ok({ kind: "number", value: text, percent: false })
      : fail(`“${String(text)}”不是有效的数值`);
  if (typeof text === "bigint") return parseIndicatorValue(Number(text));
  if (typeof text !== "string") return fail("无法识别该单元格内容为指标值（应为文字或数值）");
  return parseText(text);
}

function parseText(raw: string): ParseValueResult {
  const nfkc = raw.normalize("NFKC");
  const s = normalizeText(raw).replace(/[.,;!?、:]+$/, "");
  if (s === "") return fail("未填写");
  if (NA_TEXTS.has(s.toLowerCase())) return ok({ kind: "na" });

  // A year before the words (2024年度监所非自然死亡事故 0 发生) dates the value: it is part of the label.
  const year = LEADING_YEAR.exec(s)?.[0] ?? "";
  const afterYear = s.slice(year.length).search(/\d/);
  const firstDigit = afterYear >= 0 ? year.length + afterYear : s.search(/\d/);
  if (firstDigit >= 0) {
    if (/\d[.,]?\s+[.,]?\d/.test(nfkc)) return unreadable(raw, "数字中间有空格");
    const read = readNumber(raw, s, firstDigit, false);
    if (read.ok) return read;
    // Digits only in a standard's name or number (《…》, DB4426-2001) or a year: the text is still qualitative.
    const residue = s
      .replace(/《[^《》]*》/g, "")
      .replace(/[A-Za-z]+[-/:.]?\d[\dA-Za-z\-/:.]*/g, "")
      .replace(/(?:19|20)\d{2}年/g, "");
    if (/\d/.test(residue))
      return /[;；]/.test(s) ? unreadable(raw, "含多个指标值，请分开填写") : read;
  } else {
    const zero = s.indexOf("零");
    if (zero >= 0) {
      const read = readNumber(raw, s, zero, true);
      if (read.ok) return read;
    }
  }
  if (!/\p{L}/u.test(s)) return unreadable(raw);
  const trend = trendOf(s);
  return ok({ kind: "qualitative", text: s, ...(trend ? { trend } : {}) });
}

/** Reads `s` as [label][op][number][multiplier][unit][trailing word], the number starting at `start`. */
function readNumber(raw: string, s: string, start: number, zeroWord: boolean): ParseValueResult {
  let pre = s.slice(0, start);
  let numText: string;
  let rest: string;
  if (zeroWord) {
    numText = "0";
    rest = s.slice(start + 1);
  } else {
    const m = /^\d[\d,]*(?:\.\d+)?/.exec(s.slice(start)) as RegExpExecArray;
    numText = m[0];
    rest = s.slice(start + numText.length);
    if (pre.endsWith(".")) {
      // .5, ≥.5 — but not a full stop before a number (…服务.5次).
      if (numText.includes(".") || !/(^|[≥≧⩾≤≦⩽<>=+-])\.$/.test(pre)) return unreadable(raw);
      pre = pre.slice(0, -1);
      numText = `0.${numText}`;
    }
    if (numText.includes(",")) {
      if (!/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(numText))
        return unreadable(raw, "千分位逗号的位置不对");
      numText = numText.replace(/,/g, "");
    }
  }
  let negative = false;
  if (/[+-]$/.test(pre)) {
    negative = pre.endsWith("-");
    pre = pre.slice(0, -1);
  }

  // After the number: multiplier, unit, trailing word.
  if (HEDGE_AFTER.test(rest)) return unreadable(raw, "约数不能作为指标值，请填写确切的数");
  let places = 0;
  let unit: string | undefined;
  let percent = false;
  let u = unitAt(rest);
  if (!u) {
    const mult = /^(万亿|万|亿)/.exec(rest);
    if (mult) {
      places = mult[1] === "万亿" ? 12 : mult[1] === "万" ? 4 : 8;
      rest = rest.slice(mult[1].length);
      u = unitAt(rest);
      if (u?.info.family === "fraction") return unreadable(raw, "百分数不能带“万”“亿”");
    }
  }
  if (u) {
    unit = u.info.unit;
    places += u.info.places;
    percent = u.info.unit === "%";
    rest = rest.slice(u.spelling.length);
    const per = rest.startsWith("/") ? unitAt(rest.slice(1)) : undefined;
    if (per && u.info.family !== "fraction") {
      unit = `${unit}/${per.info.unit}`;
      rest = rest.slice(1 + per.spelling.length);
    }
  }
  let opAfter: Op | undefined;
  const trailing = TRAILING.find(([w]) => rest.startsWith(w));
  if (trailing) {
    opAfter = trailing[1];
    rest = rest.slice(trailing[0].length).replace(/^\(含\)/, "");
  }
  if (rest !== "") {
    const detail = /\d/.test(rest) || rest.length > 4 ? "" : `“${rest}”不是可识别的单位或说明`;
    return unreadable(raw, detail);
  }

  // Before the number: label, connective, comparison word or sign, change word.
  let opBefore: Op | undefined;
  // 控制在 is a comparison word ending in a connective: look for one before and after dropping 为/是/在.
  let opWord = LEADING_BY_LENGTH.find((w) => pre.endsWith(w));
  if (!opWord) {
    pre = pre.replace(CONNECTIVES, "");
    opWord = LEADING_BY_LENGTH.find((w) => pre.endsWith(w));
  }
  if (opWord) {
    opBefore = LEADING_OPS[opWord];
    pre = pre.slice(0, -opWord.length).replace(CONNECTIVES, "");
  }
  let change: "up" | "down" | undefined;
  const to = CHANGE_TO_AT_END.exec(pre);
  const changeWord = CHANGE_AT_END.exec(pre);
  if (to) {
    const implied: Op = trendOfWord(to[1]) === "down" ? "<=" : ">=";
    if (opBefore && direction(opBefore) !== direction(implied))
      return unreadable(raw, "比较方向前后矛盾");
    opBefore = opBefore ?? implied;
    pre = pre.slice(0, to.index);
  } else if (changeWord) {
    change = trendOfWord(changeWord[1]);
    pre = pre.slice(0, changeWord.index);
  } else if (KEEP_AT_END.test(pre)) {
    pre = pre.replace(KEEP_AT_END, "");
  }
  pre = pre.replace(CONNECTIVES, "");
  if (!LABEL_CHARS.test(pre.replace(LEADING_YEAR, "")) || BAD_LABEL_END.test(pre))
    return unreadable(raw);
  if (negative && (pre !== "" || change)) return unreadable(raw);

  if (opBefore && opAfter && direction(opBefore) !== direction(opAfter))
    return unreadable(raw, "比较方向前后矛盾");
  const op = opBefore ?? opAfter;
  const value = Number(shiftDecimal(`${negative ? "-" : ""}${numText}`, places));
  if (!Number.isFinite(value)) return unreadable(raw, "数值过大");

  const number = { value, percent, ...(op ? { op } : {}), ...(unit ? { unit } : {}) };
  if (change) return ok({ kind: "qualitative", text: s, trend: change, ...number });
  return ok({ kind: "number", ...number, ...(pre ? { label: pre } : {}) });
}

/** A finite number as plain decimal text (no exponent), shortest digits. */
function plainDecimal(n: number): string {
  const t = String(n);
  const e = /^(-?[\d.]+)e([+-]\d+)$/i.exec(t);
  return e ? shiftDecimal(e[1], Number(e[2])) : t;
}

/** n × 10^places as tidy decimal text: 0.00007, 2 → "0.007". */
function shifted(n: number, places: number): string {
  const text = places === 0 ? plainDecimal(n) : shiftDecimal(plainDecimal(n), places);
  const negative = text.startsWith("-");
  let body = text.replace(/^-/, "");
  if (body.includes(".")) body = body.replace(/0+$/, "").replace(/\.$/, "");
  body = body.replace(/^0+(?=\d)/, "");
  return (negative && body !== "0" ? "-" : "") + body;
}

/** The text of a value: "≥40万人份", "≤2%", "300张", "全面提升", "不适用". Reads back to the same value. */
export function formatIndicatorValue(v: ParsedValue): string {
  if (v.kind === "na") return "不适用";
  if (v.kind === "qualitative") return v.text ?? "";
  if (v.value === undefined || !Number.isFinite(v.value)) return "";
  const op = v.op ? OP_SYMBOL[v.op] : "";
  if (v.percent || v.unit === "%") return `${op}${shifted(v.value, 2)}%`;
  const unit = v.unit ?? "";
  const places = unitInfo(unit.split("/")[0])?.places ?? 0;
  if (places !== 0) return `${op}${shifted(v.value, -places)}${unit}`;
  const abs = Math.abs(v.value);
  // 万 / 亿 for round quantities, unless the two would read as another unit (万 + 元 is 万元).
  for (const [mult, p] of [
    ["亿", 8],
    ["万", 4],
  ] as const) {
    const fits =
      abs >= 10 ** p && v.value % 10 ** (p - 2) === 0 && unitAt(mult + unit) === undefined;
    if (fits) return `${op}${shifted(v.value, -p)}${mult}${unit}`;
  }
  return `${op}${shifted(v.value, 0)}${unit}`;
}

/**
 * A value as the report shows it, in the unit the target was written in: money is kept in 元 inside the parser
 * (so 400万元 and 4,100,000元 compare) and shown back as 400 and 410 万元. 万 and 亿 before other units are
 * multipliers, not units (40万人份 stays 400,000 人份); a percentage stays a fraction.
 */
export function inWrittenUnit(value: number, unit: string | undefined): number {
  const places = moneyPlaces(unit);
  return places === 0 ? value : Number(shifted(value, -places));
}

/**
 * Whether the actual's number compares directly with the target's: 人份 with 份, 万元 with 元 (values are in 元
 * already), % with %, no unit with any count; not 小时 with 次, nor % with a bare number. False unless both are numbers.
 */
export function unitsCompatible(target: ParsedValue, actual: ParsedValue): boolean {
  if (target.kind !== "number" || actual.kind !== "number") return false;
  const unitOf = (v: ParsedValue) => (v.percent ? "%" : v.unit);
  return sameMeasure(unitOf(target), unitOf(actual));
}
