/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
/** The pane's framework card says which rules score the 绩效指标 table, the rules in full on hover. */
import { render, screen } from "@testing-library/react";
import * as React from "react";
import { DEFAULT_FRAMEWORK, PRESETS } from "../src/domain/frameworks";
import { DEFAULT_PRESET, loadPreset, PRESET_INDEX } from "../src/domain/frameworks/presetIndex";
import { shenzhen } from "../src/domain/frameworks/shenzhen";
import type { Framework, Lang } from "../src/domain/types";
import { FrameworkPicker } from "../src/taskpane/components/FrameworkPicker";
import { STRINGS } from "../src/taskpane/strings";

function card(chosen: Framework | undefined, lang: Lang = "zh") {
  render(
    <FrameworkPicker
      frameworks={Object.values(PRESETS)}
      chosen={chosen}
      choice={{ framework: chosen ?? shenzhen, how: "default", reason: "按默认" }}
      lang={lang}
      strings={STRINGS[lang]}
      disabled={false}
      onChoose={() => undefined}
      onLoadFile={() => undefined}
    />
  );
  return screen.getByTestId("table-scoring");
}

it("a preset: 财预〔2020〕10号", () => {
  expect(card(undefined).textContent).toBe("绩效指标表评分规则：national（财预〔2020〕10号）");
});

it("a file naming linear: the provincial rule, and the rules on hover", () => {
  const caption = card({ ...PRESETS.project, id: "project-linear", tableScoring: "linear" });
  expect(caption.textContent).toBe(
    "绩效指标表评分规则：linear（省级绩效管理系统：反向指标线性扣至 0）"
  );
  expect(caption.getAttribute("title")).toContain("完成率达到 130% 须说明偏差原因");
});

it("in English", () => {
  expect(card(undefined, "en").textContent).toBe(
    "Indicator table scored by national (财预〔2020〕10号, nationwide)"
  );
});

it("lists the presets from their index, which names each as presets.ts does (the frameworks load when needed)", async () => {
  expect(PRESET_INDEX.map((p) => ({ id: p.id, name: p.name }))).toEqual(
    Object.values(PRESETS).map((f) => ({ id: f.id, name: f.name }))
  );
  expect(DEFAULT_PRESET).toBe(DEFAULT_FRAMEWORK);
  for (const entry of PRESET_INDEX) expect(await loadPreset(entry.id)).toBe(PRESETS[entry.id]);
  expect(await loadPreset("nowhere")).toBeUndefined();
});
