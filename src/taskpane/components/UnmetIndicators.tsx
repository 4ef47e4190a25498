import { Caption1, Text, makeStyles, tokens } from "@fluentui/react-components";
import * as React from "react";
import { formatPercent, formatPoints } from "../../domain/i18n";
import type { IndicatorRowResult } from "../../domain/indicatorTable/scoreTable";
import type { Strings } from "../strings";
import { CellLink } from "./CellLink";

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXS },
});

/** The 绩效指标 rows whose target was not met: how far each went, its score, and its row to select. */
export function UnmetIndicators(props: { rows: IndicatorRowResult[]; strings: Strings; onSelect: (cell: string) => void }) {
  const styles = useStyles();
  const { strings } = props;
  const unmet = props.rows.filter((r) => r.met === false);
  const met = props.rows.filter((r) => r.met === true).length;
  return (
    <>
      <Caption1 data-testid="indicators-summary">{strings.indicatorsMet(met, props.rows.filter((r) => r.met !== null).length)}</Caption1>
      {unmet.length > 0 && (
        <ul className={styles.list} data-testid="unmet-indicators">
          {unmet.map((r, i) => (
            <li key={`${r.name}-${i}`}>
              <Text>
                <CellLink
                  cell={r.cell}
                  text={strings.unmetIndicator(r.name, formatPercent(r.completion ?? 0), formatPoints(r.score ?? 0), formatPoints(r.weight))}
                  strings={strings}
                  onSelect={props.onSelect}
                />
              </Text>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
