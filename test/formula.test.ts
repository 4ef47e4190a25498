import { add, div, mul, num, ref, refOr, str, sub, cmp, iff } from "../src/domain/expr";
import { toFormula } from "../src/domain/formula";
import { shenzhen } from "../src/domain/frameworks/shenzhen";
import { indexFramework } from "../src/domain/model";
import { compileRule } from "../src/domain/rules";

const formulaOf = (id: string) => toFormula(indexFramework(shenzhen).indicatorExprs.get(id)!);

describe("formula text", () => {
  it("prints the 10% adjustment part as product.md shows it", () => {
    const indicator = shenzhen.indicators.find((i) => i.id === "financialCompliance")!;
    const rule = indicator.rule.kind === "sum" ? indicator.rule.parts[1].rule : indicator.rule;
    expect(toFormula(compileRule(rule, { framework: shenzhen, indicator }))).toBe(
      "IF(adjustmentRate<=0.1,1,MAX(0,1-(adjustmentRate-0.1)*10))"
    );
  });

  it("wraps every 三级 score in ROUND(MIN(max,MAX(0,…)),2)", () => {
    for (const indicator of shenzhen.indicators) {
      expect(formulaOf(indicator.id)).toMatch(
        new RegExp(`^ROUND\\(MIN\\(${indicator.max},MAX\\(0,.*\\)\\),2\\)$`)
      );
    }
    expect(formulaOf("staffControl")).toBe(
      "ROUND(MIN(1,MAX(0,IF(staffControlRate<=1,1,IF(staffControlRate>1,0,0)))),2)"
    );
  });

  it("parenthesizes only where precedence needs it", () => {
    expect(toFormula(sub(ref("a"), sub(ref("b"), ref("c"))))).toBe("a-(b-c)");
    expect(toFormula(sub(sub(ref("a"), ref("b")), ref("c")))).toBe("a-b-c");
    expect(toFormula(div(ref("a"), mul(ref("b"), ref("c"))))).toBe("a/(b*c)");
    expect(toFormula(mul(add(ref("a"), ref("b")), ref("c")))).toBe("(a+b)*c");
    expect(toFormula(add(ref("a"), num(-2)))).toBe("a+(-2)");
    expect(toFormula(iff(cmp("=", ref("x"), str('say "是"')), num(1), num(0)))).toBe(
      'IF(x="say ""是""",1,0)'
    );
    expect(toFormula(refOr("totalStaff", add(ref("staffActual"), ref("contractStaff"))))).toBe(
      "IF(ISBLANK(totalStaff),staffActual+contractStaff,totalStaff)"
    );
  });

  it("keeps literals to the 15 digits a spreadsheet reads", () => {
    expect(toFormula(num(0.1 + 0.2))).toBe("0.3");
    expect(toFormula(num(1e-7))).toBe("0.0000001");
  });

  it("can print names as cell references", () => {
    expect(
      toFormula(div(ref("a"), ref("b")), (k) => (k === "a" ? "'基础数据'!$C$3" : "'基础数据'!$C$4"))
    ).toBe("'基础数据'!$C$3/'基础数据'!$C$4");
  });
});
