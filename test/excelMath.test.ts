import fc from "fast-check";
import { approxEqual, excelRound } from "../src/domain/excelMath";

describe("ROUND as Excel does it: half away from zero on the 15 digits it shows", () => {
  it.each([
    [2.675, 2, 2.68], // the double is 2.67499999999999982236431605997495353221893310546875
    [1.005, 2, 1.01],
    [1 - (0.1635 - 0.1) * 10, 2, 0.37],
    [1 + 0.36499999999999994 + 1, 2, 2.37],
    [-2.675, 2, -2.68],
    [0.125, 2, 0.13],
    [123.456, 2, 123.46],
    [0.004999, 2, 0],
    [0.005, 2, 0.01],
    [1e-7, 2, 0],
    [5.5, 0, 6],
    [-5.5, 0, -6],
    [95.97000000000001, 2, 95.97],
    [1.98769, 2, 1.99],
    [0, 2, 0],
    [1e20 + 0.5, 2, 1e20],
  ])("ROUND(%s, %s) = %s", (x, digits, expected) => {
    expect(excelRound(x, digits)).toBe(expected);
  });

  it("lands on a multiple of 0.01 within half a cent of the value, and is idempotent", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (x) => {
        const r = excelRound(x, 2);
        expect(Math.abs(r - x)).toBeLessThanOrEqual(0.005 + Math.abs(x) * 1e-14);
        expect(
          Number.isInteger(Math.round(r * 100)) && Math.abs(r * 100 - Math.round(r * 100)) < 1e-6
        ).toBe(true);
        expect(excelRound(r, 2)).toBe(r);
      }),
      { numRuns: 5000 }
    );
  });

  it("cents written as text round to themselves", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), (cents) => {
        const text = (cents / 100).toFixed(2);
        expect(excelRound(Number(text), 2)).toBe(Number(text));
      }),
      { numRuns: 2000 }
    );
  });
});

describe("comparisons ignore the last bits of a double, as spreadsheets do", () => {
  it("63/70 is 90%, 0.1+0.2 is 0.3, but 0.9 is not 0.9000001", () => {
    expect(approxEqual(63 / 70 / 1.0000000000000002, 0.9)).toBe(true);
    expect(approxEqual(0.1 + 0.2, 0.3)).toBe(true);
    expect(approxEqual(0.9, 0.9000001)).toBe(false);
    expect(approxEqual(0, 1e-300)).toBe(false);
  });
});
