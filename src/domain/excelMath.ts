/**
 * Arithmetic as a spreadsheet does it, so the engine and the sheet agree to the last digit.
 *
 * - Comparisons treat two numbers as equal when they differ only in the last bits of a double
 *   (LibreOffice's `approxEqual`, relative 2^-48; Excel behaves alike), so 0.9 computed as 63/70 is 90%.
 * - A sum or difference that cancels to within that tolerance is exactly 0.
 * - ROUND is half away from zero on the value as shown to 15 significant digits: Excel's
 *   `ROUND(2.675,2)` is 2.68 although the double 2.675 is slightly below it.
 */
const RELATIVE_TOLERANCE = Math.pow(2, -48);

export function approxEqual(a: number, b: number): boolean {
  if (a === b) return true;
  if (a === 0 || b === 0) return false;
  const d = Math.abs(a - b);
  return d < Math.abs(a) * RELATIVE_TOLERANCE && d < Math.abs(b) * RELATIVE_TOLERANCE;
}

/** -1, 0 or 1, with approximately equal numbers comparing equal. */
export function compareNumbers(a: number, b: number): number {
  if (approxEqual(a, b)) return 0;
  return a < b ? -1 : 1;
}

export function approxAdd(a: number, b: number): number {
  const s = a + b;
  if (s !== 0 && approxEqual(a, -b)) return 0;
  return s;
}

export function approxSub(a: number, b: number): number {
  const d = a - b;
  if (d !== 0 && approxEqual(a, b)) return 0;
  return d;
}

/**
 * Excel's ROUND(x, digits): half away from zero, applied to the decimal the spreadsheet shows
 * (15 significant digits) rather than to the binary double.
 */
export function excelRound(x: number, digits: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const negative = x < 0;
  // Fast path, exact: away from a tie the 15-digit correction cannot change the result, and n / 10^d is the
  // double nearest to the decimal, the same as reading its text.
  const factor = Math.pow(10, digits);
  const scaled = Math.abs(x) * factor;
  if (digits >= 0 && digits <= 15 && scaled < 1e12) {
    const floor = Math.floor(scaled);
    const fraction = scaled - floor;
    if (Math.abs(fraction - 0.5) > 1e-6) {
      const rounded = (fraction < 0.5 ? floor : floor + 1) / factor;
      return negative ? -rounded : rounded;
    }
  }
  const shown = Math.abs(x).toPrecision(15); // e.g. "2.67500000000000" or "1.23456789012345e+21"
  const [mantissa, expPart] = shown.split("e");
  const exponent = expPart ? Number(expPart) : 0;
  const [intPart, fracPart = ""] = mantissa.split(".");
  // The decimal as an integer of digits and a position of its point.
  let digitsStr = intPart + fracPart;
  let pointAt = intPart.length + exponent;
  // Keep `digits` decimals: everything after index pointAt + digits is dropped, rounding half up on magnitude.
  const keep = pointAt + digits;
  if (keep < 0) return 0;
  if (keep >= digitsStr.length) return x;
  const roundUp = digitsStr.charCodeAt(keep) >= 53; // '5'
  const kept = (digitsStr.slice(0, keep) || "0").replace(/^0+(?=\d)/, "");
  digitsStr = roundUp ? incrementDigits(kept) : kept;
  pointAt = digitsStr.length - digits;
  const text =
    pointAt <= 0
      ? "0." + "0".repeat(-pointAt) + digitsStr
      : digitsStr.slice(0, pointAt) + (digits > 0 ? "." + digitsStr.slice(pointAt) : "");
  const value = Number(text);
  return negative ? -value : value;
}

/** "1299" → "1300": adds one to a string of decimal digits (no BigInt: older Office webviews lack it). */
function incrementDigits(digits: string): string {
  const out = digits.split("");
  let i = out.length - 1;
  while (i >= 0 && out[i] === "9") out[i--] = "0";
  if (i < 0) return "1" + out.join("");
  out[i] = String(Number(out[i]) + 1);
  return out.join("");
}

/** A number rounded to the 15 significant digits a spreadsheet keeps when it reads it. */
export function toSpreadsheetPrecision(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(15)) : x;
}
