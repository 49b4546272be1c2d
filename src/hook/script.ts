// The lines `keyscan install` puts into a shell hook, between marker comments so that `keyscan
// uninstall` removes exactly them. The end marker carries a digest of the lines above it, so a block
// edited by hand is told from one keyscan wrote: install leaves an edited block alone and uninstall
// keeps the lines a person added. Pure: text in, text out.
import { createHash } from 'node:crypto';

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
  /** Keyscan wrote the whole file (no hook was there before). */
  created?: boolean;
  /** A hook that is not a shell script, moved aside to this name: ours runs it afterwards. */
  chained?: string;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function shellUnquote(text: string): string | null {
  let out = '';
  const re = /'([^']*)'|\\'/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while ((m = re.exec(text)) !== null) {
    out += m[1] ?? "'";
    at = re.lastIndex;
  }
  return at === text.length && at > 0 ? out : null;
}

/** Digest of a block's lines above its end marker (indentation included). */
function digest(lines: string[]): string {
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 12);
}

/** The lines of the block above its end marker. */
function blockBody(o: BlockOptions): string[] {
  const what = o.hook === 'pre-commit' ? 'commit' : 'push';
  const lines = [
    `${startMarker(o.hook)} added by \`keyscan install\`; \`keyscan uninstall\` removes it`,
    ...(o.created ? [CREATED] : []),
    ...(o.bin.startsWith('/')
      ? [`keyscan_bin=${shellQuote(o.bin)}`]
      : ['keyscan_top=$(git rev-parse --show-toplevel 2>/dev/null) || keyscan_top=.', `keyscan_bin="$keyscan_top/"${shellQuote(o.bin)}`]),
    'if [ ! -x "$keyscan_bin" ]; then',
    `  echo "keyscan: $keyscan_bin is missing, so this ${what} was NOT checked for secrets." >&2`,
    // "$0", not a path written now: the hook may be a link to a tracked script that other clones share.
    `  echo "keyscan: install it (npm install; keyscan-cli is a devDependency), or remove the keyscan lines from $0; git ${what} --no-verify skips the check once." >&2`,
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
  return lines;
}

/** The marked block. It fails (non-zero) when keyscan is missing or finds something, and never exits 0 itself. */
export function hookBlock(o: BlockOptions): string {
  const body = blockBody(o);
  return `${[...body, `${endMarker(o.hook)} ${digest(body)}`].join('\n')}\n`;
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

/** What `keyscan install` finds of its own block in a hook. */
export type BlockState =
  | { kind: 'none' }
  /** Exactly as some keyscan wrote it (the digest matches): install may replace it, uninstall removes it. */
  | { kind: 'pristine'; span: BlockSpan; options: BlockOptions }
  /** Edited by hand (or written before blocks carried a digest): the lines a person added, and keyscan's lines changed. */
  | { kind: 'edited'; span: BlockSpan; options: BlockOptions | null; userLines: number[]; editedKeyscanLines: number[] }
  /** The start marker without its end marker: `span` runs over keyscan's lines after it; `whole` when all are there. */
  | { kind: 'broken'; startLine: number; span: BlockSpan; whole: boolean; options: BlockOptions | null };

/** The options a block was written with, read back from its lines (null when its bin line is gone). */
function optionsOf(lines: string[], hook: HookName): BlockOptions | null {
  let bin: string | null = null;
  let chained: string | undefined;
  for (const raw of lines) {
    const line = raw.trim();
    const rel = /^keyscan_bin="\$keyscan_top\/"(.+)$/.exec(line);
    const abs = /^keyscan_bin=('.*)$/.exec(line);
    if (rel) bin = shellUnquote(rel[1]);
    else if (abs) bin = shellUnquote(abs[1]);
    const ch = /^exec "\$\(dirname -- "\$0"\)\/"('.*') "\$@"$/.exec(line);
    if (ch) chained = shellUnquote(ch[1]) ?? undefined;
  }
  if (bin === null) return null;
  return { hook, bin, created: lines.some((l) => l.trim() === CREATED), chained };
}

/** A line an earlier keyscan wrote that this one no longer does (blocks without a digest). */
const LEGACY_LINES = [/^ {2}echo "keyscan: install it \(npm install; keyscan-cli is a devDependency\), or remove the keyscan lines from .*; git (commit|push) --no-verify skips the check once\." >&2$/];

/** Whether a line of a hook runs (or sets up) keyscan, rather than only mentioning it in a comment. */
export function runsKeyscan(line: string): boolean {
  const t = line.trim();
  return t !== '' && !t.startsWith('#') && /keyscan/i.test(t);
}

function spanOf(lines: string[], from: number, to: number, text: string): BlockSpan {
  const start = lines.slice(0, from).reduce((n, l) => n + l.length + 1, 0);
  const end = Math.min(text.length, lines.slice(0, to + 1).reduce((n, l) => n + l.length + 1, 0));
  return { start, end, text: text.slice(start, end) };
}

/** Keyscan's block in a shell hook, and whether it is as keyscan wrote it. */
export function readBlock(text: string, hook: HookName): BlockState {
  const lines = text.split('\n');
  const from = lines.findIndex((l) => l.trimStart().startsWith(startMarker(hook)));
  if (from < 0) return { kind: 'none' };
  const to = lines.findIndex((l, i) => i > from && l.trimStart().startsWith(endMarker(hook)));
  if (to < 0) {
    // The end marker is gone: the block runs on as long as its lines are keyscan's own.
    const options = optionsOf(lines.slice(from, from + 24), hook);
    const own = new Set(options ? blockBody(options).map((l) => l.trim()) : []);
    let last = from;
    while (last + 1 < lines.length && (own.has(lines[last + 1].trim()) || LEGACY_LINES.some((re) => re.test(lines[last + 1])))) last++;
    const run = new Set(lines.slice(from, last + 1).map((l) => l.trim()));
    const whole = options !== null && [...own].every((l) => run.has(l) || (l.startsWith('echo "keyscan: install it') && last > from));
    return { kind: 'broken', startLine: from + 1, span: spanOf(lines, from, last, text), whole, options };
  }
  const span = spanOf(lines, from, to, text);
  const body = lines.slice(from, to);
  const options = optionsOf(body, hook);
  const indent = lines[from].length - lines[from].trimStart().length;
  if (options && lines[to].trim() === `${endMarker(hook)} ${digest(body.map((l) => l.slice(indent)))}`) {
    return { kind: 'pristine', span, options };
  }
  const own = new Set(options ? blockBody(options).map((l) => l.trim()) : []);
  const userLines: number[] = [];
  const editedKeyscanLines: number[] = [];
  for (let i = from + 1; i < to; i++) {
    const t = lines[i].trim();
    if (own.has(t) || LEGACY_LINES.some((re) => re.test(lines[i]))) continue;
    if (t === '' && !options) continue;
    if (!options || runsKeyscan(lines[i]) || /\$keyscan_|^(if|fi|then|else|exit)\b/.test(t)) editedKeyscanLines.push(i + 1);
    else userLines.push(i + 1);
  }
  return { kind: 'edited', span, options, userLines, editedKeyscanLines };
}

/** `text` without keyscan's lines of an edited block, keeping the lines a person added inside it (1-based). */
export function removeKeepingLines(text: string, span: BlockSpan, keep: number[]): string {
  const lines = text.split('\n');
  const kept = keep.map((n) => `${lines[n - 1]}\n`).join('');
  return text.slice(0, span.start) + kept + text.slice(span.end);
}
