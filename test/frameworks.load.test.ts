/**
 * Framework files: the published JSON Schema accepts every preset and the custom example; the hand-written validator
 * loads them into the same frameworks and rejects each kind of mistake with its path inside the file and plain
 * Chinese; formulas parse into the engine's Expr trees (so the sheet's formulas stay the same) with error
 * positions; and no mutation of a valid file makes loading — or scoring what loads — throw.
 */
import Ajv from "ajv";
import fc from "fast-check";
import { readFileSync } from "fs";
import { join } from "path";
import { num as numExpr, type Expr } from "../src/domain/expr";
import { loadFrameworkFile, PRESETS } from "../src/domain/frameworks";
import { parseFormula } from "../src/domain/frameworks/load/formula";
import { frameworkToJson } from "../src/domain/frameworks/load/serialize";
import { toFormula } from "../src/domain/formula";
import { matchName, nameIndex } from "../src/domain/names";
import { scoreFramework } from "../src/domain/score";
import type { Framework } from "../src/domain/types";

const ROOT = join(__dirname, "..");
const text = (...path: string[]) => readFileSync(join(ROOT, ...path), "utf8");
const PRESET_FILES = Object.keys(PRESETS).map((id) => [
  "src",
  "domain",
  "frameworks",
  "presets",
  `${id}.json`,
]);
const CUSTOM = ["examples", "custom-framework.json"];
const custom = () => JSON.parse(text(...CUSTOM));

type Loaded = ReturnType<typeof loadFrameworkFile>;
const errorsOf = (r: Loaded) => (r.ok ? [] : r.errors);
const load = (doc: unknown, lang: "zh" | "en" = "zh") =>
  loadFrameworkFile(JSON.stringify(doc), lang);
/** The errors as `path：message` lines. */
const lines = (r: Loaded) => errorsOf(r).map((e) => `${e.path}：${e.message}`);

describe("the published JSON Schema", () => {
  const schema = JSON.parse(text("schemas", "framework.schema.json"));
  const validate = new Ajv({ allErrors: true }).compile(schema);

  it.each([...PRESET_FILES, CUSTOM].map((p) => [p.join("/"), p]))("accepts %s", (_name, path) => {
    const ok = validate(JSON.parse(text(...(path as string[]))));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("rejects what the validator rejects for its shape: a text where a number goes, an unknown field, a missing field", () => {
    const bad = custom();
    bad.indicators[1].rule.bands[1].points = "8";
    expect(validate(bad)).toBe(false);
    const typo = custom();
    typo.indicatorz = [];
    expect(validate(typo)).toBe(false);
    const missing = custom();
    delete missing.indicators[0].criteria;
    expect(validate(missing)).toBe(false);
  });

  it("documents aliases: a list of texts on inputs, texts, indicators and feeds; an empty or blank one is refused", () => {
    const doc = custom();
    doc.inputs[0].aliases = ["年初预算"];
    doc.texts[0].aliases = ["预算编制扣分说明"];
    doc.indicators[0].aliases = ["预算编制情况"];
    doc.indicatorTable[2].aliases = ["效益指标"];
    expect(validate(doc)).toBe(true);
    for (const bad of ["预算编制情况", [""], [" "], [3]]) {
      const wrong = custom();
      wrong.indicators[0].aliases = bad;
      expect([bad, validate(wrong)]).toEqual([bad, false]);
    }
  });
});

describe("loading the presets and the example", () => {
  it.each(Object.keys(PRESETS))("%s: its file loads into the framework the product uses", (id) => {
    const loaded = loadFrameworkFile(text("src", "domain", "frameworks", "presets", `${id}.json`));
    expect(errorsOf(loaded)).toEqual([]);
    expect(loaded.ok && loaded.framework).toEqual(PRESETS[id]);
  });

  it.each(Object.keys(PRESETS))(
    "%s: written back as a file (formulas as text), it loads into the same framework",
    (id) => {
      const loaded = load(frameworkToJson(PRESETS[id]));
      expect(loaded.ok && loaded.framework).toEqual(PRESETS[id]);
    }
  );

  it("the custom example loads: plain Chinese texts stand for both languages, grades and formulas as written", () => {
    const loaded = loadFrameworkFile(text(...CUSTOM));
    expect(errorsOf(loaded)).toEqual([]);
    const framework = (loaded as { framework: Framework }).framework;
    expect(framework.id).toBe("county-2025-example");
    expect(framework.indicators[0].name).toEqual({ zh: "预算编制", en: "预算编制" });
    expect(framework.metrics[1].expr).toEqual({
      t: "bin",
      op: "/",
      a: {
        t: "bin",
        op: "-",
        a: { t: "ref", key: "fundsReceived" },
        b: { t: "ref", key: "budgetInitial" },
      },
      b: { t: "ref", key: "budgetInitial" },
    });
    expect(framework.texts?.[0].requiredWhen).toEqual({
      t: "cmp",
      op: "<>",
      a: { t: "ref", key: "inputManagementDeduction" },
      b: { t: "num", v: 0 },
    });
    expect(framework.grades.at(-1)).toEqual({ min: -Infinity, grade: "差", en: "Poor" });
  });
});

describe("a framework file with a mistake is rejected with the path inside the file", () => {
  const rejects = (
    mutate: (doc: ReturnType<typeof custom>) => void,
    path: string,
    message: RegExp
  ) => {
    const doc = custom();
    mutate(doc);
    const result = load(doc);
    expect(result.ok).toBe(false);
    expect(lines(result)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
    expect(errorsOf(result).map((e) => e.path)).toContain(path);
  };

  it("a band's points given as text: indicators[1].rule.bands[1].points", () =>
    rejects(
      (d) => (d.indicators[1].rule.bands[1].points = "8"),
      "indicators[1].rule.bands[1].points",
      /^indicators\[1\]\.rule\.bands\[1\]\.points：应为数字，现为"8"$/
    ));

  it("a band without conditions: indicators[1].rule.bands[2].when", () =>
    rejects(
      (d) => (d.indicators[1].rule.bands[2].when = []),
      "indicators[1].rule.bands[2].when",
      /不能为空数组/
    ));

  it("a condition's operator mistyped: the path and the operators allowed", () =>
    rejects(
      (d) => (d.indicators[1].rule.bands[0].when[0].op = "≥"),
      "indicators[1].rule.bands[0].when[0].op",
      /应为 < \/ <= \/ > \/ >= \/ = 之一，现为"≥"/
    ));

  it("a rule kind mistyped, with the kind it is likely to be", () =>
    rejects(
      (d) => (d.indicators[1].rule.kind = "band"),
      "indicators[1].rule.kind",
      /是否应为 bands？/
    ));

  it("a field mistyped, with the field it is likely to be", () =>
    rejects(
      (d) => {
        d.indicators[2].rule.metrc = d.indicators[2].rule.metric;
        delete d.indicators[2].rule.metric;
      },
      "indicators[2].rule.metrc",
      /没有字段“metrc”，是否应为“metric”？/
    ));

  it("a missing field", () =>
    rejects((d) => delete d.indicators[0].criteria, "indicators[0].criteria", /缺少此字段/));

  it("an unknown top-level field", () =>
    rejects(
      (d) => (d.indicatorz = []),
      "indicatorz",
      /未知的字段“indicatorz”，是否应为“indicators”？/
    ));

  it("a formula that does not parse: the position, pointed at", () =>
    rejects(
      (d) => (d.metrics[0].expr = "(spent / fundsReceived"),
      "metrics[0].expr",
      /公式第 23 个字符处：公式不完整，缺少“\)”/
    ));

  it("a name no one defines, with the name it is likely to be", () =>
    rejects(
      (d) => (d.metrics[0].expr = "spent/fundsRecieved"),
      "metrics[0].expr",
      /名称“fundsRecieved”未定义，是否应为“fundsReceived”？/
    ));

  it("a rule reading a name no one defines", () =>
    rejects(
      (d) => (d.indicators[2].rule.metric = "adjustmentRate"),
      "indicators[2].rule.metric",
      /未定义/
    ));

  it("a deduction's reason that is an input, not a text", () =>
    rejects(
      (d) => (d.indicators[0].rule.reason = "budgetInitial"),
      "indicators[0].rule.reason",
      /应为文本输入/
    ));

  it("a deduction's reason that is not required: a deduction without a reason would go unnoticed", () =>
    rejects(
      (d) => delete d.texts[0].requiredWhen,
      "indicators[0].rule.reason",
      /扣分原因“inputManagementDeductionReason”应在 texts 中写明 requiredWhen/
    ));

  it("an entered score whose maximum differs from its indicator's", () =>
    rejects(
      (d) => (d.inputs[7].max = 25),
      "indicators[3].rule.score",
      /满分 25 与本项满分 30 不一致/
    ));

  it("a name defined twice, even in another case (Excel's names ignore case)", () =>
    rejects((d) => (d.inputs[1].key = "BudgetInitial"), "inputs[1].key", /只差大小写/));

  it("a name that reads as a cell address", () =>
    rejects(
      (d) => {
        d.inputs[2].key = "Q4";
        d.metrics[0].expr = "Q4/fundsReceived";
      },
      "inputs[2].key",
      /像单元格地址/
    ));

  it("metrics that depend on each other", () =>
    rejects(
      (d) => {
        d.metrics[0].expr = "budgetAdjustmentRange*spent";
        d.metrics[1].expr = "budgetExecutionRate+1";
      },
      "metrics[0].expr",
      /循环引用：budgetExecutionRate → budgetAdjustmentRange → budgetExecutionRate/
    ));

  it("a checklist whose weights do not add up to the maximum", () =>
    rejects(
      (d) =>
        (d.indicators[0].rule = {
          kind: "checklist",
          items: [
            { weight: 10, text: "a" },
            { weight: 5, text: "b" },
          ],
        }),
      "indicators[0].rule.items",
      /各项分值之和 15 与本项满分 20 不符/
    ));

  it("a last grade with a minimum, a grade out of order", () => {
    rejects((d) => (d.grades[3].min = 0), "grades[3].min", /最后一档不写 min/);
    rejects((d) => (d.grades[2].min = 85), "grades[2].min", /应低于上一档的 80/);
  });

  it("a table feed into an input that is not a score, and a feed without groups before others", () => {
    rejects(
      (d) => (d.indicatorTable[1].input = "spent"),
      "indicatorTable[1].input",
      /应为 score 类输入，现为 amount/
    );
    rejects((d) => delete d.indicatorTable[0].groups, "indicatorTable[0]", /只能放在最后/);
  });

  it("a threshold on an indicator no one defines", () =>
    rejects(
      (d) => (d.thresholds[0].indicator = "exection"),
      "thresholds[0].indicator",
      /是否应为“execution”？/
    ));

  it("a required text whose condition reads a name no one defines", () =>
    rejects(
      (d) => (d.texts[0].requiredWhen = "deduction<>0"),
      "texts[0].requiredWhen",
      /名称“deduction”未定义/
    ));

  it("a file that is not JSON: the line and column", () => {
    const broken = text(...CUSTOM).replace(
      '"id": "county-2025-example",',
      '"id": "county-2025-example"'
    );
    const result = loadFrameworkFile(broken);
    expect(errorsOf(result)).toEqual([
      {
        path: "",
        message: expect.stringMatching(/^不是有效的 JSON：第 5 行第 \d+ 列附近有语法错误/),
      },
    ]);
  });

  it("a file that is not an object, and one with many mistakes: every one listed", () => {
    expect(errorsOf(load([]))).toEqual([{ path: "", message: "应为对象 {…}，现为数组" }]);
    const doc = custom();
    doc.indicators[1].rule.bands[1].points = "8";
    doc.metrics[0].expr = "spent/";
    delete doc.indicators[5].max;
    expect(errorsOf(load(doc)).map((e) => e.path)).toEqual(
      expect.arrayContaining([
        "indicators[1].rule.bands[1].points",
        "metrics[0].expr",
        "indicators[5].max",
      ])
    );
  });

  it("speaks English when asked", () => {
    const doc = custom();
    doc.indicators[1].rule.bands[1].points = "8";
    expect(lines(load(doc, "en"))).toEqual([
      'indicators[1].rule.bands[1].points：must be a number, not "8"',
    ]);
  });
});

describe("aliases: the other names a department's sheet uses", () => {
  it("are read on inputs, texts, indicators and table feeds", () => {
    const doc = custom();
    doc.inputs[0].aliases = ["年初预算"];
    doc.texts[0].aliases = ["预算编制扣分说明"];
    doc.indicators[0].aliases = ["预算编制情况", "预算编制合理性"];
    doc.indicatorTable[2].aliases = ["效益指标"];
    const loaded = load(doc);
    expect(errorsOf(loaded)).toEqual([]);
    const f = (loaded as { framework: Framework }).framework;
    expect(f.inputs[0].aliases).toEqual(["年初预算"]);
    expect(f.texts?.[0].aliases).toEqual(["预算编制扣分说明"]);
    expect(f.indicators[0].aliases).toEqual(["预算编制情况", "预算编制合理性"]);
    expect(f.indicators[1].aliases).toEqual(["预算执行情况", "执行率"]); // the example's own
    expect(f.indicatorTable?.[2].aliases).toEqual(["效益指标"]);
    expect(f.indicators[2]).not.toHaveProperty("aliases");
  });

  it("a malformed one is named by its path: not a list, not a text, blank, or nothing once folded", () => {
    const doc = custom();
    doc.indicators[3].aliases = ["产出情况", 5];
    doc.indicators[4].aliases = "效益指标";
    doc.inputs[2].aliases = ["  "];
    doc.texts[1].aliases = ["（必填）"];
    doc.indicatorTable[0].aliases = [["满意度指标"]];
    expect(lines(load(doc))).toEqual([
      "inputs[2].aliases[0]：不能为空",
      "texts[1].aliases[0]：别名“（必填）”去掉空白、标点、编号和括注后什么也不剩，匹配不到表中的任何名称",
      "indicators[3].aliases[1]：应为文本，现为5",
      'indicators[4].aliases：应为数组 […]，现为"效益指标"',
      "indicatorTable[0].aliases[0]：应为文本，现为数组",
    ]);
    expect(lines(load(doc, "en"))).toEqual(
      expect.arrayContaining([
        'texts[1].aliases[0]：the alias "（必填）" is nothing once white space, punctuation, numbering and notes are set aside: it matches no name in a sheet',
        "indicators[3].aliases[1]：must be a text, not 5",
      ])
    );
  });

  it("two indicators may not answer to one name: an alias equal to another's name, folded, is refused with both paths", () => {
    const doc = custom();
    doc.indicators[3].aliases = ["1. 预算执行率（10分）"];
    expect(lines(load(doc))).toEqual([
      "indicators[3].aliases[0]：“1. 预算执行率（10分）”与 indicators[1].name 的“预算执行率”是同一名称（不计空白、标点、编号和括注），表中写这个名称时无法判断是哪一个指标",
    ]);
    expect(lines(load(doc, "en"))).toEqual([
      'indicators[3].aliases[0]："1. 预算执行率（10分）" is the same name as "预算执行率" at indicators[1].name (white space, punctuation, numbering and notes aside): a sheet using it could not tell the two indicators apart',
    ]);
  });

  it("nor to one alias; the same for inputs, texts and table feeds", () => {
    const doc = custom();
    doc.indicators[4].aliases = ["预算执行\n情况"];
    doc.inputs[1].aliases = ["年初预算数"];
    doc.texts[2].aliases = ["产出扣分原因"];
    doc.indicatorTable[2].aliases = ["产出指标"];
    expect(errorsOf(load(doc)).map((e) => [e.path, /与 (\S+) 的/.exec(e.message)?.[1]])).toEqual([
      ["inputs[1].aliases[0]", "inputs[0].label"],
      ["texts[2].aliases[0]", "texts[1].label"],
      ["indicators[4].aliases[0]", "indicators[1].aliases[0]"],
      ["indicatorTable[2].aliases[0]", "indicatorTable[1].aliases[0]"],
    ]);
  });

  it("an alias that folds to the element's own name, or to another kind's name, is no conflict", () => {
    const doc = custom();
    doc.indicators[1].aliases = ["预算执行率（%）", "预算执行情况"];
    doc.indicators[3].aliases = ["产出得分"]; // an input's label: a sheet asks for an indicator or an input
    doc.indicatorTable[1].aliases = ["产出"]; // the indicator's name, the feed's group
    expect(errorsOf(load(doc))).toEqual([]);
  });

  it("are written back by frameworkToJson, after the name they stand beside, and load again the same", () => {
    const loaded = loadFrameworkFile(text(...CUSTOM));
    const framework = (loaded as { framework: Framework }).framework;
    const json = frameworkToJson(framework) as {
      indicators: Record<string, unknown>[];
      indicatorTable: Record<string, unknown>[];
    };
    expect(Object.keys(json.indicators[1]).slice(0, 3)).toEqual(["id", "name", "aliases"]);
    expect(json.indicators[1].aliases).toEqual(["预算执行情况", "执行率"]);
    expect(json.indicatorTable[1]).toEqual({
      input: "outputScore",
      max: 30,
      groups: ["产出"],
      aliases: ["产出指标"],
      source: "产出指标行",
    });
    expect(json.indicators[0]).not.toHaveProperty("aliases");
    const again = load(json);
    expect(again.ok && again.framework).toEqual(framework);
  });

  it("make a sheet's name match: an alias a file adds is one more name of its element", () => {
    const sheetName = "（一）预算编制情况（20分）";
    const plain = (loadFrameworkFile(text(...CUSTOM)) as { framework: Framework }).framework;
    expect(matchName(nameIndex(plain), sheetName, ["indicator"])).toMatchObject({
      kind: "none",
      nearest: { id: "budgetPreparation" },
    });
    const doc = custom();
    doc.indicators[0].aliases = ["预算编制情况"];
    doc.inputs[2].aliases = ["全年执行数"];
    const loaded = loadFrameworkFile(JSON.stringify(doc));
    const index = nameIndex((loaded as { framework: Framework }).framework);
    expect(matchName(index, sheetName, ["indicator"])).toMatchObject({
      kind: "match",
      element: { kind: "indicator", id: "budgetPreparation", name: "预算编制" },
    });
    expect(matchName(index, "全年执行数\n（万元）", ["input"])).toMatchObject({
      kind: "match",
      element: { id: "spent" },
    });
    expect(matchName(index, "执行率", ["indicator"])).toMatchObject({
      kind: "match",
      element: { id: "execution" },
    });
  });
});

describe("formulas", () => {
  const ok = (t: string) => {
    const r = parseFormula(t);
    if (!r.ok) throw new Error(`${t}: ${r.message}`);
    return r.expr;
  };
  const fails = (t: string) => {
    const r = parseFormula(t);
    return r.ok ? undefined : { at: r.at, message: r.message };
  };

  it("read as a finance bureau writes them: 90%, “是”, full-width brackets, ≥, SUM", () => {
    expect(ok("90%")).toEqual({ t: "num", v: 0.9 });
    expect(ok("7.5%")).toEqual({ t: "num", v: 0.075 });
    expect(ok("a=“是”")).toEqual(ok('a="是"'));
    expect(ok("MIN（1，a／b）")).toEqual(ok("MIN(1,a/b)"));
    expect(ok("a≥0.9")).toEqual(ok("a>=0.9"));
    expect(ok("SUM(a,b,c)")).toEqual(ok("a+b+c"));
    expect(ok("if(isblank(t), a+b, t)")).toEqual({
      t: "refOr",
      key: "t",
      fallback: ok("a+b"),
    });
    expect(ok("-x")).toEqual(ok("(-1)*x"));
  });

  it("name where they go wrong", () => {
    expect(fails("")).toEqual({ at: 0, message: "公式为空" });
    expect(fails("a +")).toEqual({ at: 3, message: "公式不完整" });
    expect(fails("a <b< c")).toEqual({
      at: 4,
      message: "比较不能连写（如 a<b<c），请写成 AND(a<b, b<c)",
    });
    expect(fails("a # b")).toEqual({ at: 2, message: "字符“#”无法识别" });
    expect(fails("VLOOKUP(a)")?.message).toMatch(/^不支持函数 VLOOKUP/);
    expect(fails("IF(a,b)")).toEqual({ at: 0, message: "IF 需要 3 个参数，现为 2 个" });
    expect(fails("ROUND(a,0.5)")?.message).toBe("ROUND 的第 2 个参数应为整数");
    expect(fails("ISBLANK(a)")?.message).toBe(
      "ISBLANK 只能写成 IF(ISBLANK(名称), 名称为空时的值, 名称)"
    );
    expect(fails("IF(ISBLANK(a),1,b)")?.message).toBe("IF(ISBLANK(a), …) 的第 3 个参数应为 a");
    expect(fails('"abc')).toEqual({ at: 0, message: "文本缺少结尾的引号" });
    expect(fails("(a")).toEqual({ at: 2, message: "公式不完整，缺少“)”" });
    expect(fails("a)")).toEqual({ at: 1, message: "此处不应出现“)”" });
  });

  /** Expression trees as the engine builds them: literals a sheet reads back exactly, names, every node kind. */
  const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
    e: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc
        .tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 6 }))
        .map(([n, k]) => numExpr(n / 10 ** k)),
      fc.string({ maxLength: 6 }).map((v): Expr => ({ t: "str", v })),
      fc.constantFrom("a", "b_2", "carryOver", "q1Ratio").map((key): Expr => ({ t: "ref", key })),
      fc
        .tuple(fc.constantFrom("k", "totalStaff"), tie("e"))
        .map(([key, fallback]): Expr => ({ t: "refOr", key, fallback })),
      fc
        .tuple(fc.constantFrom("+", "-", "*", "/" as const), tie("e"), tie("e"))
        .map(([op, a, b]): Expr => ({ t: "bin", op, a, b })),
      fc
        .tuple(fc.constantFrom("<", "<=", ">", ">=", "=", "<>" as const), tie("e"), tie("e"))
        .map(([op, a, b]): Expr => ({ t: "cmp", op, a, b })),
      fc
        .tuple(tie("e"), tie("e"), tie("e"))
        .map(([cond, then, otherwise]): Expr => ({ t: "if", cond, then, else: otherwise })),
      fc
        .tuple(
          fc.constantFrom("and", "or", "min", "max" as const),
          fc.array(tie("e"), { minLength: 1, maxLength: 3 })
        )
        .map(([t, args]): Expr => ({ t, args })),
      fc
        .tuple(tie("e"), fc.integer({ min: -2, max: 4 }))
        .map(([x, digits]): Expr => ({ t: "round", x, digits }))
    ),
  })).e;

  it("the sheet's formula text of any expression parses back into the same tree", () => {
    fc.assert(
      fc.property(exprArb, (e) => {
        // Right-nested a*(b/c), a+(b-c) included: formula.ts keeps their parentheses.
        const parsed = parseFormula(toFormula(e));
        expect(parsed).toEqual({ ok: true, expr: e });
      }),
      { numRuns: 500 }
    );
  });

  it("any text parses or fails with a position inside it, never throws", () => {
    fc.assert(
      fc.property(
        fc.string({
          maxLength: 40,
          unit: fc.constantFrom(...'ab1.%()+-*/<>=,"“”（）IFSUMNDOR '.split("")),
        }),
        (t) => {
          const r = parseFormula(t);
          if (!r.ok) {
            expect(r.at).toBeGreaterThanOrEqual(0);
            expect(r.at).toBeLessThanOrEqual(t.length);
            expect(r.message.length).toBeGreaterThan(0);
          }
        }
      ),
      { numRuns: 1000 }
    );
  });
});

/* ---------- mutating a valid file ---------- */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every container in the document, with its path segments. */
function containers(
  doc: Json,
  path: (string | number)[] = [],
  out: { path: (string | number)[]; node: Json }[] = []
) {
  if (doc !== null && typeof doc === "object") {
    out.push({ path, node: doc });
    if (Array.isArray(doc)) doc.forEach((x, i) => containers(x, [...path, i], out));
    else for (const [k, v] of Object.entries(doc)) containers(v, [...path, k], out);
  }
  return out;
}

/** `indicators[3].rule.bands[1]` → ["indicators", 3, "rule", "bands", 1]; `points["a.b"]` → ["points", "a.b"]. */
function segments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const step = /^(?:\.?([\p{L}_$][\p{L}\p{N}_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/u;
  let rest = path;
  while (rest) {
    const m = step.exec(rest);
    if (!m) return [NaN]; // unparseable: resolves nowhere, so the property fails
    out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]) as string)));
    rest = rest.slice(m[0].length);
  }
  return out;
}

function resolves(doc: Json, segs: (string | number)[]): boolean {
  let node: Json | undefined = doc;
  for (const s of segs) {
    if (node === null || typeof node !== "object") return false;
    node = Array.isArray(node)
      ? typeof s === "number"
        ? node[s]
        : undefined
      : (node as Record<string, Json>)[String(s)];
    if (node === undefined) return false;
  }
  return true;
}

const safeKey = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9]{0,7}$/);
const mutation = fc.record({
  target: fc.nat(),
  action: fc.constantFrom(
    "delete",
    "replace",
    "rename",
    "add",
    "toText",
    "swap",
    "renumber",
    "renumber"
  ),
  number: fc.oneof(
    fc.integer({ min: -5, max: 120 }),
    fc.double({ noNaN: true, noDefaultInfinity: true })
  ),
  key: safeKey,
  value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  pick: fc.nat(),
});

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(doc: Json, m: Mutation): void {
  const all = containers(doc);
  const { node } = all[m.target % all.length];
  if (Array.isArray(node)) {
    if (node.length === 0 || m.action === "add") return void node.push(m.value);
    const i = m.pick % node.length;
    if (m.action === "delete") node.splice(i, 1);
    else if (m.action === "swap" && node.length > 1) [node[0], node[i]] = [node[i], node[0]];
    else if (m.action === "toText") node[i] = JSON.stringify(node[i]);
    else node[i] = m.value;
    return;
  }
  const obj = node as Record<string, Json>;
  const keys = Object.keys(obj);
  if (m.action === "renumber") {
    // Another number where the file has one (a max, a weight, a band's limit …).
    const numeric = keys.filter((k) => typeof obj[k] === "number");
    if (numeric.length) obj[numeric[m.pick % numeric.length]] = m.number;
    return;
  }
  if (keys.length === 0 || m.action === "add") return void (obj[m.key] = m.value);
  const k = keys[m.pick % keys.length];
  if (m.action === "delete") delete obj[k];
  else if (m.action === "rename") {
    obj[m.key] = obj[k];
    if (m.key !== k) delete obj[k];
  } else if (m.action === "toText")
    obj[k] = typeof obj[k] === "string" ? 1 : JSON.stringify(obj[k]);
  else if (m.action === "swap") {
    const other = keys[(m.pick + 1) % keys.length];
    [obj[k], obj[other]] = [obj[other], obj[k]];
  } else obj[k] = m.value;
}

describe("a mutated framework file", () => {
  const files = [...PRESET_FILES, CUSTOM].map((p) => text(...p));
  const inputs = [
    {},
    JSON.parse(text("examples", "seed002-county.json")),
    JSON.parse(text("examples", "seed003-guangzhou.json")),
  ];

  it("never makes loading throw: it loads, or every error names a place in the file; and what loads scores without throwing", () => {
    const outcomes = { loaded: 0, rejected: 0 };
    fc.assert(
      fc.property(
        fc.nat(files.length - 1),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (f, mutations) => {
          const doc = JSON.parse(files[f]) as Json;
          for (const m of mutations) mutate(doc, m);
          const result = loadFrameworkFile(JSON.stringify(doc));
          outcomes[result.ok ? "loaded" : "rejected"]++;
          if (result.ok) {
            for (const raw of inputs)
              expect(() => scoreFramework(result.framework, { ...raw })).not.toThrow();
            return;
          }
          expect(result.errors.length).toBeGreaterThan(0);
          for (const e of result.errors) {
            expect(typeof e.message).toBe("string");
            expect(e.message.length).toBeGreaterThan(0);
            // The error's place exists in the file, or (a missing field) its parent does.
            const segs = segments(e.path);
            expect([e.path, resolves(doc, segs) || resolves(doc, segs.slice(0, -1))]).toEqual([
              e.path,
              true,
            ]);
          }
        }
      ),
      { numRuns: 400 }
    );
    // Both ways were taken: files that still load (and were scored), and files rejected.
    expect(outcomes.loaded).toBeGreaterThan(20);
    expect(outcomes.rejected).toBeGreaterThan(20);
  });
});
