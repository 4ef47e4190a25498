/**
 * The lean snapshot reader (src/hosts/xlsxSnapshot.ts) gives exactly the snapshot of the ExcelJS path
 * (readWorkbook → snapshotOf) — for every example workbook, for workbooks built to hold ExcelJS's odd readings,
 * and for fuzz-mutated workbooks — or refuses, and then openWorkbookSnapshot reads the file with ExcelJS.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Conversions } from "../src/files/convert";
import { openWorkbookFile, openWorkbookSnapshot } from "../src/files/workbookFile";
import { Workbook } from "../src/hosts/exceljsParts";
import { snapshotOf } from "../src/hosts/xlsx";
import { loadXlsx, saveXlsx } from "../src/hosts/xlsxPackage";
import { lastRefusal, leanSnapshot } from "../src/hosts/xlsxSnapshot";
import { writeZip } from "../src/hosts/zip";
import { hostileCase } from "./support/hostileWorkbooks";

const EXAMPLES = join(__dirname, "..", "examples");
const FIXTURES = join(__dirname, "fixtures");
const workbookFiles = [EXAMPLES, FIXTURES].flatMap((dir) =>
  readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".xlsx"))
    .map((f) => join(dir, f))
);

/** The snapshot of the ExcelJS path, from the bytes of a file. */
async function excelSnapshot(bytes: Buffer) {
  const workbook = new Workbook();
  await loadXlsx(workbook, bytes);
  return snapshotOf(workbook);
}

/** A package of the given parts (text), zipped. */
const pack = (parts: Record<string, string>) =>
  writeZip(Object.entries(parts).map(([name, text]) => ({ name, data: Buffer.from(text) })));

const MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const RELS = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"';
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const SHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
const LINK_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";

/**
 * A workbook of what ExcelJS reads oddly: shared strings with phonetic runs, rich runs and _x000D_ escapes, a
 * `str` value decoded twice, inline strings, the Chinese date formats, numbers past 9999-12-31, text and TRUE as
 * results of date-formatted formulas, shared and array formulas, a hyperlink over a formula, merged areas over
 * values, defined names of every kind, a very hidden sheet with a quote in its name, the 1904 date system.
 */
function oddWorkbook(date1904 = false): Record<string, string> {
  const strings = [
    "<si><t>项目</t></si>",
    '<si><t xml:space="preserve">a_x000D_b &amp;lt; </t><rPh sb="0" eb="1"><t>ふ</t></rPh><phoneticPr fontId="1"/></si>',
    '<si><r><rPr><b/><sz val="11"/></rPr><t>粗</t></r><r><t>体_x0041_</t></r><r><rPr><i/></rPr></r></si>',
    "<si><t/></si>",
  ];
  const c = (r: string, inner: string, attrs = "") => `<c r="${r}"${attrs}>${inner}</c>`;
  const rows = [
    `<row r="1">${c("A1", "<v>0</v>", ' t="s"')}${c("B1", "<v>1</v>", ' t="s"')}${c("C1", "<v>2</v>", ' t="s"')}${c("D1", "<v>3</v>", ' t="s"')}</row>`,
    `<row r="2" s="1" customFormat="1">${c("A2", "<v>a &amp;amp; b &amp;lt;</v>", ' t="str"')}${c("B2", "<is><t>in_x000D_line</t></is>", ' t="inlineStr"')}${c("C2", "<is><r><t>r1</t></r><r><t>_x0042_</t></r></is>", ' t="inlineStr"')}${c("D2", "<v>1</v>", ' t="b"')}${c("E2", "<v>#N/A</v>", ' t="e"')}${c("F2", "<v>2024-05-01T00:00:00</v>", ' t="d"')}</row>`,
    `<row r="3">${c("A3", "<v>45413</v>", ' s="2"')}${c("B3", "<v>45413.5</v>", ' s="3"')}${c("C3", "<v>0.75</v>", ' s="4"')}${c("D3", "<v>-9990000000000000</v>", ' s="2"')}${c("E3", "<v>3000000</v>", ' s="5"')}${c("F3", "<v>45413</v>", ' s="6"')}${c("G3", "<v>12</v>", ' s="99"')}${c("H3", "<v>abc</v>")}</row>`,
    `<row r="4">${c("A4", "<f>TEXT(1,&quot;0&quot;)</f><v>12</v>", ' s="2" t="str"')}${c("B4", "<f>TRUE()</f><v>1</v>", ' s="2" t="b"')}${c("C4", "<f>NA()</f><v>#N/A</v>", ' s="2" t="e"')}${c("D4", "<f>1+1</f><v>2</v>", ' s="2"')}${c("E4", "<f>&quot;&quot;</f><v></v>", ' t="str"')}${c("F4", "<f>1/0</f>")}</row>`,
    `<row r="5">${c("A5", '<f t="shared" ref="A5:C6" si="0">A1&amp;$B$1&amp;Sheet2!C3</f><v>x</v>', ' t="str"')}${c("B5", '<f t="shared" si="0"/><v>y</v>', ' t="str"')}${c("C5", '<f t="shared" si="0"/><v>z</v>', ' t="str"')}</row>`,
    `<row r="6">${c("A6", '<f t="shared" si="0"/><v>w</v>', ' t="str"')}${c("B6", '<f t="shared" si="0">OWN()</f><v>1</v>')}${c("D6", '<f t="array" ref="D6:D7">SUM(A1:A2*2)</f><v>4</v>')}</row>`,
    `<row r="7">${c("D7", "<v>6</v>")}${c("E7", "<f>HYPERLINK(&quot;x&quot;)</f><v>7</v>")}${c("F7", "<v>0</v>", ' t="s"')}${c("G7", "", ' s="1"')}${c("H7", "")}</row>`,
    `<row r="8">${c("A8", "<v>top</v>", ' t="str"')}${c("B8", "<v>lost</v>", ' t="str"')}${c("A9", "", "").replace("A9", "C8")}</row>`,
    `<row r="9">${c("A9", "<v>lost too</v>", ' t="str"')}${c("B9", "<f>1</f><v>1</v>")}</row>`,
    `<row r="12"><c r="C12"><v>1.5E+20</v></c></row>`,
  ];
  const sheet1 =
    `${DECL}<worksheet ${MAIN} ${R}><sheetPr><tabColor rgb="FF00FF00"/></sheetPr><dimension ref="A1:H12"/>` +
    `<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>` +
    `<cols><col min="1" max="2" width="12" customWidth="1"/></cols>` +
    `<sheetData>\n${rows.join("\n")}\n</sheetData>` +
    `<mergeCells count="2"><mergeCell ref="A8:B9"/><mergeCell ref="E10:F11"/></mergeCells>` +
    `<phoneticPr fontId="1" type="noConversion"/>` +
    `<conditionalFormatting sqref="A1:A3"><cfRule type="expression" dxfId="0" priority="1"><formula>A1&gt;1</formula></cfRule></conditionalFormatting>` +
    `<dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="B1:B3 D5"><formula1>"是,否"</formula1></dataValidation></dataValidations>` +
    `<hyperlinks><hyperlink ref="E7" r:id="rId1"/><hyperlink ref="B1" r:id="rId1"/><hyperlink ref="A2" location="Sheet2!A1"/></hyperlinks>` +
    `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>` +
    `<pageSetup paperSize="9" orientation="portrait"/><ignoredErrors><ignoredError sqref="A1" numberStoredAsText="1"/></ignoredErrors></worksheet>`;
  const sheet2 = `${DECL}<worksheet ${MAIN}><sheetData><row r="3"><c r="C3"><v>5</v></c></row></sheetData></worksheet>`;
  const styles =
    `${DECL}<styleSheet ${MAIN}><numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/>` +
    `<numFmt numFmtId="165" formatCode="[Red]0.00;&quot;m&quot;0"/><numFmt numFmtId="14" formatCode="0.00"/></numFmts>` +
    `<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>` +
    `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
    `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
    `<cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
    `<xf numFmtId="31" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
    `<xf numFmtId="20" fontId="0" fillId="0" borderId="0" xfId="0"><alignment horizontal="center"/></xf><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
    `<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>` +
    `<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles><dxfs count="1"><dxf><font><b/></font></dxf></dxfs></styleSheet>`;
  const names = [
    `<definedName name="plain">Sheet1!$B$3</definedName>`,
    `<definedName name="quoted">'It''s'!$C$3:$A$1</definedName>`,
    `<definedName name="one">'Sheet1'!$D$4:$D$4</definedName>`,
    `<definedName name="constant">0.5</definedName>`,
    `<definedName name="broken">#REF!</definedName>`,
    `<definedName name="later">Sheet1!$A$1</definedName>`,
    `<definedName name="scoped" localSheetId="0">Sheet1!$E$5</definedName>`,
    `<definedName name="later" localSheetId="1">'It''s'!$Z$100</definedName>`,
    `<definedName name="_xlnm.Print_Area" localSheetId="0">Sheet1!$A$1:$H$12</definedName>`,
    `<definedName name="_xlnm.Print_Titles" localSheetId="0">Sheet1!$1:$2</definedName>`,
    `<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">Sheet1!$A$1:$C$3</definedName>`,
  ];
  return {
    "[Content_Types].xml": `${DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
    "_rels/.rels": `${DECL}<Relationships ${RELS}><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    "xl/workbook.xml":
      `${DECL}<workbook ${MAIN} ${R}><workbookPr${date1904 ? ' date1904="1"' : ""}/><bookViews><workbookView/></bookViews>` +
      `<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/><sheet name="It's" sheetId="3" state="veryHidden" r:id="rId2"/>` +
      `<sheet name="Chart" sheetId="4" r:id="rId9"/></sheets><definedNames>${names.join("")}</definedNames><calcPr calcId="191029"/></workbook>`,
    "xl/_rels/workbook.xml.rels":
      `${DECL}<Relationships ${RELS}><Relationship Id="rId1" Type="${SHEET_TYPE}" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${SHEET_TYPE}" Target="/xl/worksheets/sheet2.xml"/>` +
      `<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    "xl/worksheets/sheet1.xml": sheet1,
    "xl/worksheets/sheet2.xml": sheet2,
    "xl/worksheets/_rels/sheet1.xml.rels": `${DECL}<Relationships ${RELS}><Relationship Id="rId1" Type="${LINK_TYPE}" Target="https://example.org/" TargetMode="External"/></Relationships>`,
    "xl/sharedStrings.xml": `${DECL}<sst ${MAIN} count="4" uniqueCount="4">${strings.join("")}</sst>`,
    "xl/styles.xml": styles,
    "xl/theme/theme1.xml": `${DECL}<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office"/>`,
    "docProps/app.xml": `${DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Excel</Application></Properties>`,
  };
}

describe("leanSnapshot", () => {
  it("finds the example workbooks", () => {
    expect(workbookFiles.length).toBeGreaterThanOrEqual(10);
  });

  it.each(workbookFiles.map((f) => [f.slice(f.indexOf("examples")), f]))(
    "%s: read the lean way, the ExcelJS snapshot",
    async (_name, file) => {
      const bytes = readFileSync(file);
      const lean = leanSnapshot(bytes);
      expect(lastRefusal).toBeUndefined();
      expect(lean).toStrictEqual(await excelSnapshot(bytes));
    }
  );

  it.each([false, true])(
    "a workbook of ExcelJS's odd readings (1904 dates: %s): the ExcelJS snapshot",
    async (date1904) => {
      const bytes = pack(oddWorkbook(date1904));
      const lean = leanSnapshot(bytes);
      expect(lastRefusal).toBeUndefined();
      const expected = await excelSnapshot(bytes);
      expect(lean).toStrictEqual(expected);
      // The workbook holds what it was built to hold (ExcelJS's readings, not ours).
      const [sheet, hidden] = expected.sheets;
      expect(hidden).toMatchObject({ name: "It's", hidden: true });
      expect(sheet.values[0][1]).toBe("a\rb &lt; "); // phonetic run dropped, _x000D_ decoded
      expect(sheet.values[1][0]).toBe("a & b <"); // a str value decoded twice
      expect(sheet.values[2][0]).toBe(date1904 ? "2028-05-02" : "2024-05-01"); // format 31, zh-cn
      expect(sheet.values[2][3]).toBe(-9990000000000000); // past 9999-12-31: the number
      expect(sheet.formulas[4][1]).toBe("=B1&$B$1&Sheet2!D3"); // a shared formula slid
      expect(sheet.formulas[6][4]).toBeNull(); // a hyperlink cell keeps no formula
      expect(sheet.values[8][0]).toBeNull(); // inside a merged area
      expect(expected.names.map((n) => n.name)).toEqual([
        "plain",
        "quoted",
        "one",
        "later",
        "scoped",
      ]);
    }
  );

  it("refuses what it does not read the same way for sure, and ExcelJS reads it", async () => {
    const base = oddWorkbook();
    const variants: Record<string, Record<string, string>> = {
      cdata: {
        "xl/worksheets/sheet2.xml": base["xl/worksheets/sheet2.xml"].replace(
          "<v>5</v>",
          "<v><![CDATA[5]]></v>"
        ),
      },
      strict: {
        "xl/worksheets/sheet2.xml": base["xl/worksheets/sheet2.xml"].replace(
          "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "http://purl.oclc.org/ooxml/spreadsheetml/main"
        ),
      },
      twoAreas: {
        "xl/workbook.xml": base["xl/workbook.xml"].replace(
          "Sheet1!$B$3</definedName>",
          "Sheet1!$B$3,Sheet1!$D$3</definedName>"
        ),
      },
      drawing: { "xl/drawings/drawing1.xml": `${DECL}<xdr:wsDr xmlns:xdr="x"/>` },
      extLst: {
        "xl/worksheets/sheet2.xml": base["xl/worksheets/sheet2.xml"].replace(
          "</worksheet>",
          '<extLst><ext uri="x"/></extLst></worksheet>'
        ),
      },
    };
    for (const [kind, changed] of Object.entries(variants)) {
      const bytes = pack({ ...base, ...changed });
      expect([kind, leanSnapshot(bytes)]).toEqual([kind, undefined]);
      expect(lastRefusal).toBeDefined();
    }
    // openWorkbookSnapshot falls back to ExcelJS: the same snapshot as openWorkbookFile.
    const dir = mkdtempSync(join(tmpdir(), "lean-"));
    try {
      const file = join(dir, "cdata.xlsx");
      writeFileSync(file, pack({ ...base, ...variants.cdata }));
      const conversions = new Conversions();
      const opened = await openWorkbookSnapshot(file, "zh", conversions);
      expect(opened.snapshot).toStrictEqual(
        (await openWorkbookFile(file, "zh", conversions)).snapshot
      );
      // ExcelJS drops CDATA: the cell reads as empty, both ways.
      expect(opened.snapshot.sheets[1].values).toEqual([]);
      conversions.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [
      "a shared string that is not there",
      "xl/worksheets/sheet2.xml",
      '<c r="C3"><v>5</v>',
      '<c r="C3" t="s"><v>9</v>',
    ],
    [
      "a conditional format's style without dxfs",
      "xl/styles.xml",
      /<dxfs count="1">.*<\/dxfs>/,
      '<dxfs count="0"/>',
    ],
    ["overlapping merges", "xl/worksheets/sheet1.xml", 'ref="E10:F11"', 'ref="B9:C10"'],
    ["a sheet name ExcelJS refuses", "xl/workbook.xml", 'name="Sheet1"', 'name="Sheet/1"'],
    [
      "notes whose part is missing",
      "xl/worksheets/_rels/sheet1.xml.rels",
      "</Relationships>",
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments9.xml"/></Relationships>',
    ],
  ])("refuses a workbook ExcelJS fails on (%s)", async (_what, part, from, to) => {
    const base = oddWorkbook();
    const bytes = pack({ ...base, [part]: base[part].replace(from, to) });
    expect(leanSnapshot(bytes)).toBeUndefined();
    await expect(excelSnapshot(bytes)).rejects.toThrow();
  });

  it("gives the ExcelJS snapshot of fuzz-mutated workbooks, or refuses them", async () => {
    const seeds = Array.from({ length: 300 }, (_, i) => 7_000_000 + i * 7919);
    let lean = 0;
    for (const seed of seeds) {
      const { workbook, mutations } = await hostileCase(seed);
      const bytes = await saveXlsx(workbook);
      const snapshot = leanSnapshot(bytes);
      if (!snapshot) continue;
      lean++;
      const expected = await excelSnapshot(bytes);
      // The seed and its mutations name a difference.
      expect({ seed, mutations, snapshot }).toStrictEqual({ seed, mutations, snapshot: expected });
    }
    // Nearly all are read the lean way (notes and 10,000 rows of them included).
    expect(lean).toBeGreaterThan(seeds.length * 0.9);
  }, 120_000);
});
