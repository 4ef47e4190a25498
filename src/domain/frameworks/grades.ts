import { cmp, iff, num, str, type Expr } from "../expr";
import type { GradeBand } from "../types";

/** 财预〔2020〕10号 bands, used by every seed: ≥ 90 优, ≥ 80 良, ≥ 60 中, else 差. */
export const STANDARD_GRADES: GradeBand[] = [
  { min: 90, grade: "优", en: "Excellent" },
  { min: 80, grade: "良", en: "Good" },
  { min: 60, grade: "中", en: "Fair" },
  { min: -Infinity, grade: "差", en: "Poor" },
];

export function gradeOf(total: number, grades: GradeBand[]): GradeBand {
  return grades.find((g) => total >= g.min) ?? grades[grades.length - 1];
}

/** The grade as a formula over the total: IF(total>=90,"优",IF(total>=80,"良",…)). */
export function gradeExpr(total: Expr, grades: GradeBand[]): Expr {
  const last = grades[grades.length - 1];
  return grades
    .slice(0, -1)
    .reduceRight<Expr>(
      (otherwise, g) => iff(cmp(">=", total, num(g.min)), str(g.grade), otherwise),
      str(last.grade)
    );
}
