import { Link } from "@fluentui/react-components";
import * as React from "react";
import type { Strings } from "../strings";

/** A text that selects its cell when clicked (or activated by keyboard); plain text when it has no cell. */
export function CellLink(props: { cell?: string; text: string; strings: Strings; onSelect: (cell: string) => void }) {
  const { cell, text, strings, onSelect } = props;
  if (!cell) return <span>{text}</span>;
  return (
    <Link as="button" onClick={() => onSelect(cell)} aria-label={`${text}（${strings.selectCell(cell)}）`} title={strings.selectCell(cell)}>
      {text}
    </Link>
  );
}
