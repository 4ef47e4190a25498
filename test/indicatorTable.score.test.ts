import { readFileSync } from "fs";
import { join } from "path";
import { shenzhen } from "../src/domain/frameworks/shenzhen";
import {
  scoreIndicatorTable,
  type IndicatorRowInput,
} from "../src/domain/indicatorTable/scoreTable";
import { scoreFramework } from "../src/domain/score";
import { exampleInputs } from "./support/seeds";

const SEED001_TABLE = JSON.parse(
  readFileSync(join(__dirname, "fixtures", "seed001-indicators.json"), "utf8")
) as IndicatorRowInput[];
const row = (name: string, result: ReturnType<typeof scoreIndicatorTable>) =>
  result.rows.find((r) => r.name === name)!;

describe("seed 001's whole 绩效指标 table", () => {
  const result = scoreIndicatorTable(SEED001_TABLE, 25);

  it("reads every row as indicator-table.md says", () => {
    const byName = Object.fromEntries(
      result.rows.map((r) => [r.name, [r.direction, r.target, r.actual, r.met]])
    );
    expect(byName).toEqual({
      总DNA数据库建库数: ["forward", 400000, 477000, true],
      平均每名会计师全年绘制涉案资金流向图数量: ["forward", 300, 344, true],
      年鉴定指纹比对作业数量: ["forward", 450000, 450000, true],
      试剂耗材质量验收合格率: ["forward", 1, 1, true],
      反诈专线96110接警有效接听率: ["forward", 0.9, 0.9167, true],
      人员指纹查询比对结果反馈时长: ["reverse", 2, 2, true],
      反电信网络诈骗资金的止付时间: ["reverse", 24, 24, true],
      成本控制率: ["reverse", 1, 0.9937, true],
      经济效益指标: ["na", null, null, null],
      "为打拐、失踪、性侵等案件提供线索和证据": ["qualitative", null, null, true],
      追赃挽损电诈涉案资金能力: ["qualitative", null, null, true],
      实验室检验污水处理出水水质: ["qualitative", null, null, true],
      可持续影响指标: ["na", null, null, null],
      办案单位投诉次数: ["reverse", 3, 0, true],
      反诈中心接警投诉率: ["reverse", 0.02, 0.00007, true],
      其他满意度指标: ["na", null, null, null],
    });
    expect(result.errors).toEqual([]);
  });

  it("scores every target met as the full 25: 不适用 rows drop out, their weight shared by the 13 others", () => {
    expect(result.total).toBe(25);
    expect(
      result.rows
        .filter((r) => r.direction === "na")
        .every((r) => r.weight === 0 && r.score === null)
    ).toBe(true);
    expect(row("成本控制率", result).weight).toBe(1.9231); // 25 / 13
    expect(result.breaches).toEqual([]);
  });
});

describe("scoring a row", () => {
  const table = (rows: IndicatorRowInput[]) => scoreIndicatorTable(rows, 10);

  it("forward: weight × actual / target when short; reverse: weight × target / actual when over", () => {
    const result = table([
      { name: "接听率", target: "≥90%", actual: "85%", reason: "人员不足" },
      { name: "投诉", target: "≤3 次", actual: "4 次", reason: "个别案件" },
    ]);
    expect(row("接听率", result)).toMatchObject({ met: false, completion: 0.9444, score: 4.72 });
    expect(row("投诉", result)).toMatchObject({ met: false, completion: 0.75, score: 3.75 });
    expect(result.total).toBe(8.47);
  });

  it("equality: within 0.5% is met; otherwise 1 − |gap| / target", () => {
    const result = table([
      { name: "a", target: "=100%", actual: "99.6%" },
      { name: "b", target: "=100%", actual: "90%", reason: "x" },
    ]);
    expect(row("a", result).met).toBe(true);
    expect(row("b", result)).toMatchObject({ met: false, completion: 0.9, score: 4.5 });
  });

  it("a trend target is met by an actual moving its way (seed 004: 同比下降 against 同比下降 13.8%); the other way asks for a tier", () => {
    const result = table([
      { name: "案件类警情", target: "同比下降", actual: "同比下降 13.8%" },
      { name: "破案数", target: "同比上升", actual: "同比上升 15.1%" },
      { name: "投诉量", target: "同比下降", actual: "同比上升 2%" },
      { name: "满意度", target: "保持稳定", actual: "保持稳定" },
    ]);
    expect(row("案件类警情", result)).toMatchObject({
      direction: "qualitative",
      met: true,
      completion: 1,
    });
    expect(row("破案数", result)).toMatchObject({ met: true, completion: 1 });
    expect(row("投诉量", result)).toMatchObject({ met: null, score: null });
    expect(result.errors.map((e) => e.input)).toEqual(["indicators[2]"]);
    expect(row("满意度", result)).toMatchObject({ met: true }); // the same words
  });

  it("a zero target counts events that must not happen (0 发生)", () => {
    const result = table([
      { name: "事故", target: "监所非自然死亡事故 0 发生", actual: "0 发生" },
      { name: "事故2", target: "0 发生", actual: "1 发生", reason: "已整改" },
    ]);
    expect(row("事故", result)).toMatchObject({ direction: "reverse", met: true });
    expect(row("事故2", result)).toMatchObject({ direction: "reverse", met: false, score: 0 });
  });

  it("qualitative rows take the user's tier: 达成 100%, 部分达成 70%, 未达成 30%", () => {
    const result = table([
      {
        name: "a",
        target: "有效提供",
        actual: "提供了部分线索",
        tier: "部分达成",
        reason: "案件少",
      },
      { name: "b", target: "全面提升", actual: "有所提升", tier: "未达成", reason: "x" },
    ]);
    expect(row("a", result).score).toBe(3.5);
    expect(row("b", result).score).toBe(1.5);
  });

  it("a qualitative row without a tier, an unreadable value and mismatched units are errors naming the row; the total is left blank", () => {
    const result = table([
      { name: "甲", target: "有效提供", actual: "为大量案件提供线索", cell: "绩效指标!E7" },
      { name: "乙", target: "≥90%", actual: "约五成" },
      { name: "丙", target: "≤2小时", actual: "3次" },
      { name: "丁", target: "300张", actual: "344张" },
    ]);
    expect(result.errors.map((e) => e.input)).toEqual([
      "indicators[0]",
      "indicators[1]",
      "indicators[2]",
    ]);
    expect(result.errors[0]).toMatchObject({ cell: "绩效指标!E7" });
    expect(result.errors[0].message).toContain("请选择完成档次");
    expect(result.errors[1].message).toContain("约五成");
    expect(result.errors[2].message).toContain("单位");
    expect(result.total).toBeNull();
    expect(row("丁", result).score).toBe(2.5);
  });

  it("an unmet row without 偏差原因 is an amber breach", () => {
    const result = table([{ name: "接听率", target: "≥90%", actual: "85%", cell: "绩效指标!A9" }]);
    expect(result.breaches).toEqual([
      expect.objectContaining({
        metric: "deviationReason",
        severity: "amber",
        cell: "绩效指标!A9",
      }),
    ]);
    expect(result.breaches[0].message).toContain("请填写偏差原因");
  });

  it("given weights are rescaled to the table's total", () => {
    const result = table([
      { name: "a", target: "≥1", actual: "1", weight: 3 },
      { name: "b", target: "≥1", actual: "1", weight: 1 },
      { name: "c", target: "不适用", actual: "不适用", weight: 6 },
    ]);
    expect(row("a", result).weight).toBe(7.5);
    expect(row("b", result).weight).toBe(2.5);
    expect(result.total).toBe(10);
  });
});

describe("the table feeds 效果性", () => {
  const inputs = () => {
    const { effectivenessScore, ...rest } = exampleInputs("seed000");
    void effectivenessScore;
    return rest;
  };

  it("when no 效果性得分 is entered, the table's total is the score, with its explanation", () => {
    const report = scoreFramework(shenzhen, inputs(), { indicators: SEED001_TABLE });
    const effectiveness = report.indicators.find((r) => r.id === "effectiveness")!;
    expect(effectiveness.score).toBe(25);
    expect(effectiveness.explanation).toBe(
      "按绩效指标完成情况：13 项指标中 13 项达到目标，得 25 分（不适用的指标不计，权重分给其他指标）"
    );
    expect(report.total).toBe(95.97);
    expect(report.indicatorTable).toHaveLength(16);
  });

  it("an unmet target lowers 效果性; an entered score wins over the table", () => {
    const rows = SEED001_TABLE.map((r) =>
      r.name === "反诈专线96110接警有效接听率" ? { ...r, actual: "81%" } : r
    );
    const fromTable = scoreFramework(shenzhen, inputs(), { indicators: rows });
    expect(fromTable.indicators.find((r) => r.id === "effectiveness")!.score).toBe(24.81); // 25 − 25/13 × (1 − 0.9)
    expect(fromTable.breaches.find((b) => b.metric === "deviationReason")).toBeDefined();
    const entered = scoreFramework(
      shenzhen,
      { ...inputs(), effectivenessScore: 20 },
      { indicators: rows }
    );
    expect(entered.indicators.find((r) => r.id === "effectiveness")!.score).toBe(20);
  });

  it("a table row that cannot be scored leaves 效果性 unscored, saying why", () => {
    const rows = [...SEED001_TABLE, { name: "新指标", target: "≥90%", actual: "约五成" }];
    const report = scoreFramework(shenzhen, inputs(), { indicators: rows });
    const effectiveness = report.indicators.find((r) => r.id === "effectiveness")!;
    expect(effectiveness.score).toBeNull();
    expect(effectiveness.explanation).toContain("绩效指标表中有 1 项无法计分");
    expect(report.errors.some((e) => e.input === "indicators[16]")).toBe(true);
    expect(report.complete).toBe(false);
  });
});
