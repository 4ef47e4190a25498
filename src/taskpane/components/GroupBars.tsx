import { Caption1, Caption1Strong, ProgressBar, makeStyles, tokens } from "@fluentui/react-components";
import * as React from "react";
import { formatPoints } from "../../domain/i18n";
import type { GroupResult } from "../../domain/types";
import type { Strings } from "../strings";

const useStyles = makeStyles({
  group: { display: "flex", flexDirection: "column", rowGap: "2px", marginBottom: tokens.spacingVerticalS },
  row: { display: "flex", justifyContent: "space-between" },
  child: { paddingLeft: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", rowGap: "2px" },
});

function Bar(props: { group: GroupResult; strings: Strings; strong?: boolean }) {
  const { group, strings } = props;
  const styles = useStyles();
  const text = strings.scoreOf(formatPoints(group.score), formatPoints(group.max));
  return (
    <div>
      <div className={styles.row}>
        {props.strong ? <Caption1Strong>{group.name}</Caption1Strong> : <Caption1>{group.name}</Caption1>}
        <Caption1>{text}</Caption1>
      </div>
      <ProgressBar value={group.max ? group.score / group.max : 0} thickness={props.strong ? "large" : "medium"} aria-label={`${group.name} ${text}`} color={group.complete ? "brand" : "warning"} />
    </div>
  );
}

/** A bar per 一级 group, its 二级 groups under it: score against max. */
export function GroupBars(props: { groups: GroupResult[]; strings: Strings }) {
  const styles = useStyles();
  const level1 = props.groups.filter((g) => g.level === 1);
  return (
    <div data-testid="group-bars">
      {level1.map((g) => (
        <div key={g.name} className={styles.group}>
          <Bar group={g} strings={props.strings} strong />
          <div className={styles.child}>
            {props.groups
              .filter((c) => c.level === 2 && c.parent === g.name)
              .map((c) => (
                <Bar key={`${g.name}/${c.name}`} group={c} strings={props.strings} />
              ))}
          </div>
        </div>
      ))}
    </div>
  );
}
