/** Every file under a folder, to show a command changed none of them (or which). */
import { createHash } from "crypto";
import { readFileSync, readdirSync, statSync } from "fs";
import { join, relative } from "path";

/** Every file under a folder with its content hash, size and modification time. */
export function fingerprints(folder: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else
        out.set(
          relative(folder, path),
          `${createHash("sha256").update(readFileSync(path)).digest("hex")} ${stat.size} ${stat.mtimeMs}`
        );
    }
  };
  walk(folder);
  return out;
}
