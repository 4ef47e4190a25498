/**
 * The 绩效指标 table as the report prints it — 一级 / 二级 / 三级指标, 年度指标值 and 实际完成值 as the department
 * wrote them, our 得分, its 偏差原因 quoted — and the rows not met in words, each with its figures and its reason
 * (a missing reason is a place for the department to fill).
 */
import { plural, say } from "../domain/i18n";
import type { IndicatorRowInput, IndicatorRowResult } from "../domain/indicatorTable/scoreTable";
import type { Lang } from "../domain/types";
import type { Block, Inline } from "./document";
import { formatPercent, formatPoints, quoted } from "./format";

/** A 一级 · 二级 group split into its two levels. */
function levels(group: string | undefined): [string, string] {
  const [level1 = "", ...rest] = (group ?? "").split(/\s*·\s*/);
  return [level1, rest.join(" · ")];
}

/** A target or actual as written; a number read from a cell in its unit (0.9 in a % row is 90%). */
function asWritten(raw: unknown, row: IndicatorRowResult): string {
  if (raw === null || raw === undefined) return "";
  if (typeof raw === "number") return row.unit === "%" ? formatPercent(raw) : formatPoints(raw);
  return String(raw).trim();
}

const reasonOf = (input: IndicatorRowInput | undefined): string | undefined =>
  typeof input?.reason === "string" &&
  input.reason.trim() &&
  !/^(无|\/|—|-|空)$/.test(input.reason.trim())
    ? input.reason.trim()
    : undefined;

/** The written rows beside the scored ones: by position when the names agree, else by name. */
function pairRows(
  results: IndicatorRowResult[],
  written: IndicatorRowInput[]
): (IndicatorRowInput | undefined)[] {
  return results.map((r, i) =>
    written[i]?.name === r.name ? written[i] : written.find((w) => w.name === r.name)
  );
}

export function indicatorTableBlocks(
  results: IndicatorRowResult[] | undefined,
  written: IndicatorRowInput[] | undefined,
  /** Numbers the table: called only when there is one. */
  caption: () => string,
  lang: Lang
): Block[] {
  if (!results?.length)
    return [
      {
        kind: "paragraph",
        runs: [
          {
            text: say(
              lang,
              "工作簿中没有填写绩效指标表，各项绩效指标的年度指标值和实际完成值：",
              "The workbook has no 绩效指标 table; each indicator's target and actual value: "
            ),
          },
          { ask: say(lang, "绩效指标完成情况", "the indicators' targets and actual values") },
        ],
      },
    ];
  const inputs = pairRows(results, written ?? []);
  let previous: [string, string] = ["", ""];
  const rows = results.map((r, i) => {
    const [group1, group2] = levels(r.group);
    // A group's name once, on its first row, as the seeds' merged cells print it.
    const level1 = group1 === previous[0] ? "" : group1;
    const level2 = group1 === previous[0] && group2 === previous[1] ? "" : group2;
    previous = [group1, group2];
    const reason = reasonOf(inputs[i]);
    const score =
      r.direction === "na"
        ? say(lang, "不适用", "n/a")
        : r.score === null
          ? "—"
          : formatPoints(r.score);
    const cells: Inline[][] = [
      [{ text: level1 }],
      [{ text: level2 }],
      [{ text: r.name }],
      [{ text: asWritten(inputs[i]?.target, r) }],
      [{ text: asWritten(inputs[i]?.actual, r) }],
      [{ text: score }],
      reason
        ? [{ text: reason }]
        : r.met === false
          ? [{ ask: say(lang, "偏差原因", "why it fell short") }]
          : [{ text: "" }],
    ];
    return cells;
  });
  const table: Block = {
    kind: "table",
    caption: caption(),
    columns: [
      { title: say(lang, "一级指标", "Level 1"), width: 0.12 },
      { title: say(lang, "二级指标", "Level 2"), width: 0.13 },
      { title: say(lang, "三级指标", "Indicator"), width: 0.19 },
      { title: say(lang, "年度指标值", "Target"), width: 0.14 },
      { title: say(lang, "实际完成值", "Actual"), width: 0.14 },
      { title: say(lang, "得分", "Score"), width: 0.09, align: "center" },
      { title: say(lang, "偏差原因", "Reason for the shortfall"), width: 0.19 },
    ],
    rows,
  };
  return [table, ...unmetParagraphs(results, inputs, lang)];
}

/** The rows not met, in words: 「（1）发放及时率：年度指标值 ≥95%，实际完成值 90%，完成 94.74%，得 18.95 分…」. */
function unmetParagraphs(
  results: IndicatorRowResult[],
  inputs: (IndicatorRowInput | undefined)[],
  lang: Lang
): Block[] {
  const unmet = results.flatMap((r, i) => (r.met === false ? [{ r, input: inputs[i] }] : []));
  if (!unmet.length)
    return [
      {
        kind: "paragraph",
        runs: [
          {
            text: say(
              lang,
              `${results.filter((r) => r.direction !== "na").length} 项绩效指标均达到年度指标值。`,
              "Every indicator met its target."
            ),
          },
        ],
      },
    ];
  const blocks: Block[] = [
    {
      kind: "paragraph",
      runs: [
        {
          text: say(
            lang,
            `未达到年度指标值的绩效指标共 ${unmet.length} 项：`,
            `${plural(unmet.length, "indicator")} fell short of the target:`
          ),
        },
      ],
    },
  ];
  unmet.forEach(({ r, input }, n) => {
    const reason = reasonOf(input);
    const figures = [
      say(
        lang,
        `年度指标值 ${asWritten(input?.target, r)}`,
        `target ${asWritten(input?.target, r)}`
      ),
      say(
        lang,
        `实际完成值 ${asWritten(input?.actual, r)}`,
        `actual ${asWritten(input?.actual, r)}`
      ),
      ...(r.completion !== null && r.direction !== "qualitative"
        ? [say(lang, `完成 ${formatPercent(r.completion)}`, `${formatPercent(r.completion)} done`)]
        : []),
      ...(r.score !== null
        ? [
            say(
              lang,
              `得 ${formatPoints(r.score)} 分（分值 ${formatPoints(r.weight)} 分）`,
              `${formatPoints(r.score)} of ${formatPoints(r.weight)} points`
            ),
          ]
        : []),
    ].join(say(lang, "，", ", "));
    blocks.push({
      kind: "paragraph",
      runs: [
        {
          text: say(
            lang,
            `（${n + 1}）${r.name}：${figures}。偏差原因：`,
            `(${n + 1}) ${r.name}: ${figures}. Reason: `
          ),
        },
        reason
          ? { text: quoted(reason, lang) }
          : { ask: say(lang, `${r.name}未达到年度指标值的原因`, `why ${r.name} fell short`) },
        { text: say(lang, "。", ".") },
      ],
    });
  });
  return blocks;
}
