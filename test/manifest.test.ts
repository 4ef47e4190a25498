import { readFileSync, writeFileSync, mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { manifestProblems, xsdErrors } from "./support/manifest";

const ROOT = join(__dirname, "..");
const MANIFEST = join(ROOT, "manifest.xml");
const xml = readFileSync(MANIFEST, "utf8");

describe("manifest.xml", () => {
  it("validates offline against Microsoft's add-in manifest XSDs", () => {
    expect(xsdErrors(MANIFEST)).toBeUndefined();
  });

  it("the XSD check can fail: a misspelt element is rejected", () => {
    const broken = join(mkdtempSync(join(tmpdir(), "manifest-")), "manifest.xml");
    writeFileSync(
      broken,
      xml.replace("<ProviderName>", "<ProviderNam>").replace("</ProviderName>", "</ProviderNam>")
    );
    expect(xsdErrors(broken)).toContain("ProviderNam");
  });

  it("has every resid defined, every URL https, every icon at its declared size", () => {
    expect(manifestProblems(xml, ROOT)).toEqual({ unresolved: [], notHttps: [], icons: [] });
  });

  it("the project's checks can fail: an undefined resid, an http URL, a wrong-size icon", () => {
    const bad = xml
      .replace('resid="SelfEval.Recompute.Tooltip"', 'resid="SelfEval.Nope"')
      .replace("https://localhost:3000/commands.html", "http://localhost:3000/commands.html")
      .replace('size="80" resid="SelfEval.Icon.80"', 'size="80" resid="SelfEval.Icon.32"');
    const problems = manifestProblems(bad, ROOT);
    expect(problems.unresolved).toEqual(["SelfEval.Nope"]);
    expect(problems.notHttps).toEqual(["http://localhost:3000/commands.html"]);
    expect(problems.icons.join()).toContain("is 32×32, declared 80");
  });

  it("asks for ReadWriteDocument and nothing more, on Excel only", () => {
    expect([...xml.matchAll(/<Permissions>([^<]+)<\/Permissions>/g)].map((m) => m[1])).toEqual([
      "ReadWriteDocument",
    ]);
    expect([...xml.matchAll(/<Host Name="([^"]+)"\/>/g)].map((m) => m[1])).toEqual(["Workbook"]);
  });

  it("asks for Excel 2019 or newer (ExcelApi 1.7) in both places it states requirements, and for nothing newer", () => {
    // Volume-licensed Office 2019 stops at ExcelApi 1.7; data validation (1.8) is used only where Excel has it.
    const sets = [...xml.matchAll(/<(?:bt:)?Set Name="([^"]+)" MinVersion="([^"]+)"\/>/g)].map(
      (m) => `${m[1]} ${m[2]}`
    );
    expect(sets).toEqual(["ExcelApi 1.7", "ExcelApi 1.7"]);
    const overrides = xml.slice(xml.indexOf("<VersionOverrides"));
    expect(overrides).toMatch(
      /<Requirements>\s*<bt:Sets DefaultMinVersion="1.1">\s*<bt:Set Name="ExcelApi" MinVersion="1.7"\/>/
    );
    expect(xml.slice(0, xml.indexOf("<VersionOverrides"))).toMatch(
      /<Requirements>\s*<Sets DefaultMinVersion="1.1">\s*<Set Name="ExcelApi" MinVersion="1.7"\/>/
    );
  });

  it("the 1.7 manifest validates against the XSDs as written (a requirement set the schema rejects fails)", () => {
    const broken = join(mkdtempSync(join(tmpdir(), "manifest-")), "manifest.xml");
    writeFileSync(
      broken,
      xml.replace(
        '<Set Name="ExcelApi" MinVersion="1.7"/>',
        '<Set Name="ExcelApi" MinVersion="one"/>'
      )
    );
    expect(xsdErrors(broken)).toContain("MinVersion");
  });

  it("puts a 绩效自评 group on the Home tab with 重新计算 (a function) and 绩效自评助手 (the pane), in Chinese with English overrides", () => {
    expect(xml).toMatch(/<OfficeTab id="TabHome">\s*<Group id="SelfEval.Group">/);
    expect(xml).toMatch(
      /<bt:String id="SelfEval.Group.Label" DefaultValue="绩效自评">\s*<bt:Override Locale="en-US" Value="Self-evaluation"\/>/
    );
    expect(xml).toMatch(/<bt:String id="SelfEval.Recompute.Label" DefaultValue="重新计算">/);
    expect(xml).toMatch(
      /<Action xsi:type="ExecuteFunction">\s*<FunctionName>recompute<\/FunctionName>/
    );
    expect(xml).toMatch(/<Action xsi:type="ShowTaskpane">/);
    expect(xml).toContain("<DefaultLocale>zh-CN</DefaultLocale>");
  });
});
