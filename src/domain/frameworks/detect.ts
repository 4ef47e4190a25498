/**
 * Which framework a sheet is written in, from the indicator names and labels found in it: 管理效能 / 履职效能 is
 * 广州's, 投入与管理 beside 产出 / 效益 / 满意度 a county's, 全年预算数 / 全年执行数 a project's, 部门决策 / 部门管理 /
 * 部门绩效 深圳's. Each framework's own 一级 / 二级 / 三级 names count too, less. Pure: the caller reads the sheet.
 */
import { say } from "../i18n";
import type { Framework, Lang } from "../types";
import { PRESETS } from "./presets";

export interface Detection {
  /** The framework's id; undefined when no label tells, or two frameworks tell equally. */
  framework?: string;
  /** Why, in a sentence. */
  reason: string;
  /** The labels that decided, as found. */
  evidence: string[];
}

/** Names only one framework uses: each counts 3. */
const DISTINCTIVE: Record<string, string[]> = {
  guangzhou: ["履职效能", "管理效能"],
  county: ["投入与管理", "投入管理", "投入指标"],
  project: ["项目支出绩效自评", "全年预算数", "全年执行数"],
  shenzhen: ["部门决策", "部门管理", "部门绩效", "共性指标体系"],
};

/** Words that do not tell frameworks apart (指标 in 产出指标). */
const normalize = (label: string): string =>
  label
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, "")
    .replace(/[（(][^)）]*[)）]$/, "")
    .replace(/指标$/, "");

/** Each framework's own names (一级, 二级, 三级): a label equal to one counts 1. */
function ownNames(framework: Framework): Set<string> {
  const names = new Set<string>();
  for (const ind of framework.indicators)
    for (const text of [ind.level1.zh, ind.level2.zh, ind.name.zh]) names.add(normalize(text));
  return names;
}

interface Score {
  id: string;
  points: number;
  distinctive: number;
  evidence: string[];
}

function scoreFramework(id: string, labels: string[]): Score {
  const own = ownNames(PRESETS[id]);
  const score: Score = { id, points: 0, distinctive: 0, evidence: [] };
  const seen = new Set<string>();
  for (const label of labels) {
    const text = normalize(label);
    if (!text || seen.has(text)) continue;
    if ((DISTINCTIVE[id] ?? []).some((word) => text.includes(word))) {
      seen.add(text);
      score.points += 3;
      // Distinctive names first: they decide.
      score.evidence.splice(score.distinctive++, 0, label.trim());
    } else if (own.has(text)) {
      seen.add(text);
      score.points += 1;
      score.evidence.push(label.trim());
    }
  }
  return score;
}

const quoted = (labels: string[], lang: Lang): string =>
  say(
    lang,
    labels
      .slice(0, 4)
      .map((l) => `“${l}”`)
      .join(""),
    labels
      .slice(0, 4)
      .map((l) => `"${l}"`)
      .join(", ")
  ) +
  (labels.length > 4 ? say(lang, ` 等 ${labels.length} 项`, ` and ${labels.length - 4} more`) : "");

/** Picks the framework the labels belong to, and says why. */
export function detectFramework(labels: string[], lang: Lang = "zh"): Detection {
  const scores = Object.keys(PRESETS)
    .map((id) => scoreFramework(id, labels))
    .sort((a, b) => b.points - a.points || b.distinctive - a.distinctive);
  const [best, second] = scores;
  if (!best || best.points === 0)
    return {
      reason: say(
        lang,
        "表中没有能判断评分框架的指标名称",
        "no indicator name in the sheet tells which framework it is"
      ),
      evidence: [],
    };
  if (second && second.points === best.points && second.distinctive === best.distinctive)
    return {
      reason: say(
        lang,
        `表中的指标名称 ${quoted(best.evidence, lang)} 同样符合 ${best.id} 与 ${second.id}，无法判断评分框架`,
        `the names ${quoted(best.evidence, lang)} fit ${best.id} and ${second.id} alike: the framework cannot be told`
      ),
      evidence: [...new Set([...best.evidence, ...second.evidence])],
    };
  const name = PRESETS[best.id].name;
  return {
    framework: best.id,
    reason: say(
      lang,
      `表中有 ${quoted(best.evidence, lang)}，按“${name.zh}”（${best.id}）评分`,
      `the sheet has ${quoted(best.evidence, lang)}: scored under "${name.en}" (${best.id})`
    ),
    evidence: best.evidence,
  };
}
