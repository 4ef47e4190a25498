/** A file that cannot be used, said in one plain sentence (the command line exits 2 on it). */
export class FileProblem extends Error {}

/** A text quoted in a message: at most `max` characters, the rest cut with 「…」. */
export function clip(text: string, max = 40): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max).join("")}…` : text;
}

/** What an operating-system error code means, in plain words (never the code itself). */
export function osReason(err: unknown, zh: boolean): string | undefined {
  const code = err && typeof err === "object" && "code" in err ? String(err.code) : "";
  const words: Record<string, [string, string]> = {
    ENOENT: ["找不到该文件或文件夹", "no such file or folder"],
    EACCES: ["没有访问权限", "permission denied"],
    EPERM: [
      "没有访问权限，或文件正被其他程序（如 Excel、WPS）打开",
      "permission denied, or the file is open in another program (Excel, WPS)",
    ],
    EBUSY: [
      "文件正被其他程序（如 Excel、WPS）打开，请先关闭它",
      "the file is open in another program (Excel, WPS); close it first",
    ],
    EISDIR: ["这是一个文件夹，不是文件", "it is a folder, not a file"],
    ENOTDIR: ["路径中的某一级不是文件夹", "part of the path is not a folder"],
    ENOSPC: ["磁盘空间不足", "the disk is full"],
    EROFS: ["磁盘是只读的", "the disk is read-only"],
    EMFILE: ["同时打开的文件太多", "too many open files"],
    ENAMETOOLONG: ["文件名太长", "the file name is too long"],
  };
  const w = words[code];
  return w ? (zh ? w[0] : w[1]) : undefined;
}
