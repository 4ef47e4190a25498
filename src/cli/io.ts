/** Where the command line writes: injectable so tests run it in-process. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** A progress line (redrawn in place); only on a terminal. */
  progress?(text: string): void;
}

export const processIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  ...(process.stderr.isTTY ? { progress: (text: string) => process.stderr.write(text) } : {}),
};

/** A failure to report in plain words with an exit code (2: usage or unreadable file). */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number
  ) {
    super(message);
  }
}
