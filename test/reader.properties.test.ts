/**
 * The general reader on department sheets fast-check makes up: the columns in any order, a header of one or two
 * rows (a group label over the name columns, or each header merged down), merged 一级 / 二级 cells given as merges
 * or — as Office.js reads a sheet — as blank cells, each indicator under its own name or an alias, dressed as
 * departments dress names (line breaks, `1.`, `（6分）`), self scores as numbers or text (`0.5`, `5分`, full width),
 * title rows above, note rows inside, a 合计 row below. Every indicator must be matched, every self score read as
 * the engine reads it, nothing reported unmatched, the total found. Likewise 绩效指标 blocks with the target whole
 * or split over 计算符号 / 指标值 / 计量单位.
 */
import fc from "fast-check";
import { PRESETS } from "../src/domain/frameworks";
import type { Framework } from "../src/domain/types";
import { bindReading } from "../src/workbook/reader/bindReading";
import { readTables } from "../src/workbook/reader/readTables";
import { numberOf } from "../src/workbook/recognize";
import {
  address,
  type CellValue,
  type SheetSnapshot,
  type WorkbookSnapshot,
} from "../src/workbook/snapshot";

type Role = "level1" | "level2" | "name" | "max" | "selfScore" | "criteria" | "deductionReason";

/** Header words a department may use for each column (a sample of the vocabulary's). */
const WORDS: Record<Role, string[]> = {
  level1: ["一级指标", "一级"],
  level2: ["二级指标", "二级"],
  name: ["三级指标", "指标名称"],
  max: ["分值", "权重", "满分", "标准分"],
  selfScore: ["自评得分", "得分", "自评分", "分数", "实际得分"],
  criteria: ["评分标准", "参考评分标准", "评分要点"],
  deductionReason: ["扣分原因", "扣分说明", "扣分理由"],
};

const fullWidth = (s: string) =>
  s.replace(/[0-9.]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** An indicator's name as a sheet may print it. */
function dressed(framework: Framework) {
  return fc.record(
    Object.fromEntries(
      framework.indicators.map((i) => [
        i.id,
        fc
          .record({
            base: fc.constantFrom(i.name.zh, ...(i.aliases ?? [])),
            breakAt: fc.option(fc.nat(), { nil: undefined }),
            numbered: fc.boolean(),
            note: fc.boolean(),
          })
          .map(({ base, breakAt, numbered, note }) => {
            let s = base;
            if (breakAt !== undefined && s.length > 1) {
              const at = 1 + (breakAt % (s.length - 1));
              s = `${s.slice(0, at)}\n${s.slice(at)}`;
            }
            if (note) s = `${s}（${i.max}分）`;
            if (numbered) s = `1. ${s}`;
            return s;
          }),
      ])
    ) as Record<string, fc.Arbitrary<string>>
  );
}

/** A self score between 0 and max, and how it is typed. */
const selfScore = (max: number) =>
  fc
    .record({
      hundredths: fc.integer({ min: 0, max: Math.round(max * 100) }),
      typed: fc.constantFrom("number", "text", "points", "fullWidth"),
    })
    .map(({ hundredths, typed }) => {
      const value = hundredths / 100;
      const cell: CellValue =
        typed === "number"
          ? value
          : typed === "text"
            ? String(value)
            : typed === "points"
              ? `${value}分`
              : fullWidth(String(value));
      return { value, cell };
    });

interface SheetCase {
  framework: Framework;
  snapshot: WorkbookSnapshot;
  scores: Record<string, number>;
  total: number;
}

const scoreSheetCase = (id: "shenzhen" | "guangzhou") => {
  const framework = PRESETS[id];
  return fc
    .record({
      names: dressed(framework),
      scores: fc.tuple(...framework.indicators.map((i) => selfScore(i.max))),
      order: fc.shuffledSubarray<Role>(
        ["level1", "level2", "name", "max", "selfScore", "criteria", "deductionReason"],
        {
          minLength: 7,
          maxLength: 7,
        }
      ),
      optional: fc.subarray<Role>(["level1", "level2", "criteria", "deductionReason"]),
      words: fc.record(
        Object.fromEntries(
          Object.entries(WORDS).map(([r, w]) => [r, fc.constantFrom(...w)])
        ) as Record<Role, fc.Arbitrary<string>>
      ),
      header: fc.constantFrom("one", "groupOver", "mergedDown"),
      withMerges: fc.boolean(),
      titleRows: fc.nat({ max: 3 }),
      notesAfter: fc.uniqueArray(fc.nat({ max: framework.indicators.length - 2 }), {
        maxLength: 2,
      }),
    })
    .map(
      ({
        names,
        scores,
        order,
        optional,
        words,
        header,
        withMerges,
        titleRows,
        notesAfter,
      }): SheetCase => {
        // The name columns stay left of each other in their own order (一级 before 二级 before the name).
        const kept = order.filter(
          (r) =>
            !["level1", "level2", "criteria", "deductionReason"].includes(r) || optional.includes(r)
        );
        const levels: Role[] = kept.filter((r) => r === "level1" || r === "level2" || r === "name");
        const sortedLevels = (["level1", "level2", "name"] as Role[]).filter((r) =>
          levels.includes(r)
        );
        let li = 0;
        const columns = kept.map((r) => (levels.includes(r) ? sortedLevels[li++] : r));
        const col = (r: Role) => columns.indexOf(r);
        const rows: CellValue[][] = [];
        const merges: string[] = [];
        for (let t = 0; t < titleRows; t++)
          rows.push([t === 0 ? "2024年度部门整体支出绩效评分表" : `填报单位：某某局（第${t}页）`]);
        const top = rows.length;
        if (header === "one") rows.push(columns.map((r) => words[r]));
        else {
          const upper: CellValue[] = columns.map(() => null);
          const lower: CellValue[] = columns.map(() => null);
          columns.forEach((r, c) => {
            const isLevel = r === "level1" || r === "level2" || r === "name";
            if (header === "groupOver" && isLevel) {
              lower[c] = words[r];
              if (
                !columns.slice(0, c).some((x) => x === "level1" || x === "level2" || x === "name")
              )
                upper[c] = "评价指标";
            } else {
              upper[c] = words[r];
              if (withMerges) merges.push(`${address(top, c)}:${address(top + 1, c)}`);
            }
          });
          if (header === "groupOver" && withMerges) {
            const levelCols = columns.flatMap((r, c) =>
              r === "level1" || r === "level2" || r === "name" ? [c] : []
            );
            if (
              levelCols.length > 1 &&
              levelCols.every((c, i) => i === 0 || c === levelCols[i - 1] + 1)
            )
              merges.push(
                `${address(top, levelCols[0])}:${address(top, levelCols[levelCols.length - 1])}`
              );
          }
          // A group label over non-adjacent name columns is not a real layout: keep each header in one row then.
          rows.push(upper, lower);
        }
        const first = rows.length;
        let previous: { l1?: string; l2?: string } = {};
        const values: Record<string, number> = {};
        framework.indicators.forEach((indicator, i) => {
          const row: CellValue[] = columns.map(() => null);
          const l1 = indicator.level1.zh;
          const l2 = indicator.level2.zh;
          if (col("level1") >= 0 && previous.l1 !== l1) row[col("level1")] = l1;
          if (col("level2") >= 0 && (previous.l2 !== l2 || previous.l1 !== l1))
            row[col("level2")] = l2;
          previous = { l1, l2 };
          row[col("name")] = names[indicator.id];
          row[col("max")] = indicator.max;
          row[col("selfScore")] = scores[i].cell;
          if (col("criteria") >= 0) row[col("criteria")] = `按${indicator.name.zh}的评分标准`;
          if (col("deductionReason") >= 0 && scores[i].value < indicator.max)
            row[col("deductionReason")] = "存在问题";
          values[indicator.id] = scores[i].value;
          rows.push(row);
          if (notesAfter.includes(i)) rows.push(["注：本表由财务科填报"]);
        });
        const totalRow: CellValue[] = columns.map(() => null);
        const total = Math.round(Object.values(values).reduce((a, b) => a + b, 0) * 100) / 100;
        totalRow[0] = "合计";
        totalRow[col("selfScore")] = total;
        if (col("selfScore") === 0) {
          totalRow[0] = total;
          totalRow[col("max") === 0 ? 1 : col("max")] = "合计";
        }
        rows.push(totalRow);
        void first;
        const width = Math.max(...rows.map((r) => r.length));
        const sheet: SheetSnapshot = {
          name: "评分表",
          values: rows.map((r) => [...r, ...Array(width - r.length).fill(null)]),
          formulas: rows.map(() => Array(width).fill(null)),
          merges: withMerges ? merges : [],
        };
        return { framework, snapshot: { sheets: [sheet], names: [] }, scores: values, total };
      }
    );
};

describe.each(["shenzhen", "guangzhou"] as const)(
  "a %s score sheet made up by fast-check",
  (id) => {
    it("is read whole: every indicator matched, every self score read, nothing unmatched, the total found", () => {
      fc.assert(
        fc.property(scoreSheetCase(id), ({ framework, snapshot, scores, total }) => {
          const reading = bindReading(readTables(snapshot), framework);
          expect(reading.unmatched).toEqual([]);
          const rows = reading.scoreSheet!.rows;
          expect(rows.map((r) => r.indicatorId).sort()).toEqual(
            framework.indicators.map((i) => i.id).sort()
          );
          for (const r of rows)
            expect([r.indicatorId, numberOf(r.selfScore)]).toEqual([
              r.indicatorId,
              scores[r.indicatorId],
            ]);
          expect(reading.selfTotal).toBeDefined();
          const sheet = snapshot.sheets[0];
          expect(sheet.values[reading.selfTotal!.row][reading.selfTotal!.col]).toBe(total);
        }),
        { numRuns: 150 }
      );
    });
  }
);

/** A 绩效指标 block: 一级 / 二级 / 三级, the target whole or split, the actual, 分值, 得分, 偏差原因, any order. */
const tableCase = fc
  .record({
    split: fc.boolean(),
    order: fc.shuffledSubarray(
      ["level1", "level2", "name", "target", "actual", "weight", "selfScore", "reason"],
      {
        minLength: 8,
        maxLength: 8,
      }
    ),
    rows: fc.array(
      fc.record({
        op: fc.constantFrom("≥", "≤", "=", "＞", "＜"),
        value: fc.integer({ min: 1, max: 500 }),
        unit: fc.constantFrom("%", "人", "件", "小时"),
        actual: fc.integer({ min: 0, max: 600 }),
        weight: fc.integer({ min: 1, max: 20 }),
        valueAsText: fc.boolean(),
      }),
      { minLength: 1, maxLength: 8 }
    ),
    titleRows: fc.nat({ max: 2 }),
  })
  .map(({ split, order, rows, titleRows }) => {
    const columns: string[] = split
      ? order.flatMap((r) => (r === "target" ? ["operator", "target", "unit"] : [r]))
      : order;
    const header: Record<string, string> = {
      level1: "一级指标",
      level2: "二级指标",
      name: "三级指标",
      target: split ? "指标值" : "年度指标值",
      operator: "计算符号",
      unit: "计量单位",
      actual: "实际完成值",
      weight: "分值",
      selfScore: "得分",
      reason: "偏差原因分析及改进措施",
    };
    const values: CellValue[][] = [];
    for (let t = 0; t < titleRows; t++) values.push(["项目支出绩效自评表"]);
    values.push(columns.map((c) => header[c]));
    const firstRow = values.length;
    rows.forEach((r, i) => {
      const cell: Record<string, CellValue> = {
        level1: i === 0 ? "产出指标" : null,
        level2: i === 0 ? "数量指标" : null,
        name: `指标${i + 1}`,
        target: split ? (r.valueAsText ? String(r.value) : r.value) : `${r.op}${r.value}${r.unit}`,
        operator: r.op,
        unit: r.unit,
        actual: split ? r.actual : `${r.actual}${r.unit}`,
        weight: r.weight,
        selfScore: r.weight,
        reason: null,
      };
      values.push(columns.map((c) => cell[c]));
    });
    const width = columns.length;
    const sheet: SheetSnapshot = {
      name: "绩效指标",
      values: values.map((r) => [...r, ...Array(width - r.length).fill(null)]),
      formulas: values.map(() => Array(width).fill(null)),
      merges: [],
    };
    return {
      snapshot: { sheets: [sheet], names: [] } as WorkbookSnapshot,
      columns,
      firstRow,
      count: rows.length,
      split,
    };
  });

test("a 绩效指标 block made up by fast-check is read with every column in its role and every row", () => {
  fc.assert(
    fc.property(tableCase, ({ snapshot, columns, firstRow, count, split }) => {
      const reading = bindReading(readTables(snapshot), PRESETS.project);
      const table = reading.indicatorTable!;
      expect(table.rows).toEqual(Array.from({ length: count }, (_, i) => firstRow + i));
      const at = (role: string) => columns.indexOf(role);
      expect(table.cols).toEqual({
        level1: at("level1"),
        level2: at("level2"),
        name: at("name"),
        target: at("target"),
        operator: split ? at("operator") : -1,
        unit: split ? at("unit") : -1,
        actual: at("actual"),
        weight: at("weight"),
        selfScore: at("selfScore"),
        reason: at("reason"),
        tier: -1,
      });
      expect(reading.scoreSheet).toBeUndefined();
    }),
    { numRuns: 150 }
  );
});

test("nothing a cell may hold makes the reader throw", () => {
  const cell = fc.oneof(
    fc.constant(null),
    fc.string(),
    fc.double({ noNaN: false }),
    fc.boolean(),
    fc.constantFrom(
      "合计",
      "一级指标",
      "得分",
      "分值",
      "年度指标值",
      "计算符号",
      "全年预算数",
      "评价等级",
      "注：",
      "执行率"
    ),
    fc.record({ error: fc.constantFrom("#DIV/0!", "#N/A", "#VALUE!") })
  );
  fc.assert(
    fc.property(fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 14 }), (grid) => {
      const width = Math.max(0, ...grid.map((r) => r.length));
      const sheet: SheetSnapshot = {
        name: "表",
        values: grid.map((r) => [...r, ...Array(width - r.length).fill(null)]),
        formulas: grid.map(() => Array(width).fill(null)),
        merges: [],
      };
      for (const framework of Object.values(PRESETS))
        bindReading(readTables({ sheets: [sheet], names: [] }), framework);
    }),
    { numRuns: 300 }
  );
});
