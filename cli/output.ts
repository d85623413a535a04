import Table from "cli-table3";

// What the CLI prints: tables for people, JSON (--json) for scripts, problems on stderr.

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY: boolean;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  isTTY: Boolean(process.stderr.isTTY),
};

export function table(head: string[], rows: (string | number | null | undefined)[][]): string {
  const t = new Table({ head, style: { head: [], border: [] } });
  for (const row of rows) t.push(row.map((c) => (c === null || c === undefined ? "" : String(c))));
  return t.toString();
}

/** Thrown to end a command with a message and an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

interface ProblemLike {
  status?: number;
  title?: string;
  detail?: string;
  errors?: Record<string, string[]>;
}

/** A problem-details answer as lines a person reads. */
export function problemText(problem: unknown, status: number): string {
  const p = (problem ?? {}) as ProblemLike;
  const lines = [`${p.detail ?? p.title ?? "The request failed"} (HTTP ${p.status ?? status})`];
  for (const [field, messages] of Object.entries(p.errors ?? {})) lines.push(`  ${field}: ${messages.join("; ")}`);
  return lines.join("\n");
}

/** The data of a successful answer, or a CliError with the problem's detail and field errors. */
export function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined || !result.response.ok) throw new CliError(problemText(result.error, result.response.status));
  return result.data;
}
