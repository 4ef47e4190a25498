/**
 * The unit words of performance indicators (人份, 人次, 张, 起, 小时, 万元 …): the spellings read, the word each
 * normalizes to, and which units measure the same thing (so a target and an actual can be compared).
 */

export interface UnitInfo {
  /** The normalized word (个百分点 → 百分点, 工作日 → 个工作日, 公里 → 千米 …). */
  unit: string;
  /** Units of one family compare directly; a unit with no family only matches itself. */
  family?: string;
  /**
   * Places of ten the written number is scaled by (万元 4 places: 400万元 is the value 4,000,000, like 40万人次 is
   * 400,000). Percent and per-mille are negative: the value is a fraction.
   */
  places: number;
}

const info = (unit: string, family?: string, places = 0): UnitInfo => ({ unit, family, places });

/** Every spelling read, to its normalized unit. */
const SPELLINGS: Record<string, UnitInfo> = {
  "%": info("%", "fraction", -2),
  "‰": info("‰", "fraction", -3),
  百分点: info("百分点"),
  个百分点: info("百分点"),
  人份: info("人份", "份"),
  份: info("份", "份"),
  人次: info("人次"),
  人: info("人", "人"),
  名: info("名", "人"),
  位: info("位", "人"),
  起: info("起", "起"),
  宗: info("宗", "起"),
  件: info("件", "起"),
  场次: info("场次", "场"),
  场: info("场", "场"),
  次: info("次"),
  个: info("个"),
  项: info("项"),
  条: info("条"),
  张: info("张"),
  户: info("户"),
  家: info("家"),
  所: info("所"),
  台: info("台"),
  套: info("套"),
  辆: info("辆"),
  批: info("批"),
  篇: info("篇"),
  期: info("期"),
  部: info("部"),
  本: info("本"),
  册: info("册"),
  处: info("处"),
  座: info("座"),
  间: info("间"),
  例: info("例"),
  床: info("床"),
  分: info("分"),
  元: info("元", "元"),
  千元: info("千元", "元", 3),
  万元: info("万元", "元", 4),
  亿元: info("亿元", "元", 8),
  秒: info("秒"),
  分钟: info("分钟"),
  小时: info("小时"),
  个小时: info("小时"),
  天: info("天", "天"),
  日: info("日", "天"),
  个工作日: info("个工作日"),
  工作日: info("个工作日"),
  周: info("周"),
  个月: info("个月"),
  月: info("个月"),
  年: info("年"),
  米: info("米"),
  千米: info("千米"),
  公里: info("千米"),
  平方米: info("平方米"),
  亩: info("亩"),
  吨: info("吨"),
  千克: info("千克"),
  公斤: info("千克"),
};

/** Longest first, so 个工作日 wins over 个 and 万元 over the multiplier 万. */
const BY_LENGTH = Object.keys(SPELLINGS).sort((a, b) => b.length - a.length);

/** The unit word written at the start of `s` (longest spelling), or undefined. */
export function unitAt(s: string): { spelling: string; info: UnitInfo } | undefined {
  const spelling = BY_LENGTH.find((w) => s.startsWith(w));
  return spelling === undefined ? undefined : { spelling, info: SPELLINGS[spelling] };
}

/** What is known of a normalized unit (a compound such as 元/人 has neither family nor scale). */
export function unitInfo(unit: string): UnitInfo | undefined {
  return Object.prototype.hasOwnProperty.call(SPELLINGS, unit) ? SPELLINGS[unit] : undefined;
}

/** The unit words read, for documentation and tests. */
export const UNIT_SPELLINGS: readonly string[] = BY_LENGTH;

/**
 * Places of ten a money unit scales by (千元 3, 万元 4, 亿元 8; also 万元/人), else 0. Only these are units
 * with a scale: 万 and 亿 before another unit (40万人份) are multipliers of the number, and % is a fraction.
 */
export function moneyPlaces(unit: string | undefined): number {
  const places = unit === undefined ? 0 : (unitInfo(unit.split("/")[0])?.places ?? 0);
  return places > 0 ? places : 0;
}

/**
 * Whether values in these two units compare directly. No unit on one side compares with any count (tables often
 * leave it out), but not with a percentage (100% against a bare 1 is not read as equal), nor with 万元 / 亿元 / 千元
 * (a bare 410 against 400万元 could be 元 or 万元: the unit must be written).
 */
export function sameMeasure(a: string | undefined, b: string | undefined): boolean {
  if (a === b) return true;
  const fa = a === undefined ? undefined : unitInfo(a)?.family;
  const fb = b === undefined ? undefined : unitInfo(b)?.family;
  if (a === undefined || b === undefined)
    return (a === undefined ? fb : fa) !== "fraction" && moneyPlaces(a ?? b) === 0;
  return fa !== undefined && fa === fb;
}
