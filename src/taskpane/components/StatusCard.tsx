import { Button, Caption1, Subtitle2, makeStyles, tokens } from "@fluentui/react-components";
import * as React from "react";
import type { WorkbookStatus } from "../../workbook/inspect";
import type { Strings } from "../strings";
import { CellLink } from "./CellLink";

const useStyles = makeStyles({
  card: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXS },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXXS },
});

/** Input problems listed before 显示全部. */
const LISTED = 8;

/**
 * Which sheets were recognized (in a department's own workbook, which rows were read, and every row that matched no
 * indicator), the department, and every input missing or invalid; each row and input selects its cell.
 */
export function StatusCard(props: { status: WorkbookStatus; strings: Strings; onSelect: (cell: string) => void }) {
  const { status, strings, onSelect } = props;
  const styles = useStyles();
  const layout = { template: strings.layoutTemplate, adopted: strings.layoutAdopted, existing: strings.layoutExisting, none: strings.layoutNone }[status.layout];
  const errors = status.report?.errors ?? [];
  const recognized = status.report?.recognized;
  const unmatched = recognized?.unmatched ?? [];
  // A department's workbook with nothing yet in 基础数据 has fifty inputs to fill: the first few, then all on request.
  const [allInputs, setAllInputs] = React.useState(false);
  const shown = allInputs ? errors : errors.slice(0, LISTED);
  return (
    <section className={styles.card} aria-labelledby="status-title">
      <Subtitle2 id="status-title">{strings.status}</Subtitle2>
      <Caption1>{status.sheets.length ? `${layout} · ${strings.recognized(status.sheets.join("、"))}` : layout}</Caption1>
      {recognized && <Caption1 data-testid="recognized">{strings.readFrom(recognized, status.choice?.framework.indicators.length ?? 0)}</Caption1>}
      {status.department && (
        <Caption1>
          {strings.department}
          {strings.colon}
          {status.department}
        </Caption1>
      )}
      {status.message && <Caption1>{status.message}</Caption1>}
      {unmatched.length > 0 && (
        <>
          <Caption1 as="h3" id="unmatched-title">
            {strings.unmatched(unmatched.length)}
          </Caption1>
          <ul className={styles.list} aria-labelledby="unmatched-title" data-testid="unmatched-rows">
            {unmatched.map((u) => (
              <li key={u.cell}>
                <CellLink cell={u.cell} text={strings.unmatchedRow(u)} strings={strings} onSelect={onSelect} />
              </li>
            ))}
          </ul>
          <Caption1>{strings.unmatchedHint}</Caption1>
        </>
      )}
      {status.report && (
        <>
          <Caption1 as="h3" id="inputs-title">
            {errors.length ? strings.inputProblems(errors.length) : strings.noInputProblems}
          </Caption1>
          {errors.length > 0 && (
            <ul className={styles.list} aria-labelledby="inputs-title" data-testid="input-problems">
              {shown.map((e) => (
                <li key={e.input}>
                  <CellLink cell={e.cell} text={e.cell ? `${e.cell} ${e.message}` : e.message} strings={strings} onSelect={onSelect} />
                </li>
              ))}
            </ul>
          )}
          {errors.length > LISTED && (
            <Button appearance="transparent" size="small" data-testid="show-all-inputs" aria-expanded={allInputs} onClick={() => setAllInputs(!allInputs)}>
              {allInputs ? strings.showFewer : strings.showAll(errors.length)}
            </Button>
          )}
        </>
      )}
    </section>
  );
}
