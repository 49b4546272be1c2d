// keyscan in a lefthook or pre-commit framework configuration. The entry goes in as text between
// marker comments, at the place the YAML parser points to, so the rest of the file keeps every byte
// and `keyscan uninstall` takes out exactly those lines. The result is parsed again and checked
// before anything is written.
import { KeyscanError } from '../errors.js';
import { endMarker, findBlock, startMarker, type HookName } from './script.js';
import { yaml } from '../yaml.js';


/** The command a hook entry runs; for pre-push the manager hands over git's refs on standard input. */
export function hookCommand(bin: string, hook: HookName, remoteArg: string): string {
  return hook === 'pre-commit' ? `${bin} staged` : `${bin} ci --pre-push${remoteArg ? ` ${remoteArg}` : ''}`;
}

function indent(lines: string[], by: number): string {
  const pad = ' '.repeat(by);
  return lines.map((l) => `${pad}${l}`).join('\n') + '\n';
}

function marked(hook: HookName, body: string[]): string[] {
  return [`${startMarker(hook)} added by \`keyscan install\`; \`keyscan uninstall\` removes it`, ...body, endMarker(hook)];
}

export function lefthookEntry(bin: string, hook: HookName): string[] {
  return ['keyscan:', `  run: ${hookCommand(bin, hook, '{1}')}`, ...(hook === 'pre-push' ? ['  use_stdin: true'] : [])];
}

/**
 * Stage names the pre-commit framework accepts: `pre-commit`/`pre-push` from 3.2 on; before that only
 * `commit`/`push` (which 3.2 and later still accept, as deprecated names). Legacy unless the installed
 * framework (or the config's minimum_pre_commit_version) is known to be 3.2 or later.
 */
export type StageNames = 'modern' | 'legacy';

export function stageName(hook: HookName, names: StageNames): string {
  if (names === 'modern') return hook;
  return hook === 'pre-commit' ? 'commit' : 'push';
}

/** Whether a pre-commit version string ("pre-commit 3.0.4", "3.2.0") is 3.2 or later. */
export function modernPreCommit(version: string | null | undefined): boolean {
  const m = /(\d+)\.(\d+)/.exec(version ?? '');
  return m !== null && (Number(m[1]) > 3 || (Number(m[1]) === 3 && Number(m[2]) >= 2));
}

export function preCommitEntry(bin: string, hook: HookName, names: StageNames = 'legacy'): string[] {
  return [
    '- repo: local',
    '  hooks:',
    `    - id: ${hook === 'pre-commit' ? 'keyscan' : 'keyscan-pre-push'}`,
    `      name: keyscan (secrets in ${hook === 'pre-commit' ? 'staged changes' : 'pushed commits'})`,
    `      entry: ${hookCommand(bin, hook, '')}`,
    '      language: system',
    '      pass_filenames: false',
    '      always_run: true',
    `      stages: [${stageName(hook, names)}]`,
  ];
}

/** The text to show a person who adds the entry by hand. */
export function snippet(kind: 'lefthook' | 'pre-commit', bin: string, hook: HookName, names: StageNames = 'legacy'): string {
  if (kind === 'lefthook') return indent([`${hook}:`, '  commands:', ...lefthookEntry(bin, hook).map((l) => `    ${l}`)], 0);
  return indent(['repos:', ...preCommitEntry(bin, hook, names).map((l) => `  ${l}`)], 0);
}

/** The entry could not be put in by program: the person adds `text` by hand. */
export class ManualEditError extends KeyscanError {
  constructor(
    file: string,
    readonly text: string,
  ) {
    super(`cannot add keyscan to ${file} safely`, 'add the lines printed above by hand');
  }
}

type Doc = ReturnType<typeof import('yaml')['parseDocument']>;
type Node = { range?: [number, number, number] | null; items?: unknown[]; flow?: boolean };

function parse(text: string, file: string): Doc {
  const doc = yaml().parseDocument(text);
  if (doc.errors.length > 0) throw new KeyscanError(`cannot read ${file}: ${doc.errors[0].message.split('\n')[0]}`);
  return doc;
}

function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** Put `lines` (already marked) at the end of a block collection, at its items' indentation. */
function insertInto(text: string, node: Node, lines: string[], extra = 0): string | null {
  if (!node.range || node.flow || !node.items || node.items.length === 0) return null;
  const at = node.range[1];
  const by = column(text, node.range[0]) + extra;
  const before = at > 0 && text[at - 1] !== '\n' ? '\n' : '';
  return text.slice(0, at) + before + indent(lines, by) + text.slice(at);
}

function append(text: string, lines: string[]): string {
  const sep = text.length === 0 || text.endsWith('\n') ? '' : '\n';
  return text + sep + indent(lines, 0);
}

const isMap = (n: unknown): n is Node => yaml().isMap(n);
const isSeq = (n: unknown): n is Node => yaml().isSeq(n);

/** lefthook.yml with a `keyscan` command in the hook (unchanged if one is there). */
export function addToLefthook(text: string, file: string, bin: string, hook: HookName): string {
  const doc = parse(text, file);
  if (doc.getIn([hook, 'commands', 'keyscan']) !== undefined) return text;
  const hookNode = doc.get(hook, true);
  const entry = lefthookEntry(bin, hook);
  let out: string | null;
  if (hookNode === undefined || hookNode === null) out = append(text, marked(hook, [`${hook}:`, '  commands:', ...entry.map((l) => `    ${l}`)]));
  else if (!isMap(hookNode)) out = null;
  else {
    const commands = (hookNode as unknown as { get(k: string, keep: true): unknown }).get('commands', true);
    if (commands === undefined) out = insertInto(text, hookNode, marked(hook, ['commands:', ...entry.map((l) => `  ${l}`)]));
    else out = isMap(commands) ? insertInto(text, commands, marked(hook, entry)) : null;
  }
  const check = out === null ? undefined : parse(out, file).getIn([hook, 'commands', 'keyscan', 'run']);
  if (out === null || check !== hookCommand(bin, hook, '{1}')) {
    throw new ManualEditError(file, snippet('lefthook', bin, hook));
  }
  return out;
}

function hasPreCommitHook(doc: Doc, id: string): boolean {
  const repos = doc.toJS()?.repos;
  return Array.isArray(repos) && repos.some((r) => Array.isArray(r?.hooks) && r.hooks.some((h: { id?: string }) => h?.id === id));
}

/** .pre-commit-config.yaml with a local keyscan hook (unchanged if one is there). */
export function addToPreCommit(text: string, file: string, bin: string, hook: HookName, names: StageNames = 'legacy'): string {
  const doc = parse(text, file);
  if (modernPreCommit(String(doc.get('minimum_pre_commit_version') ?? ''))) names = 'modern';
  const id = hook === 'pre-commit' ? 'keyscan' : 'keyscan-pre-push';
  if (hasPreCommitHook(doc, id)) return text;
  const repos = doc.get('repos', true);
  const entry = preCommitEntry(bin, hook, names);
  let out: string | null;
  if (repos === undefined || repos === null) out = doc.has('repos') ? null : append(text, marked(hook, ['repos:', ...entry.map((l) => `  ${l}`)]));
  else out = isSeq(repos) ? insertInto(text, repos, marked(hook, entry)) : null;
  if (out === null || !hasPreCommitHook(parse(out, file), id)) {
    throw new ManualEditError(file, snippet('pre-commit', bin, hook, names));
  }
  return out;
}

/** The config without the lines keyscan install added; null when there were none. */
export function removeFromConfig(text: string, hook: HookName): string | null {
  const block = findBlock(text, hook);
  return block ? text.slice(0, block.start) + text.slice(block.end) : null;
}
