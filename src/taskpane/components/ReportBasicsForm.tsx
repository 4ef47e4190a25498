import { Button, Caption1, Field, Input, makeStyles, tokens } from "@fluentui/react-components";
import * as React from "react";
import type { ReportBasics } from "../operations";
import type { Strings } from "../strings";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
});

export interface ReportBasicsFormProps {
  /** What the workbook does not say. */
  missing: (keyof ReportBasics)[];
  strings: Strings;
  disabled: boolean;
  onSubmit(given: ReportBasics): void;
}

/** Asks for the department or the year the report's title needs, when the workbook's 基础数据 has neither. */
export function ReportBasicsForm({ missing, strings, disabled, onSubmit }: ReportBasicsFormProps) {
  const styles = useStyles();
  const [given, setGiven] = React.useState<ReportBasics>({});
  return (
    <form
      className={styles.form}
      aria-label={strings.report}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(given);
      }}
    >
      <Caption1>{strings.reportAsk}</Caption1>
      {missing.includes("department") && (
        <Field label={strings.reportDepartment}>
          <Input value={given.department ?? ""} onChange={(_, d) => setGiven({ ...given, department: d.value })} />
        </Field>
      )}
      {missing.includes("year") && (
        <Field label={strings.reportYear}>
          <Input inputMode="numeric" value={given.year ?? ""} onChange={(_, d) => setGiven({ ...given, year: d.value })} />
        </Field>
      )}
      <Button type="submit" appearance="primary" disabled={disabled}>
        {strings.reportGenerate}
      </Button>
    </form>
  );
}
