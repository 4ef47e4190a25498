/**
 * 基础数据's live formulas against the engine, computed by a spreadsheet (HyperFormula): each input cell either holds
 * the value itself or — as on a department's workbook — a formula referring to the department's cell, which may be
 * empty, a formula showing "", an error value, spaces, a figure or a wrong text. For every input the validity
 * (ok_<key>) and 状态 cells, for every derived rate and every 三级 score the formula's value, must be what the
 * engine reads and computes in `cell` mode: blank exactly when the engine leaves it blank, 请检查 on an error value.
 */
import fc from "fast-check";
import { DetailedCellError, HyperFormula } from "hyperformula";
import { FRAMEWORKS } from "../src/domain/frameworks";
import { optionalInputs } from "../src/domain/model";
import { numberOf } from "../src/domain/parse/number";
import { readInput } from "../src/domain/parse/readInput";
import { textOf } from "../src/domain/rules/texts";
import { scoreFramework } from "../src/domain/score";
import type { Framework, InputDef } from "../src/domain/types";
import {
  STATUS,
  blankTest,
  metricFormula,
  scoreFormula,
  statusFormula,
  textBlankTest,
  textStatusFormula,
  textValidityFormula,
  validityFormula,
} from "../src/workbook/liveFormulas";
import { referenceFormula } from "../src/workbook/reader/referInputs";
import { sheetInputs } from "../src/workbook/sheetInputs";
import { withExcelRound } from "./support/excelRoundPlugin";

const LICENSE = { licenseKey: "gpl-v3" };

/** HyperFormula reads a bare TRUE or FALSE as a name (Excel and LibreOffice as the constant): it is given them. */
function withConstants(hf: HyperFormula): HyperFormula {
  hf.addNamedExpression("TRUE", "=TRUE()");
  hf.addNamedExpression("FALSE", "=FALSE()");
  return hf;
}

/** What a department's cell holds: a value, nothing, a formula showing "", or an error value (#DIV/0!). */
type Held = { v: number | string } | "empty" | "emptyText" | "error";

/** The cell's content for HyperFormula. */
const content = (h: Held): number | string | null =>
  h === "empty" ? null : h === "emptyText" ? '=""' : h === "error" ? "=1/0" : h.v;

/** The same cell as the engine reads it from the file (an error value as the reader gives it). */
const asRead = (h: Held): unknown =>
  h === "empty" ? null : h === "emptyText" ? "" : h === "error" ? { error: "#DIV/0!" } : h.v;

const SHARED: Held[] = ["empty", "emptyText", "error", { v: " " }, { v: "不详" }];

function candidates(def: InputDef | undefined): Held[] {
  if (!def) return [...SHARED, { v: "\u3000" }, { v: " \u00a0 " }, { v: "已说明原因" }, { v: 3 }];
  switch (def.kind) {
    case "yesno":
      return [...SHARED, { v: "是" }, { v: "否" }];
    case "tier":
      return [...SHARED, ...(def.tiers ?? []).map((t) => ({ v: t.value }))];
    case "checkItem":
      return [...SHARED, { v: "是" }, { v: "否" }, { v: def.max ?? 1 }];
    case "rate":
      return [...SHARED, { v: 0 }, { v: 0.5 }, { v: 1 }, { v: 1.5 }, { v: -0.1 }];
    case "score":
      return [...SHARED, { v: 0 }, { v: def.max ?? 1 }, { v: "1分" }, { v: -1 }];
    case "count":
      return [...SHARED, { v: 0 }, { v: 3 }, { v: 2.5 }, { v: 40 }];
    default:
      return [...SHARED, { v: 0 }, { v: 80 }, { v: 120.5 }, { v: -5 }];
  }
}

interface Sheet {
  hf: HyperFormula;
  set: (held: Record<string, Held>) => void;
  value: (sheet: "In" | "Out", row: number, col: number) => unknown;
}

/**
 * Dept!A<i> holds the department's cells; In!A<i> the input (a reference to Dept!A<i>, or the value itself), In!B<i>
 * its validity, In!C<i> its 状态; Out!A holds the metrics, then the scores.
 */
function build(framework: Framework, referring: boolean): Sheet {
  const defs = sheetInputs(framework);
  const optional = optionalInputs(framework);
  const hf = withConstants(
    HyperFormula.buildEmpty({ ...LICENSE, functionPlugins: withExcelRound() })
  );
  const dept = hf.getSheetId(hf.addSheet("Dept")) as number;
  const input = hf.getSheetId(hf.addSheet("In")) as number;
  const out = hf.getSheetId(hf.addSheet("Out")) as number;
  defs.forEach((d, i) => {
    hf.addNamedExpression(d.key, `=In!$A$${i + 1}`);
    hf.addNamedExpression(`ok_${d.key}`, `=In!$B$${i + 1}`);
  });
  framework.metrics.forEach((m, i) => hf.addNamedExpression(m.key, `=Out!$A$${i + 1}`));
  defs.forEach((d, i) => {
    const cell = `In!$A$${i + 1}`;
    const ok = `In!$B$${i + 1}`;
    const text = d.kind === "text";
    if (referring)
      hf.setCellContents(
        { sheet: input, row: i, col: 0 },
        referenceFormula(`Dept!A${i + 1}`, !text)
      );
    hf.setCellContents({ sheet: input, row: i, col: 1 }, [
      [
        text
          ? textValidityFormula(framework, d.text, cell)
          : validityFormula(d, cell, { optional: optional.has(d.key) }),
        text
          ? textStatusFormula(cell, ok)
          : statusFormula(d, cell, ok, { optional: optional.has(d.key) }),
      ],
    ]);
  });
  framework.metrics.forEach((m, i) =>
    hf.setCellContents({ sheet: out, row: i, col: 0 }, metricFormula(framework, m))
  );
  framework.indicators.forEach((ind, i) =>
    hf.setCellContents(
      { sheet: out, row: framework.metrics.length + i, col: 0 },
      scoreFormula(framework, ind)
    )
  );
  const ids = { Dept: dept, In: input, Out: out };
  return {
    hf,
    set: (held) =>
      hf.setCellContents(
        { sheet: referring ? dept : input, row: 0, col: 0 },
        defs.map((d) => [content(held[d.key])])
      ),
    value: (sheet, row, col) => {
      const v = hf.getCellValue({ sheet: ids[sheet], row, col });
      return v instanceof DetailedCellError ? { error: v.value } : v;
    },
  };
}

/** The problems of one set of department cells: where the sheet and the engine differ. */
function differences(
  framework: Framework,
  sheet: Sheet,
  held: Record<string, Held>,
  referring: boolean
) {
  sheet.set(held);
  const defs = sheetInputs(framework);
  const optional = optionalInputs(framework);
  const raw: Record<string, unknown> = {};
  for (const d of defs) {
    const r = asRead(held[d.key]);
    // Our referring cell's cached result: a figure typed as text read as its number (referInputs).
    raw[d.key] = referring && d.kind !== "text" ? (numberOf(r) ?? r) : r;
  }
  const report = scoreFramework(framework, raw, { mode: "cell" });
  const problems: string[] = [];
  const same = (what: string, sheetValue: unknown, engine: unknown) => {
    if (JSON.stringify(sheetValue) !== JSON.stringify(engine))
      problems.push(
        `${what}: sheet ${JSON.stringify(sheetValue)}, engine ${JSON.stringify(engine)}`
      );
  };
  defs.forEach((d, i) => {
    const v = raw[d.key];
    let ok: boolean;
    let status: string;
    if (d.kind === "text") {
      ok = !report.errors.some((e) => e.input === d.key);
      const none = textOf(v) === undefined;
      status = none ? (ok ? STATUS.notNeeded : STATUS.blank) : ok ? STATUS.ok : STATUS.check;
    } else {
      const blank = v === null || v === "";
      ok = blank ? optional.has(d.key) : !readInput(d, v, "zh", "cell").error;
      status =
        blank && optional.has(d.key)
          ? STATUS.auto
          : ok
            ? STATUS.ok
            : blank
              ? STATUS.blank
              : STATUS.check;
    }
    same(`ok_${d.key}`, sheet.value("In", i, 1), ok);
    same(`状态 ${d.key}`, sheet.value("In", i, 2), status);
  });
  const close = (what: string, sheetValue: unknown, engine: number | null) => {
    if (engine === null) {
      // Uncomputed: blank, or the error of a zero divisor.
      if (sheetValue !== "" && !(sheetValue && typeof sheetValue === "object"))
        problems.push(`${what}: sheet ${JSON.stringify(sheetValue)}, engine uncomputed`);
    } else if (
      typeof sheetValue !== "number" ||
      Math.abs(sheetValue - engine) > 1e-9 * Math.max(1, Math.abs(engine))
    )
      problems.push(`${what}: sheet ${JSON.stringify(sheetValue)}, engine ${engine}`);
  };
  framework.metrics.forEach((m, i) =>
    close(m.key, sheet.value("Out", i, 0), report.metrics[m.key])
  );
  framework.indicators.forEach((ind, i) => {
    const score = report.indicators.find((r) => r.id === ind.id)!.score;
    const cell = sheet.value("Out", framework.metrics.length + i, 0);
    // A score is never an error: blank when the engine leaves it unscored.
    if (score === null) same(`score ${ind.id}`, cell, "");
    else close(`score ${ind.id}`, cell, score);
  });
  return problems;
}

const heldArbitrary = (framework: Framework) => {
  const defs = sheetInputs(framework);
  return fc.record(
    Object.fromEntries(
      defs.map((d) => [d.key, fc.constantFrom(...candidates(d.kind === "text" ? undefined : d))])
    ) as Record<string, fc.Arbitrary<Held>>
  );
};

describe.each(["shenzhen", "guangzhou", "county", "project"])("%s", (id) => {
  const framework = FRAMEWORKS[id];
  describe.each([
    ["referring to a department's cells", true],
    ["holding the values", false],
  ])("inputs %s", (_name, referring) => {
    const sheet = build(framework, referring as boolean);
    afterAll(() => sheet.hf.destroy());

    test("every validity, 状态, rate and score is the engine's", () => {
      fc.assert(
        fc.property(heldArbitrary(framework), (held) => {
          expect(differences(framework, sheet, held, referring as boolean)).toEqual([]);
        }),
        { numRuns: 150, seed: 20240501 }
      );
    });

    test("all blank: rates blank, no score, every required input 未填写", () => {
      const held = Object.fromEntries(
        sheetInputs(framework).map((d) => [d.key, referring ? "emptyText" : "empty"])
      ) as Record<string, Held>;
      expect(differences(framework, sheet, held, referring as boolean)).toEqual([]);
      framework.metrics.forEach((_m, i) => expect(sheet.value("Out", i, 0)).toBe(""));
    });

    test("an error value in an input's cell: 请检查, as the engine says 显示错误值", () => {
      const defs = sheetInputs(framework);
      const first = defs.findIndex((d) => d.kind !== "text");
      const held = Object.fromEntries(
        defs.map((d, i) => [d.key, i === first ? "error" : "empty"])
      ) as Record<string, Held>;
      expect(differences(framework, sheet, held, referring as boolean)).toEqual([]);
      expect(sheet.value("In", first, 2)).toBe(STATUS.check);
      const report = scoreFramework(
        framework,
        { [defs[first].key]: { error: "#DIV/0!" } },
        {
          mode: "cell",
        }
      );
      expect(report.errors.find((e) => e.input === defs[first].key)?.message).toContain(
        "显示错误值 #DIV/0!"
      );
    });
  });
});

describe("the blank tests", () => {
  const hf = withConstants(HyperFormula.buildEmpty(LICENSE));
  const s = hf.getSheetId(hf.addSheet("T")) as number;
  afterAll(() => hf.destroy());
  const over = (cell: number | string | null, test: (c: string) => string) => {
    hf.setCellContents({ sheet: s, row: 0, col: 0 }, cell);
    hf.setCellContents({ sheet: s, row: 0, col: 1 }, "=A1");
    hf.setCellContents({ sheet: s, row: 0, col: 2 }, `=${test("A1")}`);
    return hf.getCellValue({ sheet: s, row: 0, col: 2 });
  };

  test.each([
    [null, true],
    ['=""', true],
    ['=IF(TRUE,"",1)', true],
    [0, false],
    [" ", false],
    ["=1/0", false],
    ["=NA()", false],
    ["是", false],
  ])("an input's cell holding %p is blank: %p (never an error)", (cell, blank) => {
    expect(over(cell, blankTest)).toBe(blank);
  });

  test.each([
    [null, true],
    ['=""', true],
    ["   ", true],
    ["\u3000\u3000", true],
    ["\u00a0", true],
    ['=" "&CHAR(10)&" "', true],
    ["理由", false],
    [" 理由 ", false],
    [0, false],
    ["=1/0", false],
  ])("a free text's cell holding %p is blank: %p, as the engine reads it", (cell, blank) => {
    expect(over(cell, textBlankTest)).toBe(blank);
    if (typeof cell === "string" && !cell.startsWith("="))
      expect(textOf(cell) === undefined).toBe(blank);
  });
});
