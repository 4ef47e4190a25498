import fc from "fast-check";
import { shiftDecimal } from "../src/domain/parse/number";
import {
  formatIndicatorValue,
  inWrittenUnit,
  parseIndicatorValue,
  unitsCompatible,
  type ParsedValue,
} from "../src/domain/indicatorTable/parseValue";
import { scoreIndicatorTable } from "../src/domain/indicatorTable/scoreTable";
import { UNIT_SPELLINGS } from "../src/domain/indicatorTable/units";

const read = (text: unknown): ParsedValue => {
  const r = parseIndicatorValue(text);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(text)} to read, got: ${r.reason}`);
  return r.value;
};
const reason = (text: unknown): string => {
  const r = parseIndicatorValue(text);
  if (r.ok)
    throw new Error(
      `expected ${JSON.stringify(text)} to be refused, got ${JSON.stringify(r.value)}`
    );
  return r.reason;
};
/** A number: op, value, unit, percent (percent false unless %). */
const num = (op: ParsedValue["op"], value: number, unit?: string): ParsedValue => ({
  kind: "number",
  value,
  percent: unit === "%",
  ...(op ? { op } : {}),
  ...(unit ? { unit } : {}),
});
const qual = (text: string, trend?: ParsedValue["trend"]): ParsedValue => ({
  kind: "qualitative",
  text,
  ...(trend ? { trend } : {}),
});
const NA: ParsedValue = { kind: "na" };
const withoutLabel = ({ label: _label, ...v }: ParsedValue): ParsedValue => v;

describe("the seeds' 绩效指标 tables (indicator-table.md)", () => {
  // seed, target, its reading, actual, its reading
  const rows: [string, string, ParsedValue, unknown, ParsedValue | undefined][] = [
    ["001", "≥40万人份", num(">=", 400000, "人份"), "47.7万份", num(undefined, 477000, "份")],
    ["001", "300张", num(undefined, 300, "张"), "344张", num(undefined, 344, "张")],
    ["001", "≥45万人次", num(">=", 450000, "人次"), "45万人次", num(undefined, 450000, "人次")],
    ["001", "100%", num(undefined, 1, "%"), "100%", num(undefined, 1, "%")],
    ["001", "≥90%", num(">=", 0.9, "%"), "91.67%", num(undefined, 0.9167, "%")],
    ["001", "≤2小时", num("<=", 2, "小时"), "≤2小时", num("<=", 2, "小时")],
    ["001", "≤24小时", num("<=", 24, "小时"), "≤24小时", num("<=", 24, "小时")],
    ["001", "≤100%", num("<=", 1, "%"), "99.37%", num(undefined, 0.9937, "%")],
    ["001", "≤3 次", num("<=", 3, "次"), "0 次", num(undefined, 0, "次")],
    ["001", "≤2%", num("<=", 0.02, "%"), "0.007%", num(undefined, 0.00007, "%")],
    ["001", "不适用", NA, "不适用", NA],
    ["001", "全面提升", qual("全面提升", "up"), "全面提升", qual("全面提升", "up")],
    [
      "001",
      "有效提供",
      qual("有效提供"),
      "为大量案件包括打拐、失踪、性侵等案件提供线索和证据，维护社会稳定",
      qual("为大量案件包括打拐、失踪、性侵等案件提供线索和证据,维护社会稳定"),
    ],
    // Seed 002 states no actual for these (indicator-table.md: “(entered)”).
    ["002", "<=300起", num("<=", 300, "起"), undefined, undefined],
    ["002", "<=400起", num("<=", 400, "起"), undefined, undefined],
    ["002", ">=1000起", num(">=", 1000, "起"), undefined, undefined],
    ["002", ">=100场次", num(">=", 100, "场次"), undefined, undefined],
    ["004", "同比下降", qual("同比下降", "down"), "同比下降13.8%", undefined],
    ["004", "同比上升", qual("同比上升", "up"), undefined, undefined],
    ["004", "263", num(undefined, 263), 263, num(undefined, 263)],
    ["004", "提升", qual("提升", "up"), undefined, undefined],
    ["004", "保持", qual("保持", "keep"), undefined, undefined],
    ["004", "=100%", num("=", 1, "%"), undefined, undefined],
    [
      "003",
      "监所非自然死亡事故 0 发生",
      { ...num(undefined, 0), label: "监所非自然死亡事故" },
      "0 发生",
      num(undefined, 0),
    ],
  ];
  it.each(rows)("%s: target %j", (_seed, target, expected) => {
    expect(read(target)).toEqual(expected);
  });
  it.each(rows.filter((r) => r[4] !== undefined))(
    "%s: actual of %j: %j",
    (_seed, _target, _t, actual, expected) => {
      expect(read(actual)).toEqual(expected);
    }
  );
  it.each(rows.filter((r) => r[2].kind === "number" && r[4]?.kind === "number"))(
    "%s: %j and its actual %j are in compatible units",
    (_seed, target, _t, actual) => {
      expect(unitsCompatible(read(target), read(actual))).toBe(true);
    }
  );
  it("a change with its size (the 004 actual 同比下降13.8%) is qualitative, with trend and magnitude", () => {
    expect(read("同比下降13.8%")).toEqual({
      kind: "qualitative",
      text: "同比下降13.8%",
      trend: "down",
      value: 0.138,
      percent: true,
      unit: "%",
    });
    expect(read("同比上升11.5个百分点")).toMatchObject({
      kind: "qualitative",
      trend: "up",
      value: 11.5,
      unit: "百分点",
    });
  });
  it("001's prose target naming a standard (DB4426-2001) is qualitative; a number in prose is refused", () => {
    expect(
      read("出水水质达到广东省《水污染物排放标准DB4426-2001》第二时段一级标准水质标准").kind
    ).toBe("qualitative");
    expect(
      reason("出水水质 100%达到广东省《水污染物排放标准DB4426-2002》第二时段一级标准水质标准。")
    ).toContain("出水水质 100%达到");
    expect(
      reason("重点人员监控率 100%；本地户籍吸毒人员管控到位；监所非自然死亡事故 0 发生。")
    ).toContain("含多个指标值");
    expect(reason("政务网及 12345 政务热线全办结")).toContain("政务网及 12345 政务热线全办结");
  });
});

describe("a year before the words (seed 003: “2024年度监所非自然死亡事故 0 发生”)", () => {
  it.each([
    ["2024年度监所非自然死亡事故 0 发生", num(undefined, 0), "2024年度监所非自然死亡事故"],
    ["2024年本部门结转结余率0.37%", num(undefined, 0.0037, "%"), "2024年本部门结转结余率"],
    ["2023年度≥300起", num(">=", 300, "起"), "2023年度"],
  ])("%j reads, the year in its label", (text, expected, label) => {
    expect(read(text)).toEqual({ ...expected, label });
  });
  it("a year alone is still what it was: 2024年 a number of years, 2024年度 words", () => {
    expect(read("2024年")).toEqual(num(undefined, 2024, "年"));
    expect(read("2024年度")).toEqual(qual("2024年度"));
    expect(read("2023年与2022年市民满意度基本保持")).toEqual(
      qual("2023年与2022年市民满意度基本保持", "keep")
    );
  });
  it.each([
    ["2024年度第3名", "2024年度第3名"],
    ["2024年度约300起", "2024年度约300起"],
    ["2023年与2022年市民满意度基本保持，均为98.00%的满意度", "2023年与2022年"],
    ["2024 年度升级改造护栏约五千米；通过巡查台账记录巡查维护信号灯 370 个", "含多个指标值"],
    ["报告2024年度0发生", "报告2024年度0发生"],
  ])("still refuses %j", (text, expected) => {
    expect(reason(text)).toContain(expected);
  });
});

describe("other forms people write", () => {
  it.each([
    // full-width digits, operators and percent
    ["≥４０万人份", num(">=", 400000, "人份")],
    ["＞９０％", num(">", 0.9, "%")],
    ["＜５次", num("<", 5, "次")],
    ["＝１００％", num("=", 1, "%")],
    ["≧90%", num(">=", 0.9, "%")],
    ["≦2小时", num("<=", 2, "小时")],
    ["＜＝３次", num("<=", 3, "次")],
    [">=90%", num(">=", 0.9, "%")],
    ["=>90%", num(">=", 0.9, "%")],
    ["> 90 %", num(">", 0.9, "%")],
    ["<5次", num("<", 5, "次")],
    // thousands separators
    ["1,000起", num(undefined, 1000, "起")],
    ["286起", num(undefined, 286, "起")],
    ["１，０００起", num(undefined, 1000, "起")],
    ["≥1,234,567.5元", num(">=", 1234567.5, "元")],
    // multipliers
    ["5万", num(undefined, 50000)],
    ["1.5亿人次", num(undefined, 150000000, "人次")],
    ["400万元", num(undefined, 4000000, "万元")],
    ["4154.02万元", num(undefined, 41540200, "万元")],
    ["2亿元", num(undefined, 200000000, "亿元")],
    ["12千元", num(undefined, 12000, "千元")],
    // words before and after
    ["不低于40万人次", num(">=", 400000, "人次")],
    ["不少于300张", num(">=", 300, "张")],
    ["达到100%", num(">=", 1, "%")],
    ["90%以上", num(">=", 0.9, "%")],
    ["90%及以上", num(">=", 0.9, "%")],
    ["不超过3次", num("<=", 3, "次")],
    ["不高于2%", num("<=", 0.02, "%")],
    ["2小时以内", num("<=", 2, "小时")],
    ["2小时内", num("<=", 2, "小时")],
    ["3次以下", num("<=", 3, "次")],
    ["控制在5%以内", num("<=", 0.05, "%")],
    ["超过90%以上", num(">", 0.9, "%")],
    ["大于等于95%", num(">=", 0.95, "%")],
    ["小于或等于5天", num("<=", 5, "天")],
    ["等于100%", num("=", 1, "%")],
    ["保持在95%以上", num(">=", 0.95, "%")],
    ["下降至5%", num("<=", 0.05, "%")],
    ["提升到90%", num(">=", 0.9, "%")],
    ["为99.37%", num(undefined, 0.9937, "%")],
    ["零发生", num(undefined, 0)],
    // units
    ["12场次", num(undefined, 12, "场次")],
    ["≥3个", num(">=", 3, "个")],
    ["5件", num(undefined, 5, "件")],
    ["20户", num(undefined, 20, "户")],
    ["≤3天", num("<=", 3, "天")],
    ["3日", num(undefined, 3, "日")],
    ["≤5个工作日", num("<=", 5, "个工作日")],
    ["5工作日", num(undefined, 5, "个工作日")],
    ["≥90分", num(">=", 90, "分")],
    ["30分钟", num(undefined, 30, "分钟")],
    ["11.5个百分点", num(undefined, 11.5, "百分点")],
    ["0.5‰", num(undefined, 0.0005, "‰")],
    ["≤200元/人", num("<=", 200, "元/人")],
    // signs and a leading point
    ["-5", num(undefined, -5)],
    ["≥-5%", num(">=", -0.05, "%")],
    [".5", num(undefined, 0.5)],
    ["≥.5", num(">=", 0.5)],
    // a trailing full stop or semicolon
    ["≥90%。", num(">=", 0.9, "%")],
    ["300张；", num(undefined, 300, "张")],
  ])("%j", (text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  it("keeps the words before the number as the label", () => {
    expect(read("总DNA数据库建库数不低于40万人次")).toEqual({
      ...num(">=", 400000, "人次"),
      label: "总DNA数据库建库数",
    });
    expect(read("重点人员监控率 100%")).toEqual({
      ...num(undefined, 1, "%"),
      label: "重点人员监控率",
    });
    expect(read("成本控制率为99.37%")).toEqual({
      ...num(undefined, 0.9937, "%"),
      label: "成本控制率",
    });
    expect(read("试剂耗材质量验收合格率达到100%")).toEqual({
      ...num(">=", 1, "%"),
      label: "试剂耗材质量验收合格率",
    });
    expect(read("延误指数下降率平均为9.86%")).toMatchObject({
      kind: "number",
      value: 0.0986,
      label: "延误指数下降率平均",
    });
  });

  it("reads percentages exactly as typed (no 0.9167000000000001)", () => {
    expect(read("91.67%").value).toBe(0.9167);
    expect(read("99.37%").value).toBe(0.9937);
    expect(read("0.007%").value).toBe(0.00007);
    expect(read("47.7万份").value).toBe(477000);
  });

  it.each([
    ["不适用", NA],
    ["不涉及", NA],
    ["无", NA],
    ["—", NA],
    ["——", NA],
    ["-", NA],
    ["－", NA],
    ["/", NA],
    ["N/A", NA],
    [" 不适用 ", NA],
    ["达标", qual("达标")],
    ["自助办证设备全覆盖", qual("自助办证设备全覆盖")],
    ["案件警情数同比下降", qual("案件警情数同比下降", "down")],
    ["市民安全感 保持", qual("市民安全感保持", "keep")],
    ["同比持平", qual("同比持平", "keep")],
    ["有所增长", qual("有所增长", "up")],
    ["不下降", qual("不下降")],
    ["两降两升", qual("两降两升")],
    ["提升且下降", qual("提升且下降")],
    ["零投诉", qual("零投诉")],
    ["2023年与2022年市民满意度基本保持", qual("2023年与2022年市民满意度基本保持", "keep")],
  ])("%j (no number)", (text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  it("a JS number is a bare number", () => {
    expect(read(263)).toEqual(num(undefined, 263));
    expect(read(0.9)).toEqual(num(undefined, 0.9));
    expect(read(BigInt(12))).toEqual(num(undefined, 12));
  });
});

describe("what it refuses, and says why", () => {
  it.each([
    [null, "未填写"],
    [undefined, "未填写"],
    ["", "未填写"],
    ["   ", "未填写"],
    [NaN, "NaN"],
    [Infinity, "Infinity"],
    [{}, "应为文字或数值"],
    [[], "应为文字或数值"],
    [true, "应为文字或数值"],
    [Symbol("x"), "应为文字或数值"],
    ["约5千", "无法识别“约5千”为指标值"],
    ["5千", "“千”"],
    ["约500人", "约500人"],
    ["近300起", "近300起"],
    ["2300余次", "约数"],
    ["300多起", "约数"],
    ["5万左右", "约数"],
    ["1,34", "千分位"],
    ["12,3456.7", "千分位"],
    ["1 000", "空格"],
    ["77,852,129. 83", "空格"],
    ["5万%", "百分数"],
    ["90%人次", "90%人次"],
    ["不低于5%以内", "矛盾"],
    ["第3名", "第3名"],
    ["排名前3", "排名前3"],
    ["每3天", "每3天"],
    ["三百5人", "三百5人"],
    ["1万5千", "1万5千"],
    ["不等于5", "不等于5"],
    ["服务.5次", "服务.5次"],
    ["1.2.3", "1.2.3"],
    ["1e5", "1e5"],
    ["≥90%且≤95%", "≥90%且≤95%"],
    ["100%100%", "100%100%"],
    ["反诈专线96110接警有效接听率超过90%", "反诈专线96110"],
    ["24小时内止付", "24小时内止付"],
    ["≥", "≥"],
    ["%", "%"],
    ["9".repeat(400), "数值过大"],
  ])("%j", (text, expected) => {
    expect(reason(text)).toContain(expected);
  });

  it("shortens a long text in the reason", () => {
    const long = `${"很长的文字".repeat(20)}约3次`;
    const r = reason(long);
    expect(r).toContain("…");
    expect(r.length).toBeLessThan(70);
  });
});

describe("formatting", () => {
  it.each([
    [num(">=", 400000, "人份"), "≥40万人份"],
    [num(undefined, 477000, "份"), "47.7万份"],
    [num("<=", 0.02, "%"), "≤2%"],
    [num(undefined, 0.00007, "%"), "0.007%"],
    [num(undefined, 300, "张"), "300张"],
    [num(undefined, 12345, "人次"), "12345人次"],
    [num(undefined, 4000000, "元"), "4000000元"],
    [num(undefined, 41540200, "万元"), "4154.02万元"],
    [num(undefined, 150000000, "人次"), "1.5亿人次"],
    [num("=", 1, "%"), "=100%"],
    [num(">", 1e21), ">10000000000000亿"],
    [num(undefined, 1e-7), "0.0000001"],
    [num(undefined, 0.0005, "‰"), "0.5‰"],
    [qual("全面提升", "up"), "全面提升"],
    [NA, "不适用"],
  ])("%j → %s", (v, text) => {
    expect(formatIndicatorValue(v)).toBe(text);
  });
});

describe("units", () => {
  const compatible = (a: string, b: string) => unitsCompatible(read(a), read(b));
  it.each([
    ["≥40万人份", "47.7万份", true],
    ["400万元", "4100000元", true],
    ["≥90%", "91.67%", true],
    ["≤1‰", "0.05%", true],
    ["5起", "6宗", true],
    ["3天", "2日", true],
    ["263", "270个", true],
    ["300张", "344", true],
    ["≤2小时", "3次", false],
    ["≤2小时", "90分钟", false],
    ["100%", "1", false],
    ["100", "100%", false],
    ["5人", "5人次", false],
    ["≤200元/人", "180元/人", true],
    ["≤200元/人", "180元", false],
    ["≤200元/人", "180", true],
    // A bare number against 万元 / 亿元 could mean 元 or 万元: the unit must be written.
    ["400万元", "410", false],
    ["410", "400万元", false],
    ["2亿元", "1.5", false],
    ["≤2万元/人", "1.5", false],
    ["400万元", "4100000元", true],
    ["400万元", "3.9亿元", true],
  ])("%j vs %j: %s", (a, b, expected) => {
    expect(compatible(a, b)).toBe(expected);
  });
  it("only numbers have comparable units", () => {
    expect(unitsCompatible(read("全面提升"), read("全面提升"))).toBe(false);
    expect(unitsCompatible(read("不适用"), read("5次"))).toBe(false);
  });
});

describe("money units in the report (400万元 reported as 400 万元, not 4,000,000 万元)", () => {
  it("inWrittenUnit shows a value back in its money unit; 万 before other units stays a multiplier", () => {
    expect(inWrittenUnit(read("400万元").value as number, "万元")).toBe(400);
    expect(inWrittenUnit(read("4154.02万元").value as number, "万元")).toBe(4154.02);
    expect(inWrittenUnit(read("1.5亿元").value as number, "亿元")).toBe(1.5);
    expect(inWrittenUnit(read("12千元").value as number, "千元")).toBe(12);
    expect(inWrittenUnit(read("4100000元").value as number, "万元")).toBe(410);
    expect(inWrittenUnit(read("2万元/人").value as number, "万元/人")).toBe(2);
    expect(inWrittenUnit(read("40万人份").value as number, "人份")).toBe(400000);
    expect(inWrittenUnit(read("4000000元").value as number, "元")).toBe(4000000);
    expect(inWrittenUnit(read("90%").value as number, "%")).toBe(0.9);
    expect(inWrittenUnit(300, undefined)).toBe(300);
  });

  const reported = (target: string, actual: string) => {
    const result = scoreIndicatorTable([{ name: "x", target, actual, reason: "x" }], 10);
    expect(result.errors).toEqual([]);
    const { direction, target: t, actual: a, unit, met, completion } = result.rows[0];
    return { direction, target: t, actual: a, unit, met, completion };
  };
  it.each([
    ["≥400万元", "410万元", 400, 410, "万元", true, 1],
    ["≥400万元", "4100000元", 400, 410, "万元", true, 1],
    ["≥400万元", "380万元", 400, 380, "万元", false, 0.95],
    ["≤2亿元", "1.5亿元", 2, 1.5, "亿元", true, 1],
    ["≤2亿元", "25000万元", 2, 2.5, "亿元", false, 0.8],
    ["≥4000000元", "410万元", 4000000, 4100000, "元", true, 1],
    ["≤2万元/人", "1.5万元/人", 2, 1.5, "万元/人", true, 1],
    // 万 as a multiplier: the number stays multiplied.
    ["≥40万人份", "47.7万份", 400000, 477000, "人份", true, 1],
    ["≥90%", "91.67%", 0.9, 0.9167, "%", true, 1],
  ])("%j against %j: target %d, actual %d, %s", (t, a, target, actual, unit, met, completion) => {
    expect(reported(t, a)).toEqual({
      direction: expect.any(String),
      target,
      actual,
      unit,
      met,
      completion,
    });
  });
  it("a bare actual against 万元 is not guessed to be 元: the row says the units differ", () => {
    const result = scoreIndicatorTable([{ name: "资金", target: "≥400万元", actual: "410" }], 10);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].message).toContain("万元");
    expect(result.total).toBeNull();
  });
  it("with a target in words, a numeric actual reports its own unit", () => {
    const result = scoreIndicatorTable(
      [{ name: "资金", target: "有效保障", actual: "挽损410万元", tier: "达成" }],
      10
    );
    expect(result.rows[0]).toMatchObject({ actual: 410, unit: "万元" });
  });
});

describe("properties", () => {
  const check = (input: unknown) => {
    const r = parseIndicatorValue(input);
    if (!r.ok) {
      expect(typeof r.reason).toBe("string");
      expect(r.reason.length).toBeGreaterThan(0);
      return;
    }
    expect(["number", "qualitative", "na"]).toContain(r.value.kind);
    if (r.value.kind === "number") expect(Number.isFinite(r.value.value)).toBe(true);
    if (r.value.kind === "qualitative") expect(r.value.text).toBeTruthy();
  };

  /** Strings made of the pieces the grammar knows, so most are near-misses of a real value. */
  const tokens = fc.constantFrom(
    ...[
      "≥",
      "≤",
      ">",
      "<",
      "=",
      ">=",
      "<=",
      "＞",
      "≧",
      "不低于",
      "不超过",
      "达到",
      "以上",
      "以内",
      "内",
      "发生",
    ],
    ...[
      "0",
      "1",
      "5",
      "9",
      "４",
      "0",
      ".",
      ",",
      "，",
      "%",
      "％",
      "万",
      "亿",
      "千",
      "-",
      "—",
      "+",
      " ",
      "/",
      "；",
    ],
    ...[
      "约",
      "余",
      "左右",
      "第",
      "同比",
      "下降",
      "提升",
      "至",
      "保持",
      "在",
      "为",
      "零",
      "率",
      "监所",
      "不适用",
      "无",
    ],
    ...UNIT_SPELLINGS
  );
  const tokenText = fc.array(tokens, { maxLength: 8 }).map((parts) => parts.join(""));

  it("never throws on arbitrary strings", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), check), {
      numRuns: 3000,
    });
  });
  it("never throws on anything at all", () => {
    fc.assert(fc.property(fc.anything(), check), { numRuns: 2000 });
  });
  it("never throws on texts made of the grammar's own pieces", () => {
    fc.assert(fc.property(tokenText, check), { numRuns: 5000 });
  });

  const closeTo = (a: number | undefined, b: number | undefined) =>
    a !== undefined &&
    b !== undefined &&
    Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

  const countUnits = UNIT_SPELLINGS.filter((u) => !["%", "‰"].includes(u));
  /** Generated numbers: op, a value on a 0.01 grid or an integer, optionally ×万, percent or a unit. */
  const numbers = fc
    .record({
      op: fc.constantFrom<ParsedValue["op"]>(">=", "<=", "=", undefined),
      cents: fc.integer({ min: 0, max: 10 ** 9 }),
      integer: fc.boolean(),
      wan: fc.boolean(),
      unit: fc.option(fc.constantFrom("%", ...countUnits), { nil: undefined }),
    })
    .map(({ op, cents, integer, wan, unit }): ParsedValue => {
      let text = integer ? String(cents) : (cents / 100).toFixed(2);
      if (unit === "%") text = shiftDecimal(text, -2);
      else if (wan) text = shiftDecimal(text, 4);
      const normalized = unit === undefined ? undefined : read(`1${unit}`).unit;
      return {
        kind: "number",
        value: Number(text),
        percent: unit === "%",
        ...(op ? { op } : {}),
        ...(normalized ? { unit: normalized } : {}),
      };
    });

  it("formatting a number and reading it back gives the same value, op, unit and percent", () => {
    fc.assert(
      fc.property(numbers, (v) => {
        const back = read(formatIndicatorValue(v));
        expect(back.kind).toBe("number");
        expect(closeTo(back.value, v.value)).toBe(true);
        expect(back.op).toBe(v.op);
        expect(back.unit).toBe(v.unit);
        expect(back.percent).toBe(v.percent);
      }),
      { numRuns: 3000 }
    );
  });

  const han = fc.constantFrom(
    ..."全面提升有效提供保持同比下降上升增长减少持平达标稳定覆盖办结满意度线索证据案件社会治安".split(
      ""
    ),
    "提升",
    "下降",
    "保持",
    "同比"
  );
  it("a qualitative text reads as itself, and back", () => {
    fc.assert(
      fc.property(
        fc.array(han, { minLength: 1, maxLength: 10 }).map((p) => p.join("")),
        (text) => {
          const v = read(text);
          expect(v.kind).toBe("qualitative");
          expect(v.text).toBe(text);
          expect(read(formatIndicatorValue(v))).toEqual(v);
        }
      ),
      { numRuns: 2000 }
    );
  });

  it("anything that reads, formatted and read again, is the same value (less its label)", () => {
    fc.assert(
      fc.property(tokenText, (text) => {
        const r = parseIndicatorValue(text);
        if (!r.ok) return;
        const again = read(formatIndicatorValue(r.value));
        const { value: a, ...restA } = withoutLabel(again);
        const { value: b, ...restB } = withoutLabel(r.value);
        expect(restA).toEqual(restB);
        if (b !== undefined) expect(closeTo(a, b)).toBe(true);
      }),
      { numRuns: 5000 }
    );
  });
});
