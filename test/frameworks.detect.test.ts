/**
 * Detection: the indicator names and labels found in a sheet say which framework it is written in — and why, in a
 * sentence. The labels below are the seeds' own words.
 */
import { detectFramework, PRESETS } from "../src/domain/frameworks";
import { ownNames } from "../src/domain/frameworks/detect";
import { PRESET_FILES } from "../src/domain/frameworks/presets";

describe("detectFramework", () => {
  it.each(Object.keys(PRESETS))(
    "reads %s's names from its file as they are: the same names, levels and aliases as its validated framework",
    (id) => {
      expect(Object.keys(PRESET_FILES)).toEqual(Object.keys(PRESETS));
      const fromFile = ownNames(PRESET_FILES[id]);
      const fromFramework = ownNames(PRESETS[id]);
      expect(fromFile.levels).toEqual(fromFramework.levels);
      expect(fromFile.index.elements).toEqual(fromFramework.index.elements);
      expect([...fromFile.index.byName.keys()]).toEqual([...fromFramework.index.byName.keys()]);
      expect(fromFile.levels.size).toBeGreaterThan(1);
      expect(PRESET_FILES[id].name).toEqual(PRESETS[id].name);
    }
  );

  it("seed 003's 管理效能 table (花都区): guangzhou, because of 管理效能 / 履职效能", () => {
    const d = detectFramework([
      "履职效能",
      "管理效能",
      "预算编制",
      "预算执行",
      "信息公开",
      "绩效管理",
      "采购管理",
      "资产管理",
      "运行成本",
    ]);
    expect(d.framework).toBe("guangzhou");
    expect(d.evidence.slice(0, 2)).toEqual(["履职效能", "管理效能"]);
    expect(d.reason).toBe(
      "表中有 “履职效能”“管理效能”“预算编制”“预算执行” 等 9 项，按“广州市区级部门整体支出绩效自评（履职效能、管理效能）”（guangzhou）评分"
    );
  });

  it("seed 002's 一级 (临泽县): 投入管理指标 / 产出指标 / 效益指标 is county", () => {
    const d = detectFramework(["投入管理指标", "产出指标", "效益指标"]);
    expect(d.framework).toBe("county");
    expect(d.evidence[0]).toBe("投入管理指标");
  });

  it("seed 004's project table with its 全年预算数 / 全年执行数 is project", () => {
    const d = detectFramework([
      "产出指标",
      "数量指标",
      "效益指标",
      "满意度指标",
      "全年预算数",
      "全年执行数",
    ]);
    expect(d.framework).toBe("project");
    expect(d.evidence.slice(0, 2)).toEqual(["全年预算数", "全年执行数"]);
  });

  it("seed 001's score sheet: 部门决策 / 部门管理 / 部门绩效 is shenzhen", () => {
    const d = detectFramework([
      "部门决策",
      "部门管理",
      "部门绩效",
      "预算编制合理性",
      "公用经费控制率",
    ]);
    expect(d.framework).toBe("shenzhen");
  });

  it.each(Object.keys(PRESETS))(
    "a sheet of %s's own indicator names is detected as that framework",
    (id) => {
      const labels = PRESETS[id].indicators.flatMap((i) => [i.level1.zh, i.level2.zh, i.name.zh]);
      expect(detectFramework(labels).framework).toBe(id);
    }
  );

  it("reads labels as typed: spaces, full-width brackets, a trailing note", () => {
    expect(detectFramework(["管理 效能（50分）", " 履职效能 "]).framework).toBe("guangzhou");
  });

  it("产出 / 效益 / 满意度 alone fit county and project alike: no framework, and says so", () => {
    const d = detectFramework(["产出指标", "效益指标", "满意度指标"]);
    expect(d.framework).toBeUndefined();
    expect(d.reason).toBe(
      "表中的指标名称 “产出指标”“效益指标”“满意度指标” 同样符合 county 与 project，无法判断评分框架"
    );
  });

  it("a project table in aliases only (产出指标 / 效益指标 / 满意度指标 / 全年预算数 / 全年执行数 / 执行率) is project", () => {
    const d = detectFramework([
      "产出指标",
      "效益指标",
      "满意度指标",
      "全年预算数",
      "全年执行数",
      "执行率",
    ]);
    expect(d.framework).toBe("project");
    expect(d.evidence).toEqual([
      "全年预算数",
      "全年执行数",
      "产出指标",
      "效益指标",
      "满意度指标",
      "执行率",
    ]);
  });

  it("an alias counts as the framework's own name: 执行率 (project's 预算执行率) breaks the county / project tie", () => {
    const d = detectFramework(["产出指标", "效益指标", "满意度指标", "执行率"]);
    expect(d.framework).toBe("project");
    expect(d.evidence).toContain("执行率");
  });

  it("a label is folded before it is compared: a note, numbering, a line break", () => {
    const d = detectFramework(["预算执行率（6分）", "产出指标", "效益指标", "满意度指标"]);
    expect(d.framework).toBe("project");
    expect(d.evidence).toContain("预算执行率（6分）");
    expect(
      detectFramework(["1. 预决算信息公开\n情况", "（二）公众（服务对象）满意度"]).framework
    ).toBe("shenzhen");
  });

  it("shenzhen's seeds' own words, all aliases (预决算信息公开情况, 政府采购执行率 …), are shenzhen", () => {
    const labels = [
      "预决算信息公开情况",
      "政府采购执行率",
      "财务管理合规性",
      "信访办理情况",
      "公众（服务对象）满意度",
    ];
    const d = detectFramework(labels);
    expect(d.framework).toBe("shenzhen");
    expect(d.evidence).toEqual(labels);
  });

  it("nothing it knows: no framework", () => {
    expect(detectFramework([])).toEqual({
      reason: "表中没有能判断评分框架的指标名称",
      evidence: [],
    });
    expect(detectFramework(["合计", "备注", ""]).framework).toBeUndefined();
  });

  it("in English", () => {
    expect(detectFramework(["管理效能"], "en").reason).toBe(
      'the sheet has "管理效能": scored under "Guangzhou district departmental self-evaluation (duty performance, management efficiency)" (guangzhou)'
    );
  });
});
