import { Button, Caption1, Field, Select, makeStyles, tokens } from "@fluentui/react-components";
import * as React from "react";
import { localize } from "../../domain/i18n";
import {
  describeTableScoring,
  resolveTableScoring,
  tableScoringName,
} from "../../domain/indicatorTable/tableScoring";
import type { FrameworkEntry } from "../../domain/frameworks/presetIndex";
import type { Framework, Lang } from "../../domain/types";
import type { FrameworkChoice } from "../../workbook/frameworkChoice";
import type { Strings } from "../strings";

const useStyles = makeStyles({
  picker: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
    minWidth: 0,
    maxWidth: "100%",
  },
  row: {
    display: "flex",
    alignItems: "center",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXS,
  },
  // A framework's long name must not widen the pane: the select keeps to its width and cuts the text.
  select: { minWidth: 0, maxWidth: "100%", gridTemplateColumns: "minmax(0, 1fr)" },
  selectRoot: { width: "100%", maxWidth: "100%", minWidth: 0 },
  selectControl: { width: "100%", minWidth: 0, textOverflow: "ellipsis" },
});

const AUTOMATIC = "";

/** Which rules score the 绩效指标 table under a framework (财预〔2020〕10号, the provincial linear rule …), the rules in full on hover. */
function TableScoringCaption(props: { framework: Framework; lang: Lang; strings: Strings }) {
  const { framework, lang, strings } = props;
  if (!framework.indicatorTable) return null;
  const scoring = resolveTableScoring(framework.tableScoring);
  return (
    <Caption1 data-testid="table-scoring" title={describeTableScoring(scoring, lang)}>
      {strings.tableScoring(tableScoringName(scoring, lang))}
    </Caption1>
  );
}

/** A framework in full (its indicators …), not only its id and name. */
const isFramework = (f: FrameworkEntry | Framework | undefined): f is Framework =>
  f !== undefined && "indicators" in f;

/**
 * The framework the workbook is scored under: automatic (the one saved in the workbook, else the one its
 * indicator names tell), a preset, or a framework file loaded from disk. A workbook that saved its framework
 * keeps it: the picker then only shows it. The presets are listed by id and name; the pick is handed on by id.
 */
export function FrameworkPicker(props: {
  frameworks: readonly (FrameworkEntry | Framework)[];
  chosen?: FrameworkEntry | Framework;
  choice?: FrameworkChoice;
  lang: Lang;
  strings: Strings;
  disabled: boolean;
  onChoose: (id: string | undefined) => void;
  onLoadFile: (text: string, fileName: string) => void;
}) {
  const { strings, choice, lang } = props;
  const styles = useStyles();
  const fileInput = React.useRef<HTMLInputElement>(null);
  const stored = choice?.how === "stored" ? choice.framework : undefined;
  const options: (FrameworkEntry | Framework)[] = [...props.frameworks];
  for (const extra of [stored, props.chosen])
    if (extra && !options.some((f) => f.id === extra.id)) options.push(extra);
  const value = stored?.id ?? props.chosen?.id ?? AUTOMATIC;
  const inEffect = stored ?? (isFramework(props.chosen) ? props.chosen : choice?.framework);
  const automatic =
    choice && !props.chosen && !stored
      ? strings.frameworkAutomaticAs(localize(choice.framework.name, lang))
      : strings.frameworkAutomatic;
  return (
    <div className={styles.picker}>
      <Field label={strings.framework} className={styles.select}>
        <Select
          className={styles.selectRoot}
          select={{ className: styles.selectControl }}
          value={value}
          disabled={props.disabled || stored !== undefined}
          data-testid="framework-picker"
          onChange={(_, data) => props.onChoose(data.value === AUTOMATIC ? undefined : data.value)}
        >
          <option value={AUTOMATIC}>{automatic}</option>
          {options.map((f) => (
            <option key={f.id} value={f.id}>
              {localize(f.name, lang)}
            </option>
          ))}
        </Select>
      </Field>
      {!stored && (
        <div className={styles.row}>
          <Button
            size="small"
            appearance="subtle"
            disabled={props.disabled}
            onClick={() => fileInput.current?.click()}
          >
            {strings.loadFramework}
          </Button>
          <input
            ref={fileInput}
            type="file"
            accept=".json,application/json"
            hidden
            data-testid="framework-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = "";
              if (!file) return;
              // FileReader, not Blob.text(): the older webviews Office runs add-ins in lack the latter.
              const reader = new FileReader();
              reader.onload = () => props.onLoadFile(String(reader.result ?? ""), file.name);
              reader.readAsText(file, "utf-8");
            }}
          />
        </div>
      )}
      {choice && <Caption1 data-testid="framework-reason">{choice.reason}</Caption1>}
      {inEffect && <TableScoringCaption framework={inEffect} lang={lang} strings={strings} />}
    </div>
  );
}
