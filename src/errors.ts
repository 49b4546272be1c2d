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

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of that path is a file, not a folder',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symlinks in that path',
  EFBIG: 'the file would be too large',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  EBUSY: 'the file is busy',
  ETXTBSY: 'the file is busy',
  EINVAL: 'not a file that can be read or written this way',
  ENXIO: 'not a file that can be opened (a socket?)',
};

/** A file-system error in words (`--output`, `--config`, `--baseline`), with the code for the rest. */
export function fsReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code ?? '';
  return FS_REASONS[code] ?? (code || ((err as Error | null)?.message ?? String(err)));
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
