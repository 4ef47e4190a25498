/**
 * Which framework a sheet is written in, from the indicator names and labels found in it: 管理效能 / 履职效能 is
 * 广州's, 投入与管理 beside 产出 / 效益 / 满意度 a county's, 全年预算数 / 全年执行数 a project's, 部门决策 / 部门管理 /
 * 部门绩效 深圳's. Each framework's own names count too, less: its 一级 / 二级 names, and every name a sheet may use for
 * its indicators, inputs, texts and table groups, aliases included. Labels are compared as the sheet's reader compares
 * them (`foldName`: white space, punctuation, full-width forms, numbering and notes set aside). Pure: the caller reads
 * the sheet.
 */
import { say } from "../i18n";
import { foldName, nameIndex, type FrameworkNames, type NameIndex } from "../names";
import type { Lang } from "../types";
import { PRESET_FILES } from "./presets";

export interface Detection {
  /** The framework's id; undefined when no label tells, or two frameworks tell equally. */
  framework?: string;
  /** Why, in a sentence. */
  reason: string;
  /** The labels that decided, as found. */
  evidence: string[];
}

/** Names only one framework uses: a label containing one counts 3. */
const DISTINCTIVE: Record<string, string[]> = {
  guangzhou: ["履职效能", "管理效能"],
  county: ["投入与管理", "投入管理", "投入指标"],
  project: ["项目支出绩效自评", "全年预算数", "全年执行数"],
  shenzhen: ["部门决策", "部门管理", "部门绩效", "共性指标体系"],
};
const DISTINCTIVE_FOLDED: Record<string, string[]> = Object.fromEntries(
  Object.entries(DISTINCTIVE).map(([id, words]) => [id, words.map(foldName)])
);

/** A framework's own names: its 一级 and 二级 names, folded, and the names and aliases of everything it lets a sheet name. */
export interface OwnNames {
  levels: Set<string>;
  index: NameIndex;
}

const ownNamesCache = new WeakMap<FrameworkNames, OwnNames>();

/**
 * A framework's own names, read from what a sheet may name: for a preset, its file as it is — validating the four
 * presets (into their rules) only to read their names took most of the time of telling a sheet's framework
 * (bench/README.md).
 */
export function ownNames(framework: FrameworkNames): OwnNames {
  const cached = ownNamesCache.get(framework);
  if (cached) return cached;
  const levels = new Set<string>();
  for (const ind of framework.indicators)
    for (const text of [ind.level1.zh, ind.level2.zh]) levels.add(foldName(text));
  const own = { levels, index: nameIndex(framework) };
  ownNamesCache.set(framework, own);
  return own;
}

/**
 * Whether a folded label is one of the framework's own names: as written, or without a trailing 指标, a word that does
 * not tell frameworks apart (产出指标 is the 产出 of a framework that calls the group 产出).
 */
function isOwn(own: OwnNames, folded: string): boolean {
  const stems =
    folded.endsWith("指标") && folded.length > 2 ? [folded, folded.slice(0, -2)] : [folded];
  return stems.some((s) => own.levels.has(s) || own.index.byName.has(s));
}

interface Score {
  id: string;
  points: number;
  distinctive: number;
  evidence: string[];
}

function scoreFramework(id: string, labels: string[]): Score {
  const own = ownNames(PRESET_FILES[id]);
  const score: Score = { id, points: 0, distinctive: 0, evidence: [] };
  const seen = new Set<string>();
  for (const label of labels) {
    const text = foldName(label);
    if (!text || seen.has(text)) continue;
    if ((DISTINCTIVE_FOLDED[id] ?? []).some((word) => text.includes(word))) {
      seen.add(text);
      score.points += 3;
      // Distinctive names first: they decide.
      score.evidence.splice(score.distinctive++, 0, label.trim());
    } else if (isOwn(own, text)) {
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
  const scores = Object.keys(PRESET_FILES)
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
  const name = PRESET_FILES[best.id].name;
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
