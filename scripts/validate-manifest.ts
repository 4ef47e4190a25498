/**
 * `npm run validate`: a manifest checked offline (Microsoft's XSDs with xmllint, plus every resid, https URL and
 * icon size), then with `office-addin-manifest validate`, which asks a Microsoft web service — skipped with a note
 * where there is no network.
 *
 *   tsx scripts/validate-manifest.ts                      manifest.xml (development), offline and online
 *   tsx scripts/validate-manifest.ts --offline FILE…      the given manifests, offline only
 *   tsx scripts/validate-manifest.ts --offline --built    dist/manifest.prod.xml if the build wrote one (npm run build)
 *
 * Any manifest but the checked-in manifest.xml is a production one: checked against the folder it sits in (the built
 * dist/, its icons under assets/), it must name no localhost, keep every URL under the folder its task pane is
 * served from and have that origin as its AppDomain.
 */
import { spawnSync } from "child_process";
import { existsSync, readFileSync } from "fs";
import { dirname, join, relative, resolve } from "path";
import { DEV_URL, productionManifestProblems, serveUrl, ServeUrlError } from "./addin-build";
import { manifestProblems, xsdErrors } from "../test/support/manifest";

const root = join(__dirname, "..");
const args = process.argv.slice(2);
const offline = args.includes("--offline");
const built = args.includes("--built");
let files = args.filter((a) => !a.startsWith("--"));
if (built) {
  const prod = join(root, "dist", "manifest.prod.xml");
  if (!existsSync(prod)) {
    process.stdout.write("· 没有 dist/manifest.prod.xml（未设置 SELFEVAL_URL），不校验生产清单\n");
    process.exit(0);
  }
  files = [prod];
} else if (!files.length) files = [join(root, "manifest.xml")];

let failed = false;
const fail = (text: string) => {
  failed = true;
  process.stderr.write(text);
};

for (const file of files) {
  const name = relative(process.cwd(), file) || file;
  const xsd = xsdErrors(file);
  if (xsd?.startsWith("xmllint not found"))
    // A Windows server building the add-in rarely has libxml2: the other checks still run.
    process.stdout.write(
      `· 跳过 ${name} 的 XSD 校验：没有 xmllint（Debian/Ubuntu：apt-get install libxml2-utils）\n`
    );
  else if (xsd) fail(`${name} 未通过 XSD 校验：\n${xsd}\n`);
  else process.stdout.write(`✓ ${name} 通过 XSD 校验（离线）\n`);

  const xml = readFileSync(file, "utf8");
  // The checked-in manifest.xml points at the development server; any other is a production manifest, checked
  // against the folder it sits in (the built dist/) and the folder its task pane is served from.
  const production = resolve(file) !== resolve(root, "manifest.xml");
  const source = /<SourceLocation DefaultValue="([^"]+)"/.exec(xml)?.[1] ?? DEV_URL;
  const base = production ? source.replace(/[^/]*$/, "") : DEV_URL;
  const problems = manifestProblems(xml, production ? dirname(file) : root, base);
  let serveProblems: string[] = [];
  if (production) {
    try {
      const serve = serveUrl(base);
      serveProblems = serve ? productionManifestProblems(xml, serve) : ["no SourceLocation"];
    } catch (error) {
      serveProblems = [
        `the task pane is served from ${base}: ${error instanceof ServeUrlError ? error.message : String(error)}`,
      ];
    }
  }
  const all = { ...problems, ...(production ? { production: serveProblems } : {}) };
  for (const [kind, list] of Object.entries(all))
    for (const p of list) fail(`✗ ${name} ${kind}: ${p}\n`);
  if (!Object.values(all).some((l) => l.length))
    process.stdout.write(
      `✓ ${name}：resid 均已定义，URL 均为 https，图标尺寸正确` +
        (production ? `，所有地址都在 ${base} 之下，AppDomain 为 ${new URL(base).origin}` : "") +
        "\n"
    );

  if (offline) continue;
  const online = spawnSync("npx", ["--no-install", "office-addin-manifest", "validate", file], {
    encoding: "utf8",
    timeout: 60_000,
  });
  const output = `${online.stdout ?? ""}${online.stderr ?? ""}`;
  if (online.status === 0) process.stdout.write(`✓ ${name}：office-addin-manifest validate 通过\n`);
  else if (
    /ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|network|fetch failed|getaddrinfo/i.test(output) ||
    online.error
  ) {
    process.stdout.write("· 跳过在线校验（office-addin-manifest validate 需要网络）\n");
  } else fail(`${name}：office-addin-manifest validate 未通过：\n${output}\n`);
}
process.exitCode = failed ? 1 : 0;
