import { Caption1, Divider, LargeTitle, Subtitle2, Text, makeStyles, tokens } from "@fluentui/react-components";
import * as React from "react";
import { formatPoints } from "../../domain/i18n";
import type { Report } from "../../domain/types";
import type { Strings } from "../strings";
import { BreachList } from "./BreachList";
import { CellLink } from "./CellLink";
import { GroupBars } from "./GroupBars";
import { UnmetIndicators } from "./UnmetIndicators";

const useStyles = makeStyles({
  results: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  headline: { display: "flex", alignItems: "baseline", columnGap: tokens.spacingHorizontalL },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

/** A sheet with nothing yet filled waits for dozens of inputs: the first few here, every one under the status. */
const LISTED = 8;

/** Instead of a grade while some indicators are not scored: the inputs they wait for, each selecting its cell. */
function ToFill(props: { report: Report; strings: Strings; onSelect: (cell: string) => void }) {
  const { report, strings } = props;
  const styles = useStyles();
  const waiting = report.indicatorCount - report.scored;
  if (!report.toFill.length) return <Caption1>{strings.cannotScore(waiting)}</Caption1>;
  return (
    <>
      <Caption1 id="to-fill-title">{strings.toFill(waiting)}</Caption1>
      <ul className={styles.list} aria-labelledby="to-fill-title" data-testid="to-fill">
        {report.toFill.slice(0, LISTED).map((f) => (
          <li key={f.input}>
            <Text>
              <CellLink
                cell={f.cell}
                text={f.problem === "missing" ? strings.inputMissing(f.label) : strings.inputInvalid(f.label)}
                strings={strings}
                onSelect={props.onSelect}
              />
            </Text>
          </li>
        ))}
      </ul>
      {report.toFill.length > LISTED && <Caption1 data-testid="to-fill-more">{strings.moreToFill(report.toFill.length - LISTED)}</Caption1>}
    </>
  );
}

/** Total and grade, a bar per group, the breaches, the 绩效指标 not met, and the differences from the self-reported scores. */
export function Results(props: { report: Report; selfTotal?: number; strings: Strings; onSelect: (cell: string) => void }) {
  const { report, strings } = props;
  const styles = useStyles();
  const differences = report.indicators.filter((r) => r.selfScore !== undefined && r.score !== null && Math.abs(r.selfScore - r.score) >= 0.005);
  return (
    <section className={styles.results} aria-labelledby="results-title">
      <Subtitle2 id="results-title">{strings.results}</Subtitle2>
      <div className={styles.headline}>
        <div>
          <Caption1 block>{report.grade === null ? strings.partialTotal : strings.total}</Caption1>
          <LargeTitle data-testid="total">{formatPoints(report.total)}</LargeTitle>
        </div>
        {report.grade === null ? (
          <div>
            <Caption1 block>{strings.gradePending}</Caption1>
            <Subtitle2 data-testid="scored">{strings.scoredOf(report.scored, report.indicatorCount)}</Subtitle2>
          </div>
        ) : (
          <div>
            <Caption1 block>{strings.grade}</Caption1>
            <LargeTitle data-testid="grade">{report.grade}</LargeTitle>
          </div>
        )}
      </div>
      {props.selfTotal !== undefined && <Caption1>{strings.selfTotal(formatPoints(props.selfTotal))}</Caption1>}
      {report.grade === null && <ToFill report={report} strings={strings} onSelect={props.onSelect} />}
      <Divider />
      <Subtitle2 as="h3">{strings.groups}</Subtitle2>
      <GroupBars groups={report.groups} strings={strings} />
      <Divider />
      <Subtitle2 as="h3">{strings.breaches(report.breaches.length)}</Subtitle2>
      <BreachList breaches={report.breaches} strings={strings} onSelect={props.onSelect} />
      {report.indicatorTable && report.indicatorTable.length > 0 && (
        <>
          <Divider />
          <Subtitle2 as="h3">{strings.indicators(report.indicatorTable.filter((r) => r.met === false).length)}</Subtitle2>
          <UnmetIndicators rows={report.indicatorTable} strings={strings} onSelect={props.onSelect} />
        </>
      )}
      {differences.length > 0 && (
        <>
          <Divider />
          <Subtitle2 as="h3">{strings.differences(differences.length)}</Subtitle2>
          <ul className={styles.list} data-testid="differences">
            {differences.map((r) => (
              <li key={r.id}>
                <Text>
                  <CellLink cell={r.cell} text={strings.difference(r.name, formatPoints(r.selfScore!), formatPoints(r.score!))} strings={strings} onSelect={props.onSelect} />
                </Text>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
