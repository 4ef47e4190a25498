/**
 * The 自评报告's outline in a framework file (`report`): the presets carry their seeds' outlines and keep them
 * through the workbook's saved copy; the validator and the JSON Schema refuse each kind of mistake, the validator
 * naming its path in plain words.
 */
import Ajv from "ajv";
import { readFileSync } from "fs";
import { join } from "path";
import { loadFrameworkFile, PRESETS } from "../src/domain/frameworks";
import { frameworkToJson } from "../src/domain/frameworks/load/serialize";

const ROOT = join(__dirname, "..");
const custom = () =>
  JSON.parse(readFileSync(join(ROOT, "examples", "custom-framework.json"), "utf8")) as Record<
    string,
    unknown
  >;
const schema = JSON.parse(readFileSync(join(ROOT, "schemas", "framework.schema.json"), "utf8"));
const validate = new Ajv({ allErrors: true }).compile(schema);

/** The custom example with `report` set, loaded: its errors as `path：message`. */
function load(report: unknown): { errors: string[]; schemaValid: boolean } {
  const doc = { ...custom(), report };
  const loaded = loadFrameworkFile(JSON.stringify(doc), "zh");
  return {
    errors: loaded.ok ? [] : loaded.errors.map((e) => `${e.path}：${e.message}`),
    schemaValid: validate(doc) as boolean,
  };
}

const titles = (id: string) => PRESETS[id].report?.sections.map((s) => s.title.zh);

describe("the presets' outlines are their seeds'", () => {
  it("深圳 (seeds 000, 001), the county (seed 002), 广州 and project (seeds 003, 004)", () => {
    expect(titles("shenzhen")).toEqual([
      "部门基本情况",
      "部门主要履职绩效分析",
      "总体评价和整改措施",
      "部门整体支出绩效评价指标评分情况",
    ]);
    expect(titles("county")).toEqual([
      "基本情况",
      "绩效自评工作开展情况",
      "综合评价结论",
      "绩效目标实现情况分析",
      "发现的主要问题和改进措施",
      "部门整体绩效自评结果拟应用和公开情况",
      "部门整体绩效自评工作的经验、问题和建议",
      "其他需要说明的问题",
    ]);
    for (const id of ["guangzhou", "project"])
      expect(titles(id)).toEqual(["基本情况", "绩效自评情况", "存在的主要问题", "下一步改进措施"]);
  });

  it.each(Object.keys(PRESETS))("%s: the outline survives the copy saved in a workbook", (id) => {
    const saved = loadFrameworkFile(JSON.stringify(frameworkToJson(PRESETS[id])));
    expect(saved.ok && saved.framework.report).toEqual(PRESETS[id].report);
  });
});

describe("a framework file's report, checked", () => {
  const section = (content: unknown) => ({ title: "基本情况", content });

  it("accepts every kind of part, a {department} / {year} title and two levels of sections", () => {
    const ok = load({
      title: "{department}{year}年度部门整体支出绩效自评报告",
      sections: [
        {
          title: "{year}年基本情况",
          sections: [
            section([
              { kind: "placeholder", ask: "部门职能" },
              { kind: "text", text: { zh: "{department}按要求开展自评。", en: "Done." } },
              { kind: "figures", figures: ["budgetInitial", "budgetExecutionRate"] },
            ]),
          ],
        },
        section([
          { kind: "conclusion" },
          { kind: "groupScores" },
          { kind: "indicatorTable" },
          { kind: "scoreTable" },
          { kind: "breaches" },
        ]),
      ],
    });
    expect(ok).toEqual({ errors: [], schemaValid: true });
  });

  // The schema checks the shape; only the validator knows the framework's names and the fields a text may carry.
  it.each([
    [
      "an unknown field, with the one meant",
      { sections: [section([{ kind: "conclusion" }])], titles: "x" },
      "report.titles：未知的字段“titles”，是否应为“title”？",
      false,
    ],
    [
      "an unknown kind of part",
      { sections: [section([{ kind: "conclusoin" }])] },
      'report.sections[0].content[0].kind：应为 conclusion / groupScores / figures / indicatorTable / scoreTable / breaches / placeholder / text 之一，现为"conclusoin"（是否应为 conclusion？）',
      false,
    ],
    [
      "a figure the framework does not have, with the nearest",
      { sections: [section([{ kind: "figures", figures: ["budgetInital"] }])] },
      "report.sections[0].content[0].figures[0]：未知的名称“budgetInital”，是否应为“budgetInitial”？",
      true,
    ],
    [
      "a placeholder without what it asks for",
      { sections: [section([{ kind: "placeholder" }])] },
      "report.sections[0].content[0].ask：缺少此字段",
      false,
    ],
    [
      "a field of a kind that takes none",
      { sections: [section([{ kind: "breaches", figures: ["budgetInitial"] }])] },
      "report.sections[0].content[0].figures：未知的字段“figures”（可用：kind）",
      false,
    ],
    [
      "a {field} other than {department} and {year}",
      { title: "{dept}自评报告", sections: [section([{ kind: "conclusion" }])] },
      "report.title：“{dept}”不是可替换的内容（只能用 {department} 部门名称、{year} 年度）",
      true,
    ],
    [
      "a section with nothing to fill it",
      { sections: [{ title: "基本情况" }] },
      "report.sections[0]：此节既无 content 也无 sections：请写明用什么填写它",
      false,
    ],
    [
      "a third level of headings",
      {
        sections: [
          {
            title: "一",
            sections: [{ title: "二", sections: [section([{ kind: "conclusion" }])] }],
          },
        ],
      },
      "report.sections[0].sections[0].sections：报告只分两级标题（一、 与 （一）），小节下不能再分节",
      false,
    ],
    ["no sections", { sections: [] }, "report.sections：不能为空数组", false],
  ])("refuses %s", (_what, report, error, schemaAccepts) => {
    const { errors, schemaValid } = load(report);
    expect(errors).toEqual([error]);
    expect(schemaValid).toBe(schemaAccepts);
  });
});
