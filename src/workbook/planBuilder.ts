import type { DefinedName } from "./snapshot";
import type { CellWrite, ConditionalFormat, SheetPlan, WritePlan } from "./writePlan";

/** Collects cell writes and highlights sheet by sheet into a WritePlan. */
export class PlanBuilder {
  private readonly sheets = new Map<string, SheetPlan>();
  private readonly names: DefinedName[] = [];

  sheet(name: string): SheetPlan {
    let plan = this.sheets.get(name);
    if (!plan) {
      plan = { name, cells: [] };
      this.sheets.set(name, plan);
    }
    return plan;
  }

  write(
    at: { sheet: string; row: number; col: number },
    cell: Omit<CellWrite, "row" | "col">
  ): void {
    this.sheet(at.sheet).cells.push({ row: at.row, col: at.col, ...cell });
  }

  /** Our own highlights on a sheet (replacing the ones we wrote before; the user's stay). */
  highlight(sheet: string, rule: ConditionalFormat): void {
    const plan = this.sheet(sheet);
    plan.conditionalFormats = [...(plan.conditionalFormats ?? []), rule];
  }

  /** Declares that a sheet's own highlights are managed, even when there are none to add. */
  manageHighlights(sheet: string): void {
    const plan = this.sheet(sheet);
    plan.conditionalFormats = plan.conditionalFormats ?? [];
  }

  name(name: string, ref: string): void {
    if (!this.names.some((n) => n.name === name)) this.names.push({ name, ref });
  }

  addSheet(plan: SheetPlan): void {
    this.sheets.set(plan.name, plan);
  }

  build(): WritePlan {
    return { sheets: [...this.sheets.values()], names: this.names };
  }
}
