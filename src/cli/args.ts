/** A parsed command line: the command, its positional arguments and its --options. */
export interface ParsedArgs {
  command?: string;
  positionals: string[];
  options: Record<string, string | true>;
}

/** Options that take a value; every other `--flag` is a switch. */
const VALUE_OPTIONS = new Set(["input", "framework", "lang", "o", "output"]);

export class UsageError extends Error {}

export function parseArgs(argv: string[]): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], options: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = /^--?([A-Za-z][\w-]*)(?:=(.*))?$/.exec(arg);
    if (!match) {
      if (parsed.command === undefined) parsed.command = arg;
      else parsed.positionals.push(arg);
      continue;
    }
    const [, name, inline] = match;
    if (VALUE_OPTIONS.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith("--")) throw new UsageError(`--${name}`);
      parsed.options[name] = value;
    } else {
      parsed.options[name] = inline ?? true;
    }
  }
  return parsed;
}
