/**
 * Reading a text file a person saved (an input or a framework file): whatever editor saved it. UTF-8 with or
 * without its mark, UTF-16 (Windows Notepad's 「Unicode」), GB 18030 / GBK (older Chinese Windows) are decoded;
 * a folder, an empty file, a workbook or any other binary file is refused in one plain sentence.
 */
import { readFileSync, statSync } from "fs";
import { say } from "../domain/i18n";
import type { Lang } from "../domain/types";
import { FileProblem, osReason } from "./problem";

/** What the file is to the user: 输入文件 / 评分框架文件. */
export interface FileRole {
  zh: string;
  en: string;
}

const ZIP = [0x50, 0x4b];
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (bytes: Buffer, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/**
 * UTF-16 without its mark: UTF-8 text never holds a zero byte, UTF-16 holds one in every ASCII character (the
 * JSON's braces, quotes, digits and keys), on the odd bytes little-endian, on the even ones big-endian.
 * Nothing is guessed for a file without zero bytes.
 */
function utf16Guess(bytes: Buffer): "utf-16le" | "utf-16be" | undefined {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  // A Chinese character may have a zero byte too (一 is 00 4E), on either side: the zeros lean one way.
  if (oddZero > 0 && evenZero * 4 <= oddZero) return "utf-16le";
  if (evenZero > 0 && oddZero * 4 <= evenZero) return "utf-16be";
  return undefined;
}

/** The text in `encoding`, or undefined when some bytes are not of it (a replacement character would stand there). */
function decode(bytes: Buffer, encoding: string): string | undefined {
  try {
    // Not `fatal`: Node's GB 18030 decoder refuses valid text in that mode.
    const text = new TextDecoder(encoding).decode(bytes);
    return text.includes("\uFFFD") ? undefined : text;
  } catch {
    return undefined;
  }
}

/** Control characters no text file holds (tabs, line and page breaks aside): a binary file. */
function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && (c < 0x09 || c > 0x0d)) return true;
  }
  return false;
}

/** The text of a file, decoded; a FileProblem in plain words when it is not a text file one can read. */
export function readTextFile(path: string, role: FileRole, lang: Lang): string {
  const name = say(lang, `${role.zh} ${path}`, `the ${role.en} ${path}`);
  const fail = (zh: string, en: string) =>
    new FileProblem(say(lang, `${name} ${zh}`, `${name} ${en}`));
  let bytes: Buffer;
  try {
    if (statSync(path).isDirectory())
      throw fail("是一个文件夹，请给出文件", "is a folder; give a file");
    bytes = readFileSync(path);
  } catch (err) {
    if (err instanceof FileProblem) throw err;
    const code = err && typeof err === "object" && "code" in err ? err.code : "";
    if (code === "ENOENT")
      throw new FileProblem(say(lang, `找不到${role.zh} ${path}`, `no such ${role.en}: ${path}`));
    const why = osReason(err, lang === "zh");
    throw new FileProblem(
      say(
        lang,
        `无法读取${role.zh} ${path}${why ? `：${why}` : ""}`,
        `cannot read the ${role.en} ${path}${why ? `: ${why}` : ""}`
      )
    );
  }
  if (bytes.length === 0) throw fail("是空文件（0 字节），里面什么也没有", "is empty (0 bytes)");
  if (startsWith(bytes, ZIP) || startsWith(bytes, CFB))
    throw fail(
      "是工作簿或其他二进制文件，不是文本文件（工作簿请用 selfeval recompute 或 audit）",
      "is a workbook or another binary file, not a text file (use selfeval recompute or audit for workbooks)"
    );
  let text: string | undefined;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    text = decode(bytes.subarray(3), "utf-8");
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) text = decode(bytes.subarray(2), "utf-16le");
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = decode(bytes.subarray(2), "utf-16be");
  else {
    const utf16 = utf16Guess(bytes);
    text = utf16
      ? decode(bytes, utf16)
      : (decode(bytes, "utf-8") ?? (bytes.includes(0) ? undefined : decode(bytes, "gb18030")));
  }
  if (text === undefined || hasControlCharacters(text))
    throw fail(
      "不是文本文件，或其编码无法识别；请用记事本打开后另存为 UTF-8 编码",
      "is not a text file, or its encoding is unknown; save it as UTF-8"
    );
  if (text.trim() === "") throw fail("只有空白，里面什么也没有", "holds only white space");
  return text;
}
