/**
 * Names as a sheet writes them: folded (line breaks, full-width forms, numbering, notes, punctuation), then matched to
 * exactly one element of a framework, or reported — ambiguous, or none with the nearest. Folding is idempotent; any
 * preset indicator name still matches its indicator however a department dresses it; no preset lets one folded name
 * stand for two elements of a kind; nothing a cell may hold makes matching throw.
 */
import fc from "fast-check";
import { PRESETS } from "../src/domain/frameworks";
import { foldName, matchName, nameIndex, nearestElement } from "../src/domain/names";
import type { Framework } from "../src/domain/types";

const shenzhen = PRESETS.shenzhen;
const project = PRESETS.project;

describe("foldName", () => {
  it.each([
    ["line breaks and spaces", "预算编制\n合理性", "预算编制合理性"],
    ["a line break inside a cell, Windows style", "预算执行\r\n率", "预算执行率"],
    ["full-width spaces and letters", "ＡＢＣ　预算", "abc预算"],
    ["full-width digits and brackets", "预算执行率（６分）", "预算执行率"],
    ["a number and a full stop", "1. 预算执行率", "预算执行率"],
    ["a full-width full stop", "１．预算执行率", "预算执行率"],
    ["a section number", "1.2 预算执行率", "预算执行率"],
    ["一、", "一、预算编制", "预算编制"],
    ["（一） as a note", "（一）预算编制", "预算编制"],
    ["第一部分", "第一部分 部门决策", "部门决策"],
    ["a circled number", "①预算编制", "预算编制"],
    ["a note with points", "预算执行率（6分）", "预算执行率"],
    ["a note in the middle", "公众（服务对象）满意度", "公众满意度"],
    ["a nested note", "公众（服务对象（群众））满意度", "公众满意度"],
    ["【】 notes", "预算编制【必填】", "预算编制"],
    ["punctuation between words", "社会效益、经济效益、生态效益", "社会效益经济效益生态效益"],
    ["quotes", "“三公”经费", "三公经费"],
    ["a separator", "效益指标 · 满意度", "效益指标满意度"],
    ["numbering exposed by numbering", "1.一、预算", "预算"],
  ])("%s: %j → %j", (_what, name, folded) => {
    expect(foldName(name)).toBe(folded);
  });

  it("keeps what is not numbering: a year, a decimal", () => {
    expect(foldName("2023年度预算")).toBe("2023年度预算");
    expect(foldName("一般公共预算")).toBe("一般公共预算");
  });

  it("is empty for what is not text, and for a note or a number alone", () => {
    for (const v of [null, undefined, 12, true, {}, ["预算"], ""]) expect(foldName(v)).toBe("");
    expect(foldName("（6分）")).toBe("");
    expect(foldName(" \n\t")).toBe("");
  });

  it("公众（服务对象）满意度 folds as 公众满意度: shenzhen's alias and the seed's wording are one name", () => {
    expect(foldName("公众（服务对象）满意度")).toBe(foldName("公众满意度"));
  });
});

describe("matchName", () => {
  const index = nameIndex(shenzhen);

  it("matches an indicator by its name, however written", () => {
    for (const name of ["预算执行率", "1. 预算执行率（6分）", "预算\n执行率", "（三）预算执行率"]) {
      const m = matchName(index, name, ["indicator"]);
      expect([name, m.kind === "match" && m.element.id]).toEqual([name, "execution"]);
    }
  });

  it("matches by an alias: 预决算信息公开情况 is 预决算信息公开, 公众（服务对象）满意度 is satisfaction", () => {
    const m = matchName(index, "预决算信息公开情况", ["indicator"]);
    expect(m).toMatchObject({ kind: "match", element: { kind: "indicator", id: "disclosure" } });
    expect(matchName(index, "公众（服务对象）满意度", ["indicator"])).toMatchObject({
      kind: "match",
      element: { id: "satisfaction", name: "公众或服务对象满意度" },
    });
    expect(matchName(index, "全年预算数", ["input"])).toMatchObject({
      kind: "match",
      element: { kind: "input", id: "budgetAdjusted" },
    });
  });

  it("only among the kinds asked for", () => {
    expect(matchName(index, "年初预算数", ["indicator"]).kind).toBe("none");
    expect(matchName(index, "年初预算数", ["input"])).toMatchObject({
      kind: "match",
      element: { id: "budgetInitial" },
    });
  });

  it("is ambiguous when the name stands for two elements: shenzhen's satisfaction is an indicator and an input", () => {
    const m = matchName(index, "公众或服务对象满意度", ["indicator", "input"]);
    expect(m.kind).toBe("ambiguous");
    expect(m.kind === "ambiguous" && m.elements.map((e) => `${e.kind}:${e.id}`).sort()).toEqual([
      "indicator:satisfaction",
      "input:satisfaction",
    ]);
  });

  it("is ambiguous between two indicators only in a framework that allows it (a hand-built one: files refuse it)", () => {
    const twins: Framework = {
      ...project,
      indicators: [
        { ...project.indicators[0], aliases: ["执行情况"] },
        { ...project.indicators[1], aliases: ["执行情况"] },
      ],
    };
    const m = matchName(nameIndex(twins), "执行情况", ["indicator"]);
    expect(m.kind === "ambiguous" && m.elements.map((e) => e.id)).toEqual(["execution", "output"]);
  });

  it("is none, with the nearest element, for a name close to one", () => {
    const m = matchName(index, "预算执行", ["indicator"]);
    expect(m).toMatchObject({ kind: "none", nearest: { id: "execution" } });
    expect(nearestElement(index, foldName("编外人员控制"), ["indicator"])?.id).toBe(
      "contractStaffControl"
    );
  });

  it("is none, without a nearest, for a name like nothing, a blank or a number", () => {
    expect(matchName(index, "备注", ["indicator"])).toEqual({ kind: "none" });
    expect(matchName(index, "", ["indicator"])).toEqual({ kind: "none" });
    expect(matchName(index, 6, ["indicator"])).toEqual({ kind: "none" });
  });

  it("matches a table group by its feed's alias: 产出指标 is the project's 产出 feed", () => {
    const m = matchName(nameIndex(project), "产出指标", ["feed"]);
    expect(m).toMatchObject({ kind: "match", element: { kind: "feed", id: "outputScore" } });
    expect(matchName(nameIndex(project), "服务对象满意度指标", ["feed"])).toMatchObject({
      kind: "match",
      element: { id: "satisfactionScore" },
    });
  });

  it("a feed without groups or aliases answers to nothing, not to its input's key", () => {
    const index = nameIndex(shenzhen);
    expect(index.elements.filter((e) => e.kind === "feed")).toEqual([]);
    expect(matchName(index, "effectivenessScore", ["feed"]).kind).toBe("none");
  });
});

describe("properties", () => {
  /** Any text, from every plane, with the characters names are dressed in mixed in. */
  const text = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 20 }),
    fc.string({ unit: "binary", maxLength: 20 }),
    fc
      .array(
        fc.constantFrom(
          ..."（）()[]【】〔〕1２.．、一二十第项部分①❶ \n\t　-—·“”\"'预算执行率满意度指标AbＣ".split(
            ""
          )
        ),
        { maxLength: 16 }
      )
      .map((cs) => cs.join(""))
  );

  it("folding is idempotent", () => {
    fc.assert(
      fc.property(text, (s) => {
        const once = foldName(s);
        expect(foldName(once)).toBe(once);
      }),
      { numRuns: 3000 }
    );
  });

  /** Every preset indicator (its framework's index looked up, not generated: a counterexample stays short). */
  const indexes = new Map(Object.values(PRESETS).map((f) => [f.id, nameIndex(f)]));
  const indicators = Object.values(PRESETS).flatMap((f) =>
    f.indicators.map((i) => ({ framework: f.id, id: i.id, name: i.name.zh }))
  );

  it("white space, line breaks, a parenthesised note or a leading 1. never stop a preset indicator's name matching it", () => {
    const dressing = fc.record({
      breaks: fc.array(
        fc.record({
          at: fc.nat(),
          gap: fc.constantFrom(" ", "\n", "\r\n", "\t", "　", "  \n "),
        }),
        { maxLength: 3 }
      ),
      note: fc.option(
        fc.record({
          at: fc.nat(),
          text: fc.constantFrom("（6分）", "(10分)", "（必填）", "【注】", "（服务对象）", "( )"),
        })
      ),
      number: fc.constantFrom("", "1.", "2、", "12. ", "一、", "（三）", "1.2 ", "第一项"),
    });
    fc.assert(
      fc.property(fc.constantFrom(...indicators), dressing, (ind, d) => {
        const chars = [...ind.name];
        for (const b of d.breaks) chars.splice(b.at % (chars.length + 1), 0, b.gap);
        // A note goes between words, never inside one's brackets: after a whole character.
        if (d.note) chars.splice(d.note.at % (chars.length + 1), 0, d.note.text);
        const dressed = d.number + chars.join("");
        const m = matchName(indexes.get(ind.framework)!, dressed, ["indicator"]);
        expect([ind.framework, dressed, m.kind === "match" ? m.element.id : m.kind]).toEqual([
          ind.framework,
          dressed,
          ind.id,
        ]);
      }),
      { numRuns: 2000 }
    );
  });

  it("no preset lets one folded name stand for two elements of a kind", () => {
    for (const framework of Object.values(PRESETS)) {
      const twins: string[] = [];
      for (const [name, elements] of nameIndex(framework).byName)
        for (const kind of ["indicator", "input", "text", "feed"]) {
          const ids = new Set(elements.filter((e) => e.kind === kind).map((e) => e.id));
          if (ids.size > 1) twins.push(`${kind} ${name}: ${[...ids].join(", ")}`);
        }
      expect([framework.id, twins]).toEqual([framework.id, []]);
    }
  });

  it("matchName never throws, whatever a cell holds", () => {
    const indexes = Object.values(PRESETS).map(nameIndex);
    const kinds = fc.subarray(["indicator", "input", "text", "feed"] as const, { minLength: 1 });
    fc.assert(
      fc.property(
        fc.constantFrom(...indexes),
        fc.oneof(text, fc.anything()),
        kinds,
        (index, value, ks) => {
          const m = matchName(index, value, [...ks]);
          expect(["match", "ambiguous", "none"]).toContain(m.kind);
        }
      ),
      { numRuns: 1500 }
    );
  });
});
