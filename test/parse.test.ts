import fc from "fast-check";
import { parseNumberText, shiftDecimal } from "../src/domain/parse/number";
import { readInput } from "../src/domain/parse/readInput";
import type { InputDef } from "../src/domain/types";

const value = (text: string) => {
  const r = parseNumberText(text);
  return r.ok ? r.number.value : r.reason;
};

describe("reading numbers as people type them", () => {
  it.each([
    ["1349.42", 1349.42],
    ["1,349.42", 1349.42],
    ["１，３４９．４２", 1349.42],
    ["97.62%", 0.9762],
    ["９５％", 0.95],
    ["  22.68 % ", 0.2268],
    ["-5", -5],
    ["－5", -5],
    ["0.007%", 0.00007],
    ["4154.02万元", 4154.02],
    ["222人", 222],
    [".5", 0.5],
    ["1,34", "badSeparators"],
    ["12,3456.7", "badSeparators"],
    ["约5千", "notNumber"],
    ["约五成", "notNumber"],
    ["5千", "notNumber"],
    ["", "notNumber"],
    ["%", "notNumber"],
    ["1.2.3", "notNumber"],
    ["Infinity", "notNumber"],
    ["1e5", "notNumber"],
  ])("%j → %j", (text, expected) => {
    expect(value(text)).toBe(expected);
  });

  it("97.62% is exactly the double 0.9762 (no 0.9762000000000001)", () => {
    expect(value("97.62%")).toBe(0.9762);
    expect(value("17.63%")).toBe(0.1763);
    expect(shiftDecimal("0.5", -2)).toBe("0.005");
    expect(shiftDecimal("12", 3)).toBe("12000");
  });

  it("never throws, and any failure is one of the named reasons", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 30 }), (text) => {
        const r = parseNumberText(text);
        if (!r.ok) expect(["notNumber", "badSeparators"]).toContain(r.reason);
        else expect(Number.isFinite(r.number.value)).toBe(true);
      }),
      { numRuns: 2000 }
    );
  });

  it("formatting a number (plain, grouped, full-width, percent) and reading it again gives the same value", () => {
    const toFullWidth = (s: string) =>
      s.replace(/[0-9.,%]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 11 }),
        fc.integer({ min: 0, max: 2 }),
        (cents, style) => {
          const n = cents / 100;
          const plain = n.toFixed(2);
          const grouped = n.toLocaleString("en-US", {
            minimumFractionDigits: 2,
            maximumFractionDigits: 2,
          });
          const text = style === 0 ? plain : style === 1 ? grouped : toFullWidth(grouped);
          expect(value(text)).toBe(Number(plain));
          expect(value(`${plain}%`)).toBe(Number(shiftDecimal(plain, -2)));
        }
      ),
      { numRuns: 2000 }
    );
  });
});

describe("reading an input by its kind never throws and names the input", () => {
  const kinds: InputDef[] = [
    { key: "a", label: { zh: "金额", en: "amount" }, kind: "amount" },
    { key: "c", label: { zh: "人数", en: "count" }, kind: "count" },
    { key: "r", label: { zh: "比率", en: "rate" }, kind: "rate" },
    { key: "s", label: { zh: "分数", en: "score" }, kind: "score", max: 1 },
    { key: "y", label: { zh: "是否", en: "yes/no" }, kind: "yesno" },
    {
      key: "t",
      label: { zh: "档次", en: "tier" },
      kind: "tier",
      tiers: [{ value: "按规定公开", en: "as required" }],
    },
    { key: "k", label: { zh: "要点", en: "item" }, kind: "checkItem", max: 2 },
  ];
  it("for any raw value", () => {
    fc.assert(
      fc.property(fc.constantFrom(...kinds), fc.anything(), (def, raw) => {
        const r = readInput(def, raw, "zh");
        if (r.error) expect(r.error).toContain(`「${def.label.zh}」`);
        if (r.value !== undefined && def.kind === "rate") expect(r.value).toBeGreaterThanOrEqual(0);
        if (typeof r.value === "number" && def.kind === "rate")
          expect(r.value).toBeLessThanOrEqual(1);
        if (typeof r.value === "number" && def.max !== undefined)
          expect(r.value).toBeLessThanOrEqual(def.max);
        if (typeof r.value === "number" && def.kind === "amount")
          expect(r.value).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 3000 }
    );
  });
});
