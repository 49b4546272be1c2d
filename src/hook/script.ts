// The lines `keyscan install` puts into a shell hook, between marker comments so that `keyscan
// uninstall` removes exactly them. Pure: text in, text out.

export type HookName = 'pre-commit' | 'pre-push';

export const startMarker = (hook: HookName) => `# >>> keyscan ${hook} >>>`;
export const endMarker = (hook: HookName) => `# <<< keyscan ${hook} <<<`;
/** In the block when keyscan wrote the whole file: uninstall deletes the file. */
export const CREATED = '# keyscan install created this file';
/** Suffix of a hook that is not a shell script, moved aside and run from ours. */
export const CHAINED_SUFFIX = '.keyscan-chained';

export interface BlockOptions {
  hook: HookName;
  /** The keyscan bin relative to the top of the work tree (node_modules/.bin/keyscan), or absolute. */
  bin: string;
  /** Where the block lives, for the message that tells how to remove it by hand. */
  file: string;
  /** Keyscan wrote the whole file (no hook was there before). */
  created?: boolean;
  /** A hook that is not a shell script, moved aside to this name: ours runs it afterwards. */
  chained?: string;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The marked block. It fails (non-zero) when keyscan is missing or finds something, and never exits 0 itself. */
export function hookBlock(o: BlockOptions): string {
  const what = o.hook === 'pre-commit' ? 'commit' : 'push';
  const lines = [
    `${startMarker(o.hook)} added by \`keyscan install\`; \`keyscan uninstall\` removes it`,
    ...(o.created ? [CREATED] : []),
    ...(o.bin.startsWith('/')
      ? [`keyscan_bin=${shellQuote(o.bin)}`]
      : ['keyscan_top=$(git rev-parse --show-toplevel 2>/dev/null) || keyscan_top=.', `keyscan_bin="$keyscan_top/"${shellQuote(o.bin)}`]),
    'if [ ! -x "$keyscan_bin" ]; then',
    `  echo "keyscan: $keyscan_bin is missing, so this ${what} was NOT checked for secrets." >&2`,
    `  echo "keyscan: install it (npm install; keyscan-cli is a devDependency), or remove the keyscan lines from ${o.file.replace(/["`$\\]/g, '')}; git ${what} --no-verify skips the check once." >&2`,
    '  exit 1',
    'fi',
  ];
  if (o.hook === 'pre-commit') {
    lines.push('"$keyscan_bin" staged || exit $?');
  } else {
    // Git gives the pushed refs on standard input: keep them for whatever runs after us.
    lines.push(
      'keyscan_refs=$(mktemp) || exit 1',
      'cat > "$keyscan_refs"',
      '"$keyscan_bin" ci --pre-push "$1" < "$keyscan_refs" || { keyscan_status=$?; rm -f "$keyscan_refs"; exit $keyscan_status; }',
      'exec < "$keyscan_refs"',
      'rm -f "$keyscan_refs"',
    );
  }
  if (o.chained) lines.push(`exec "$(dirname -- "$0")/"${shellQuote(o.chained)} "$@"`);
  lines.push(endMarker(o.hook));
  return `${lines.join('\n')}\n`;
}

/** A fresh hook file holding only the block. */
export function newHookFile(o: BlockOptions): string {
  return `#!/bin/sh\n${hookBlock({ ...o, created: true })}`;
}

/** Whether a hook's text runs in a POSIX-style shell (so a block can go into it). */
export function isShellScript(text: string): boolean {
  const first = text.split('\n', 1)[0];
  if (!first.startsWith('#!')) return true;
  return /^#!\s*(?:\S*\/)?(?:env\s+(?:-\S+\s+)*)?(?:sh|bash|dash|zsh|ksh|ash|busybox\s+sh)(?:\s|$)/.test(first);
}

interface BlockSpan {
  start: number;
  end: number;
  text: string;
}

/** Where the block for `hook` sits in `text` (whole lines, end exclusive; markers may be indented), or null. */
export function findBlock(text: string, hook: HookName): BlockSpan | null {
  const lines = text.split('\n');
  const from = lines.findIndex((l) => l.trimStart().startsWith(startMarker(hook)));
  if (from < 0) return null;
  const to = lines.findIndex((l, i) => i > from && l.trimStart().startsWith(endMarker(hook)));
  if (to < 0) return null;
  const start = lines.slice(0, from).reduce((n, l) => n + l.length + 1, 0);
  const end = Math.min(text.length, lines.slice(0, to + 1).reduce((n, l) => n + l.length + 1, 0));
  return { start, end, text: text.slice(start, end) };
}

/** `text` with the block put in (replacing an older one), right after the shebang line. */
export function insertBlock(text: string, block: string, hook: HookName): string {
  const old = findBlock(text, hook);
  if (old) return text.slice(0, old.start) + block + text.slice(old.end);
  if (text.startsWith('#!')) {
    const nl = text.indexOf('\n');
    if (nl < 0) return `${text}\n${block}`;
    return text.slice(0, nl + 1) + block + text.slice(nl + 1);
  }
  return block + text;
}

/** `text` without the block (exactly the lines install added). */
export function removeBlock(text: string, hook: HookName): string {
  const old = findBlock(text, hook);
  return old ? text.slice(0, old.start) + text.slice(old.end) : text;
}

/** Nothing left but a shebang and blank lines. */
export function isEmptyScript(text: string): boolean {
  return text
    .split('\n')
    .filter((l, i) => !(i === 0 && l.startsWith('#!')))
    .every((l) => l.trim() === '');
}
