import {
  Button,
  Divider,
  FluentProvider,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Caption1,
  Title3,
  makeStyles,
  tokens,
  webDarkTheme,
  webLightTheme,
} from "@fluentui/react-components";
import * as React from "react";
import { DEFAULT_PRESET, loadPreset, PRESET_INDEX, type FrameworkEntry } from "../../domain/frameworks/presetIndex";
import { localize } from "../../domain/i18n";
import type { Framework, Lang } from "../../domain/types";
import type { WorkbookStatus } from "../../workbook/inspect";
import { placeholdersOf } from "../../report/document";
import { canWriteDocuments, saveBlob } from "../download";
import type { ReportBasics, Step, WorkbookOperations } from "../operations";
import { STRINGS } from "../strings";
import { FrameworkPicker } from "./FrameworkPicker";
import { ReportBasicsForm } from "./ReportBasicsForm";
import { Results } from "./Results";
import { StatusCard } from "./StatusCard";

const useStyles = makeStyles({
  root: { minHeight: "100vh", boxSizing: "border-box", padding: tokens.spacingHorizontalM, display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  header: { display: "flex", justifyContent: "space-between", alignItems: "center" },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

export interface AppProps {
  operations: WorkbookOperations;
  /** The frameworks offered in the picker (the presets by default, by id and name: each is loaded when needed). */
  frameworks?: readonly (FrameworkEntry | Framework)[];
  initialLang?: Lang;
  dark?: boolean;
}

/** A message, and what this Excel left out (drop-down lists on an older Excel …), shown as captions under it. */
type Notice = { intent: "success" | "error" | "info"; title?: string; text: string; skipped?: string[] };

/** The task pane: status, 插入标准模板, 重新计算, results, 撤销上次计算. */
export function App({ operations, frameworks = PRESET_INDEX, initialLang = "zh", dark = false }: AppProps) {
  const styles = useStyles();
  const [lang, setLang] = React.useState<Lang>(initialLang);
  const strings = STRINGS[lang];
  const [status, setStatus] = React.useState<WorkbookStatus>();
  const [step, setStep] = React.useState<Step>();
  const [notice, setNotice] = React.useState<Notice>();
  /** The user's pick, by id; undefined: the workbook's own framework (saved in it, else told by its indicator names). */
  const [chosenId, setChosenId] = React.useState<string>();
  const [loaded, setLoaded] = React.useState<Framework[]>([]);
  /** The pick in full: a framework file loaded, one given in full, else the preset (loaded on first use). */
  const chosenFramework = React.useCallback(async (): Promise<Framework | undefined> => {
    if (chosenId === undefined) return undefined;
    const given = [...loaded, ...frameworks].find((f): f is Framework => f.id === chosenId && "indicators" in f);
    return given ?? (await loadPreset(chosenId));
  }, [chosenId, loaded, frameworks]);

  // A re-read that ends after the pane is gone (closed, or a test torn down) changes nothing.
  const mounted = React.useRef(true);
  React.useEffect(
    () => () => {
      mounted.current = false;
    },
    []
  );
  const refresh = React.useCallback(async () => {
    try {
      const next = await operations.inspect(await chosenFramework());
      if (mounted.current) setStatus(next);
    } catch (err) {
      if (mounted.current) setNotice({ intent: "error", title: STRINGS[lang].failed, text: err instanceof Error ? err.message : String(err) });
    }
  }, [operations, lang, chosenFramework]);

  /** A framework file from disk: validated, then chosen; its mistakes listed with their paths. */
  const loadFile = async (text: string, fileName: string) => {
    // The checker comes with the presets, loaded when first needed.
    const { loadUserFramework } = await import(/* webpackChunkName: "presets" */ "../../domain/frameworks");
    const result = loadUserFramework(text, lang);
    if (!result.ok) {
      setNotice({ intent: "error", title: strings.frameworkFileBroken(fileName), text: result.errors.map((e) => `${e.path} ${e.message}`).join("；") });
      return;
    }
    setLoaded((list) => [...list.filter((f) => f.id !== result.framework.id), result.framework]);
    setChosenId(result.framework.id);
    setNotice({ intent: "success", text: strings.frameworkLoaded(localize(result.framework.name, lang)) });
  };
  /** The framework a new template is laid out for: the pick, else the one the workbook would be scored under. */
  const templateFramework = async (): Promise<Framework> =>
    (await chosenFramework()) ?? status?.choice?.framework ?? (await loadPreset(DEFAULT_PRESET))!;

  // Re-read when the language or the framework changes …
  React.useEffect(() => {
    void refresh();
  }, [refresh]);
  // … and when the workbook changes: one subscription for the pane's life (in Excel, one change handler), calling
  // the latest refresh. Subscribing again at every language or framework change left a handler behind each time.
  const latestRefresh = React.useRef(refresh);
  React.useLayoutEffect(() => {
    latestRefresh.current = refresh;
  }, [refresh]);
  React.useEffect(() => operations.onChanged?.(() => void latestRefresh.current()), [operations]);

  /** Runs one action with its progress shown; a failure becomes a message, never an exception. */
  const run = async (
    action: () => Promise<string | { text: string; skipped?: string[]; intent?: Notice["intent"] }>
  ) => {
    setNotice(undefined);
    setStep("reading");
    try {
      const done = await action();
      const { text, skipped, intent } = typeof done === "string" ? { text: done, skipped: undefined, intent: undefined } : done;
      setNotice({ intent: intent ?? "success", text, ...(skipped?.length ? { skipped } : {}) });
    } catch (err) {
      setNotice({ intent: "error", title: strings.failed, text: err instanceof Error ? err.message : String(err) });
    } finally {
      setStep(undefined);
      await refresh();
    }
  };

  /** What the report's title still lacks, while the pane asks for it. */
  const [reportAsk, setReportAsk] = React.useState<(keyof ReportBasics)[]>();
  /**
   * 生成自评报告: drafted from a read-only recompute, written as .docx by the renderer (a chunk of its own, loaded
   * now), downloaded where the host allows it. A department or year the workbook lacks is asked for first.
   */
  const draftReport = (given?: ReportBasics) =>
    run(async () => {
      const draft = await operations.draftReport(await chosenFramework(), given);
      if (draft.missing.length && given === undefined) {
        setReportAsk(draft.missing);
        return { text: strings.reportAsk, intent: "info" as const };
      }
      setReportAsk(undefined);
      let blob: Blob;
      try {
        if (!canWriteDocuments()) throw new Error("no Word writer here");
        const { renderDocxBlob } = await import(/* webpackChunkName: "report" */ "../../report/docx");
        blob = await renderDocxBlob(draft.document);
      } catch {
        // An old webview the Word writer cannot run in (no TextEncoder …): said plainly, with another way.
        throw new Error(strings.reportCannotWrite);
      }
      return saveBlob(blob, draft.fileName) === "started"
        ? strings.reportSaved(draft.fileName, placeholdersOf(draft.document).length)
        : { text: strings.reportBlocked(draft.fileName), intent: "info" as const };
    });

  const select = (cell: string) => {
    void operations.selectCell(cell).catch((err) => setNotice({ intent: "error", text: err instanceof Error ? err.message : String(err) }));
  };
  const busy = step !== undefined;

  return (
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme} lang={lang === "zh" ? "zh-CN" : "en"}>
      <main className={styles.root} aria-busy={busy}>
        <header className={styles.header}>
          <Title3 as="h1">{strings.title}</Title3>
          <Button appearance="subtle" size="small" onClick={() => setLang(lang === "zh" ? "en" : "zh")} aria-label={strings.languageLabel}>
            {strings.language}
          </Button>
        </header>
        <FrameworkPicker
          frameworks={[...frameworks, ...loaded.filter((f) => !frameworks.some((p) => p.id === f.id))]}
          chosen={[...loaded, ...frameworks].find((f) => f.id === chosenId)}
          choice={status?.choice}
          lang={lang}
          strings={strings}
          disabled={busy}
          onChoose={setChosenId}
          onLoadFile={(text, fileName) => void loadFile(text, fileName)}
        />
        {status && <StatusCard status={status} strings={strings} onSelect={select} />}
        <div className={styles.actions} role="group" aria-label={strings.title}>
          <Button
            appearance="primary"
            disabled={busy}
            onClick={() =>
              run(async () => {
                const done = await operations.recompute(await chosenFramework(), setStep);
                return { text: strings.recomputed(done.changedCells), skipped: done.skipped };
              })
            }
          >
            {strings.recompute}
          </Button>
          <Button
            disabled={busy}
            onClick={() =>
              run(async () => {
                const done = await operations.insertTemplate(await templateFramework());
                return { text: strings.inserted(done.sheets.join("、")), skipped: done.skipped };
              })
            }
          >
            {strings.insertTemplate}
          </Button>
          <Button disabled={busy || !status?.canUndo} onClick={() => run(async () => strings.undone((await operations.undo()).restored))}>
            {strings.undo}
          </Button>
          <Button disabled={busy || !status?.report} onClick={() => void draftReport()}>
            {strings.report}
          </Button>
        </div>
        {reportAsk && <ReportBasicsForm missing={reportAsk} strings={strings} disabled={busy} onSubmit={(given) => void draftReport(given)} />}
        {busy && (
          <div role="status" aria-live="polite">
            <ProgressBar aria-label={strings.working[step]} />
            <Caption1>{strings.working[step]}</Caption1>
          </div>
        )}
        {notice && (
          <MessageBar intent={notice.intent} role={notice.intent === "error" ? "alert" : "status"}>
            <MessageBarBody>
              {notice.title && <MessageBarTitle>{notice.title}</MessageBarTitle>}
              {notice.text}
            </MessageBarBody>
          </MessageBar>
        )}
        {notice?.skipped && (
          <div data-testid="skipped">
            {notice.skipped.map((line) => (
              <Caption1 block key={line}>
                {line}
              </Caption1>
            ))}
          </div>
        )}
        {status?.report && (
          <>
            <Divider />
            <Results report={status.report} selfTotal={status.selfTotal} strings={strings} onSelect={select} />
          </>
        )}
      </main>
    </FluentProvider>
  );
}
