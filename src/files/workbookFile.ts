/**
 * Opening whatever file a department sent as a workbook. The file is looked at first (its bytes, not only its
 * name): an .xlsx is read; .xls, .et, .ods, .xlsb and the web-page or XML files some systems export as .xls are
 * converted through LibreOffice when it is installed; everything else — a CSV, a workbook with an opening
 * password, a file cut short or empty, a folder, an Excel lock file, a Word document — is refused in one plain
 * sentence saying what the file is and what to do. The file itself is only ever read.
 */
import { readFileSync, statSync } from "fs";
import { basename, extname } from "path";
import type ExcelJS from "exceljs";
import { say } from "../domain/i18n";
import type { Lang } from "../domain/types";
import { readWorkbook } from "../hosts/xlsx";
import { leanSnapshot } from "../hosts/xlsxSnapshot";
import type { WorkbookSnapshot } from "../workbook/snapshot";
import { compoundFileNames, isCompoundFile } from "./cfb";
import type { Conversions, ImportAs } from "./convert";
import { FileProblem, osReason } from "./problem";
import { ZIP_LIMITS, zipRefusal, type ZipRefusal } from "./zipLimits";

/** A sentence in both languages. */
interface Words {
  zh: string;
  en: string;
}

/** What a file is, as far as opening it as a workbook goes. */
export type Sniffed =
  | { kind: "xlsx" }
  | { kind: "convert"; format: Words; copyExt: string; as: ImportAs }
  | { kind: "refuse"; why: Words };

const SAVE_AS: Words = {
  zh: "请在 Excel 或 WPS 中打开后另存为 .xlsx",
  en: "open it in Excel or WPS and save it as .xlsx",
};

const refuse = (zh: string, en: string): Sniffed => ({ kind: "refuse", why: { zh, en } });

/** An Excel or WPS lock file (`~$名称.xlsx`), or LibreOffice's (`.~lock.名称.xlsx#`). */
export const isLockFile = (path: string): boolean =>
  /^~\$/.test(basename(path)) || /^\.~lock\..*#$/.test(basename(path));

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const ascii = (bytes: Buffer, from: number, to: number) =>
  bytes.subarray(from, Math.min(to, bytes.length)).toString("latin1");

/** Whether the zip's end record is there: a file cut short (a download or copy not finished) lacks it. */
function zipIsComplete(bytes: Buffer): boolean {
  const from = Math.max(0, bytes.length - 65_557);
  return bytes.subarray(from).includes(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
}

/** Looks at a file's bytes (and name) and says what it is. Never throws. */
export function sniffWorkbook(path: string, bytes: Buffer): Sniffed {
  const ext = extname(path).toLowerCase();
  if (isLockFile(path))
    return refuse(
      "是 Excel 或 WPS 打开工作簿时留下的临时锁定文件（~$ 开头），不是工作簿；请选择不带 ~$ 的原文件",
      "is the lock file Excel or WPS leaves while a workbook is open (~$…), not a workbook; use the file without ~$"
    );
  if (/^(\.DS_Store|Thumbs\.db|desktop\.ini)$/i.test(basename(path)))
    return refuse(
      "是操作系统自动生成的文件，不是工作簿",
      "is a file the operating system makes, not a workbook"
    );
  if (bytes.length === 0)
    return refuse(
      "是空文件（0 字节），可能没有保存或传送完整；请重新获取该文件",
      "is empty (0 bytes): it may not have been saved or sent completely; get the file again"
    );
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    if (!zipIsComplete(bytes))
      return refuse(
        "不完整（文件末尾缺失，可能没有下载或复制完整）；请重新获取该文件",
        "is incomplete (its end is missing: the download or copy may not have finished); get the file again"
      );
    const head = ascii(bytes, 0, 200);
    if (head.includes("application/vnd.oasis.opendocument.spreadsheet"))
      return {
        kind: "convert",
        format: {
          zh: "开放文档格式的表格（OpenDocument，.ods）",
          en: "an OpenDocument spreadsheet (.ods)",
        },
        copyExt: ".ods",
        as: "detect",
      };
    if (head.includes("application/vnd.oasis.opendocument"))
      return refuse("是 OpenDocument 文档，不是表格", "is an OpenDocument file, not a spreadsheet");
    if (bytes.includes("xl/workbook.xml")) return { kind: "xlsx" };
    if (bytes.includes("xl/workbook.bin"))
      return {
        kind: "convert",
        format: {
          zh: "二进制格式的 Excel 工作簿（.xlsb）",
          en: "an Excel binary workbook (.xlsb)",
        },
        copyExt: ".xlsb",
        as: "detect",
      };
    if (bytes.includes("word/document.xml"))
      return refuse("是 Word 文档，不是工作簿", "is a Word document, not a workbook");
    if (bytes.includes("ppt/presentation.xml"))
      return refuse("是 PowerPoint 演示文稿，不是工作簿", "is a PowerPoint file, not a workbook");
    return refuse(
      "是压缩文件，不是 Excel 工作簿；如果里面是工作簿，请先解压",
      "is a zip archive, not a workbook; unzip it first if it holds workbooks"
    );
  }
  if (CFB_MAGIC.every((b, i) => bytes[i] === b)) {
    const names = isCompoundFile(bytes) ? compoundFileNames(bytes) : undefined;
    if (!names)
      return refuse(
        "已损坏或不完整，无法读取；请重新获取该文件",
        "is damaged or incomplete; get the file again"
      );
    if (names.includes("EncryptedPackage"))
      return refuse(
        "设置了打开密码（已加密），无法读取；请在 Excel 或 WPS 中打开它，取消密码后另存为 .xlsx",
        "is protected by a password (encrypted); open it in Excel or WPS, remove the password and save it as .xlsx"
      );
    if (names.includes("Workbook") || names.includes("Book"))
      return {
        kind: "convert",
        format:
          ext === ".et" || ext === ".ett"
            ? { zh: "WPS 表格（.et）", en: "a WPS spreadsheet (.et)" }
            : { zh: "旧版 Excel 工作簿（.xls）", en: "an old Excel workbook (.xls)" },
        copyExt: ".xls",
        as: "detect",
      };
    if (names.includes("WordDocument"))
      return refuse("是 Word 文档，不是工作簿", "is a Word document, not a workbook");
    return refuse("是 Office 文件，但不是工作簿", "is an Office file, but not a workbook");
  }
  if (ascii(bytes, 0, 5) === "%PDF-")
    return refuse("是 PDF 文件，不是工作簿", "is a PDF file, not a workbook");
  // Text: a web page or an Excel 2003 XML file saved as .xls (systems export them), or a CSV.
  const start = bytes
    .subarray(0, 4096)
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .trimStart();
  if (!bytes.subarray(0, 4096).includes(0) && start.startsWith("<")) {
    if (/urn:schemas-microsoft-com:office:spreadsheet/.test(start) || /<Workbook[\s>]/.test(start))
      return {
        kind: "convert",
        format: {
          zh: "旧版 Excel 的 XML 表格（Excel 2003 XML）",
          en: "an Excel 2003 XML spreadsheet",
        },
        copyExt: ".xml",
        as: "xml2003",
      };
    if (/<(html|table|meta|!doctype html)/i.test(start))
      return {
        kind: "convert",
        format: {
          zh: "网页格式的表格（常见于系统导出的 .xls）",
          en: "a web page table (as systems export .xls)",
        },
        copyExt: ".html",
        as: "html",
      };
  }
  if (ext === ".csv" || ext === ".tsv" || ext === ".txt" || !bytes.subarray(0, 4096).includes(0))
    return refuse(
      `是${ext === ".csv" ? " CSV " : ""}文本文件，只有数据，没有评分表的格式；${SAVE_AS.zh}`,
      `is a ${ext === ".csv" ? "CSV " : ""}text file: data only, no score sheet; ${SAVE_AS.en}`
    );
  return /^\.(xlsx|xlsm|xls|et|ods|xlsb)$/.test(ext)
    ? refuse(
        "已损坏，或并不是工作簿（内容无法识别）；请重新获取该文件",
        "is damaged, or not a workbook at all (its content is unknown); get the file again"
      )
    : refuse(
        "不是 Excel 工作簿，无法识别其格式",
        "is not an Excel workbook; its format is unknown"
      );
}

/** A workbook read only for its snapshot (`openWorkbookSnapshot`). */
export interface OpenedSnapshot {
  snapshot: WorkbookSnapshot;
  /** The format the file was converted from, in words, when it was not an .xlsx ExcelJS could read. */
  convertedFrom?: Words;
}

export interface OpenedWorkbook extends OpenedSnapshot {
  workbook: ExcelJS.Workbook;
}

/** Reads an .xlsx (its bytes, when already read) into what the command needs; throws when it cannot. */
type Reader<T> = (path: string, bytes?: Buffer) => Promise<T>;

/** The ExcelJS workbook and its snapshot: for the commands that write. */
const readFull: Reader<OpenedWorkbook> = (path) => readWorkbook(path);

/**
 * The snapshot alone: by the lean reader (hosts/xlsxSnapshot.ts), else — a file it does not read the same way for
 * sure — by ExcelJS, as readFull. Either way the same snapshot, and the same failure for a file ExcelJS cannot read.
 */
const readSnapshotOnly: Reader<OpenedSnapshot> = async (path, bytes) => {
  const lean = leanSnapshot(bytes ?? readFileSync(path));
  return { snapshot: lean ?? (await readWorkbook(path)).snapshot };
};

const MB = 1024 * 1024;

/** Why a zip is not inflated (zipLimits.ts), in words; the part's name is of no use to the user. */
function bombWords(refusal: ZipRefusal): Words {
  const tail = {
    zh: "可能是损坏或恶意构造的文件，为免耗尽内存已拒绝读取；请确认文件来源后重新获取",
    en: "it may be damaged or built to exhaust memory, so it was not read; check where it came from and get it again",
  };
  switch (refusal.why) {
    case "entries":
      return {
        zh: `含有 ${refusal.count} 个压缩部件，远超工作簿所需（上限 ${ZIP_LIMITS.entries} 个），${tail.zh}`,
        en: `holds ${refusal.count} packed parts, far more than a workbook needs (at most ${ZIP_LIMITS.entries}): ${tail.en}`,
      };
    case "inflates":
      return {
        zh: `解压后的内容比它声明的大小更大，${tail.zh}`,
        en: `expands beyond the sizes it declares: ${tail.en}`,
      };
    case "ratio":
      return {
        zh: `的压缩比异常（解压后超过压缩前的 ${ZIP_LIMITS.ratio} 倍），${tail.zh}`,
        en: `is packed beyond any workbook (more than ${ZIP_LIMITS.ratio} times): ${tail.en}`,
      };
    default: {
      const limit = refusal.why === "part" ? ZIP_LIMITS.part : ZIP_LIMITS.total;
      return {
        zh: `解压后的内容过于庞大（超过 ${limit / MB} MB 的上限），${tail.zh}`,
        en: `would expand beyond ${limit / MB} MB: ${tail.en}`,
      };
    }
  }
}

/** `path` in a sentence: 「x.xls 是…」. */
const sentence = (path: string, why: Words, lang: Lang) =>
  say(lang, `${path} ${why.zh}`, `${path} ${why.en}`);

/**
 * Opens a file as a workbook, converting it when it must be and can be. A FileProblem says, in one sentence
 * naming the file, why it cannot be used; `conversions` is the command's (its temporary folder outlives this
 * call: the workbook read from it is used after).
 */
export function openWorkbookFile(
  path: string,
  lang: Lang,
  conversions: Conversions
): Promise<OpenedWorkbook> {
  return openWith(path, lang, conversions, readFull);
}

/**
 * As openWorkbookFile, for a command that only reads (`audit`): the snapshot, without ExcelJS's model of the
 * workbook to write back. The same checks, refusals and conversions; the same snapshot.
 */
export function openWorkbookSnapshot(
  path: string,
  lang: Lang,
  conversions: Conversions
): Promise<OpenedSnapshot> {
  return openWith(path, lang, conversions, readSnapshotOnly);
}

async function openWith<T extends OpenedSnapshot>(
  path: string,
  lang: Lang,
  conversions: Conversions,
  read: Reader<T>
): Promise<T> {
  let bytes: Buffer;
  try {
    if (statSync(path).isDirectory())
      throw new FileProblem(
        sentence(
          path,
          { zh: "是文件夹，不是工作簿文件", en: "is a folder, not a workbook file" },
          lang
        )
      );
    bytes = readFileSync(path);
  } catch (err) {
    if (err instanceof FileProblem) throw err;
    const code = err && typeof err === "object" && "code" in err ? err.code : "";
    if (code === "ENOENT")
      throw new FileProblem(say(lang, `找不到文件 ${path}`, `no such file: ${path}`));
    const why = osReason(err, lang === "zh");
    throw new FileProblem(
      say(
        lang,
        `无法读取 ${path}${why ? `：${why}` : ""}`,
        `cannot read ${path}${why ? `: ${why}` : ""}`
      )
    );
  }
  const sniffed = sniffWorkbook(path, bytes);
  if (sniffed.kind === "refuse") throw new FileProblem(sentence(path, sniffed.why, lang));
  // A zip (.xlsx, .ods, .xlsb) whose parts would expand beyond any workbook is refused before it is inflated.
  const refusal = bytes[0] === 0x50 && bytes[1] === 0x4b ? zipRefusal(bytes) : undefined;
  if (refusal) throw new FileProblem(sentence(path, bombWords(refusal), lang));
  if (sniffed.kind === "xlsx") {
    try {
      return await read(path, bytes);
    } catch {
      // Some valid workbooks ExcelJS cannot read (Strict Open XML, parts it does not know): LibreOffice may.
      const converted = await conversions.toXlsx(path, "workbook.xlsx");
      if (converted) {
        const opened = await readConverted(converted, path, lang, read);
        return {
          ...opened,
          convertedFrom: {
            zh: "无法直接读取的 .xlsx 工作簿（已由 LibreOffice 修复）",
            en: ".xlsx (repaired by LibreOffice)",
          },
        };
      }
      throw new FileProblem(
        sentence(
          path,
          {
            zh: "已损坏，无法读取其中的内容；请在 Excel 或 WPS 中打开它（会提示修复），再另存为 .xlsx",
            en: "is damaged and cannot be read; open it in Excel or WPS (which offers to repair it) and save it as .xlsx",
          },
          lang
        )
      );
    }
  }
  if (!conversions.available)
    throw new FileProblem(
      say(
        lang,
        `${path} 是${sniffed.format.zh}，本机没有安装 LibreOffice，无法自动转换；${SAVE_AS.zh}`,
        `${path} is ${sniffed.format.en}; LibreOffice is not installed to convert it: ${SAVE_AS.en}`
      )
    );
  const converted = await conversions.toXlsx(path, `workbook${sniffed.copyExt}`, sniffed.as);
  if (!converted)
    throw new FileProblem(
      say(
        lang,
        `${path} 是${sniffed.format.zh}，但 LibreOffice 无法转换它（文件可能已损坏或设置了密码）；${SAVE_AS.zh}`,
        `${path} is ${sniffed.format.en}, but LibreOffice could not convert it (damaged, or protected by a password?); ${SAVE_AS.en}`
      )
    );
  return { ...(await readConverted(converted, path, lang, read)), convertedFrom: sniffed.format };
}

async function readConverted<T>(converted: string, path: string, lang: Lang, read: Reader<T>) {
  try {
    return await read(converted);
  } catch {
    throw new FileProblem(
      say(
        lang,
        `${path} 转换为 .xlsx 后仍无法读取；${SAVE_AS.zh}`,
        `${path} could not be read even after converting it to .xlsx; ${SAVE_AS.en}`
      )
    );
  }
}
