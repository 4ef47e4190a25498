/**
 * `npm run validate`: the manifest checked offline (Microsoft's XSDs with xmllint, plus every resid, https URL
 * and icon size), then with `office-addin-manifest validate`, which asks a Microsoft web service — skipped with
 * a note where there is no network.
 */
import { spawnSync } from "child_process";
import { readFileSync } from "fs";
import { join } from "path";
import { manifestProblems, xsdErrors } from "../test/support/manifest";

const root = join(__dirname, "..");
const manifest = join(root, "manifest.xml");
let failed = false;

const xsd = xsdErrors(manifest);
if (xsd) {
  failed = true;
  process.stderr.write(`manifest.xml 未通过 XSD 校验：\n${xsd}\n`);
} else process.stdout.write("✓ manifest.xml 通过 XSD 校验（离线）\n");

const problems = manifestProblems(readFileSync(manifest, "utf8"), root);
for (const [kind, list] of Object.entries(problems)) {
  for (const p of list) {
    failed = true;
    process.stderr.write(`✗ ${kind}: ${p}\n`);
  }
}
if (!Object.values(problems).some((l) => l.length))
  process.stdout.write("✓ resid 均已定义，URL 均为 https，图标尺寸正确\n");

const online = spawnSync("npx", ["--no-install", "office-addin-manifest", "validate", manifest], {
  encoding: "utf8",
  timeout: 60_000,
});
const output = `${online.stdout ?? ""}${online.stderr ?? ""}`;
if (online.status === 0) process.stdout.write("✓ office-addin-manifest validate 通过\n");
else if (
  /ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|network|fetch failed|getaddrinfo/i.test(output) ||
  online.error
) {
  process.stdout.write("· 跳过在线校验（office-addin-manifest validate 需要网络）\n");
} else {
  failed = true;
  process.stderr.write(`office-addin-manifest validate 未通过：\n${output}\n`);
}
process.exitCode = failed ? 1 : 0;
