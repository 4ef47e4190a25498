/**
 * The display and printed widths of a text (row heights of wrapped explanations), counted by whole-text matches:
 * the same as counting character by character, as they were counted before, for any text.
 */
import fc from "fast-check";
import { displayWidth } from "../src/domain/i18n";
import { printedWidth } from "../src/workbook/styles";

/** Character by character: two for a CJK / full-width character, one for any other code point. */
function widthByCharacter(text: string): number {
  let width = 0;
  for (const ch of text)
    width +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
        ch
      )
        ? 2
        : 1;
  return width;
}

const printedByCharacter = (text: string) =>
  widthByCharacter(text) + [...text].filter((ch) => /[“”‘’…—·✓]/.test(ch)).length;

/** Texts of what explanations hold: Chinese, ASCII, full-width punctuation, emoji, lone surrogates. */
const texts = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.string({ unit: "grapheme" }),
  fc
    .array(
      fc.constantFrom(
        "预",
        "算",
        "a",
        " ",
        "“",
        "”",
        "…",
        "—",
        "·",
        "✓",
        "％",
        "😀",
        "\ud800",
        "\udc00",
        "한",
        "\n"
      ),
      { maxLength: 40 }
    )
    .map((chars) => chars.join(""))
);

describe("text widths", () => {
  it("displayWidth counts as character by character", () => {
    fc.assert(
      fc.property(texts, (t) => displayWidth(t) === widthByCharacter(t)),
      { numRuns: 2000 }
    );
  });

  it("printedWidth counts as character by character", () => {
    fc.assert(
      fc.property(texts, (t) => printedWidth(t) === printedByCharacter(t)),
      { numRuns: 2000 }
    );
  });

  it("examples: 预算执行率 10, “是/否” 9 printed, an emoji 1", () => {
    expect(displayWidth("预算执行率")).toBe(10);
    expect(printedWidth("“是/否”")).toBe(9);
    expect(displayWidth("😀")).toBe(1);
    expect(displayWidth("")).toBe(0);
  });
});
