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
