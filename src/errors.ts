/**
 * An expected failure: keyscan could not do what was asked (bad arguments, not a repository,
 * unreadable config, broken rule). The CLI prints `keyscan: <message>` on one line and exits 2.
 * Anything else that is thrown is a bug.
 */
export class KeyscanError extends Error {
  readonly hint?: string;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'KeyscanError';
    this.hint = hint;
  }
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** What the CLI prints on standard error for a failure (exit status 2): one line, plus the stack with --debug. */
export function failureText(err: unknown, debug: boolean): string {
  if (err instanceof KeyscanError) return `keyscan: ${oneLine(err.message)}${err.hint ? ` (${oneLine(err.hint)})` : ''}\n`;
  const e = err as Error;
  const line = `keyscan: unexpected error: ${oneLine(e?.message ?? String(err))}; please report it with the command you ran (rerun with --debug for details)\n`;
  return debug && e?.stack ? `${line}${e.stack}\n` : line;
}
