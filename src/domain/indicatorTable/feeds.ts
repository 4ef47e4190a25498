/**
 * The 绩效指标 table split among the framework indicators it feeds: each feed scores the rows of its groups
 * (深圳: every row → 效果性 25; a project: 产出, 效益 and 满意度 rows apart).
 */
import { say } from "../i18n";
import type { InputError, Lang, TableFeed } from "../types";
import {
  scoreIndicatorTable,
  type ExactRow,
  type IndicatorRowInput,
  type TableResult,
} from "./scoreTable";
import { NATIONAL, type TableScoring } from "./tableScoring";

export interface FedTable {
  feed: TableFeed;
  result: TableResult;
}

export interface FeedsResult {
  /** Every row's result, in the table's order. */
  rows: TableResult["rows"];
  /** Every row's weight and completion at full precision (rows holds them rounded for display). */
  exact: ExactRow[];
  /** The feed each row went to (its index in the feeds), -1 for none. */
  feedOf: number[];
  fed: FedTable[];
  errors: InputError[];
  breaches: TableResult["breaches"];
}

/** Whether a row's 一级指标 (产出指标, 效益指标 …) belongs to a feed. */
export function rowInFeed(feed: TableFeed, group: string | undefined): boolean {
  if (!feed.groups) return true;
  const g = (group ?? "").trim();
  return feed.groups.some((name) => g.startsWith(name));
}

/** The feed each row goes to (its index in `feeds`), or -1 when none takes it; the first feed that matches wins. */
export function assignFeeds(feeds: TableFeed[], rows: { group?: string }[]): number[] {
  return rows.map((row) => feeds.findIndex((feed) => rowInFeed(feed, row.group)));
}

/** Scores each feed's rows by the framework's rules; a row no feed takes is an error naming it. Never throws. */
export function scoreTableFeeds(
  feeds: TableFeed[],
  rows: IndicatorRowInput[],
  lang: Lang,
  scoring: TableScoring = NATIONAL
): FeedsResult {
  const rowResults: TableResult["rows"] = new Array(rows.length);
  const exact: ExactRow[] = rows.map(() => ({ weight: 0, completion: null }));
  const fed: FedTable[] = [];
  const errors: InputError[] = [];
  const breaches: TableResult["breaches"] = [];
  const feedOf = assignFeeds(feeds, rows);
  feeds.forEach((feed, f) => {
    const positions = rows.map((_, i) => (feedOf[i] === f ? i : -1)).filter((i) => i >= 0);
    if (positions.length === 0) return;
    const result = scoreIndicatorTable(
      positions.map((i) => rows[i]),
      feed.max,
      lang,
      positions,
      { scoring, ...(feed.groups ? { group: feed.groups[0] } : {}) }
    );
    positions.forEach((p, k) => {
      rowResults[p] = result.rows[k];
      exact[p] = result.exact[k];
    });
    fed.push({ feed, result });
    errors.push(...result.errors);
    breaches.push(...result.breaches);
  });
  rows.forEach((row, i) => {
    if (feedOf[i] >= 0) return;
    const groups = feeds.flatMap((f) => f.groups ?? []).join(" / ");
    errors.push({
      input: `indicators[${i}]`,
      ...(row.cell ? { cell: row.cell } : {}),
      message: say(
        lang,
        `绩效指标“${row.name}”的一级指标“${row.group ?? ""}”不属于本评价体系的任何计分项（应为 ${groups}）`,
        `indicator "${row.name}": its group "${row.group ?? ""}" scores nowhere in this framework (expected ${groups})`
      ),
    });
    rowResults[i] = {
      name: row.name,
      ...(row.group ? { group: row.group } : {}),
      ...(row.cell ? { cell: row.cell } : {}),
      direction: "na",
      target: null,
      actual: null,
      met: null,
      completion: null,
      score: null,
      weight: 0,
      explanation: say(
        lang,
        "未计分（一级指标不属于任何计分项）",
        "not scored (group scores nowhere)"
      ),
    };
  });
  return { rows: rowResults, exact, feedOf, fed, errors, breaches };
}
