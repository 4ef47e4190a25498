/**
 * 存在的主要问题, drafted from the breaches the recompute found: one item per breach, in the order found, each with
 * its figure (the breach's own message) and the rule it breaks (the indicator and its 评分标准).
 */
import { say } from "../domain/i18n";
import type { Framework, Lang, Report } from "../domain/types";
import type { Block } from "./document";
import { unstopped } from "./format";
import { indicatorName } from "./scoreTable";

export function problemBlocks(report: Report, framework: Framework, lang: Lang): Block[] {
  if (!report.breaches.length)
    return [
      {
        kind: "paragraph",
        runs: [
          {
            text: say(
              lang,
              "按评分标准计算，未发现预算执行、资金管理和绩效指标方面需要说明的问题。",
              "The recomputation found nothing to report against the rules."
            ),
          },
        ],
      },
    ];
  return report.breaches.map((b, n) => {
    const indicator = indicatorName(framework, b.indicator, lang);
    const rule = indicator
      ? say(
          lang,
          `（${indicator.name}，评分标准：${unstopped(indicator.criteria)}）`,
          ` (${indicator.name}; rule: ${unstopped(indicator.criteria)})`
        )
      : "";
    return {
      kind: "paragraph",
      runs: [
        {
          text: say(
            lang,
            `${n + 1}. ${unstopped(b.message)}${rule}。`,
            `${n + 1}. ${unstopped(b.message)}${rule}.`
          ),
        },
      ],
    };
  });
}
