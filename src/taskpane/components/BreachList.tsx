import { Badge, Caption1, makeStyles, tokens } from "@fluentui/react-components";
import * as React from "react";
import type { Breach } from "../../domain/types";
import type { Strings } from "../strings";
import { CellLink } from "./CellLink";

const useStyles = makeStyles({
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXS },
  item: { display: "flex", columnGap: tokens.spacingHorizontalS, alignItems: "baseline" },
});

/** Breaches, red first: each selects its cell when clicked. */
export function BreachList(props: { breaches: Breach[]; strings: Strings; onSelect: (cell: string) => void }) {
  const styles = useStyles();
  const { strings } = props;
  const sorted = [...props.breaches].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "red" ? -1 : 1));
  if (!sorted.length) return <Caption1>{strings.noBreaches}</Caption1>;
  return (
    <ul className={styles.list} data-testid="breaches">
      {sorted.map((b, i) => (
        <li key={`${b.metric}-${i}`} className={styles.item} data-severity={b.severity}>
          <Badge color={b.severity === "red" ? "danger" : "warning"} shape="rounded" appearance="filled">
            {b.severity === "red" ? strings.red : strings.amber}
          </Badge>
          <CellLink cell={b.cell} text={b.message} strings={strings} onSelect={props.onSelect} />
        </li>
      ))}
    </ul>
  );
}
