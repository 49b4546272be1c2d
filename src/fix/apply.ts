// `keyscan fix`, the I/O half: which files may be rewritten (git state), the `.env`, `.env.example` and
// `.gitignore` changes, and writing them. Plans come from fix/plan.ts; nothing here decides a rewrite.
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runGit } from '../sources/git.js';
import { planFile, type FilePlan, type FixTarget } from './plan.js';

export interface FixFile {
  path: string;
  targets: FixTarget[];
  /** Where to revoke the key, for keys already committed. */
  revoke?: string;
}

export interface FixResult {
  plans: FilePlan[];
  /** Lines appended to each side file (`.env` values are secrets). */
  env: { path: string; add: [string, string][]; created: boolean };
  example: { path: string; add: string[] };
  gitignore: { path: string; add: boolean };
  /** Plain sentences for the person: committed keys to revoke, how .env gets loaded. */
  notes: string[];
}

/** `NAME=value` lines of an env file (quotes stripped): what names are taken. */
export function readEnvFile(path: string): Map<string, string> {
  const vars = new Map<string, string>();
  if (!existsSync(path)) return vars;
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (m) vars.set(m[1], m[2].trim().replace(/^(["'])(.*)\1$/, '$2'));
  }
  return vars;
}

async function gitState(root: string, path: string): Promise<{ inGit: boolean; unstaged: boolean; headHolds: (s: string) => boolean }> {
  const tracked = await runGit(root, ['ls-files', '--error-unmatch', '--', path], { ok: [0, 1, 128] });
  if (tracked.code === 128 && /not a git repository/.test(tracked.stderr)) return { inGit: false, unstaged: false, headHolds: () => false };
  if (tracked.code !== 0) return { inGit: true, unstaged: true, headHolds: () => false };
  const diff = await runGit(root, ['diff', '--no-ext-diff', '--no-textconv', '--quiet', '--', path], { ok: [0, 1] });
  const head = await runGit(root, ['show', '--no-textconv', `HEAD:${path}`], { ok: [0, 128] });
  const committed = head.code === 0 ? head.stdout : '';
  return { inGit: true, unstaged: diff.code === 1, headHolds: (s) => committed.includes(s) };
}

/** Plan every file; with `force`, files with unstaged changes (or untracked ones) are planned too. */
export async function planFixes(root: string, files: FixFile[], force: boolean): Promise<FixResult> {
  const envPath = join(root, '.env');
  const existing = readEnvFile(envPath);
  const plans: FilePlan[] = [];
  const notes: string[] = [];
  let inGit = false;
  let js = false;
  const taken = new Map(existing);
  for (const file of files) {
    const abs = join(root, file.path);
    const text = readFileSync(abs, 'utf8');
    const git = await gitState(root, file.path);
    inGit ||= git.inGit;
    if (git.inGit && git.unstaged && !force) {
      plans.push({
        path: file.path,
        before: text,
        after: text,
        variables: new Map(),
        declined: file.targets.map((t) => ({ line: t.line, rule: t.rule, why: 'it has unstaged changes or is untracked: stage it first (git add), or use --force' })),
      });
      continue;
    }
    const plan = planFile(file.path, text, file.targets, taken);
    for (const [k, v] of plan.variables) taken.set(k, v);
    plans.push(plan);
    if (plan.variables.size > 0 && plan.language === 'JavaScript') js = true;
    const committed = file.targets.filter((t) => git.headHolds(t.secret));
    if (committed.length > 0) {
      notes.push(
        `${file.path}: the key${committed.length > 1 ? 's' : ''} on line ${committed.map((t) => t.line).join(', ')} ${committed.length > 1 ? 'are' : 'is'} already committed: moving it does not un-leak it. Revoke it${file.revoke ? ` at ${file.revoke}` : ' with its provider'} and use a new one.`,
      );
    }
  }
  const add: [string, string][] = [];
  for (const plan of plans) for (const [k, v] of plan.variables) if (existing.get(k) !== v && !add.some(([n]) => n === k)) add.push([k, v]);
  const examplePath = join(root, '.env.example');
  const exampleHas = readEnvFile(examplePath);
  const exampleAdd = add.map(([k]) => k).filter((k) => !exampleHas.has(k));
  let ignoreAdd = false;
  if (inGit && add.length > 0) {
    const ignored = await runGit(root, ['check-ignore', '-q', '--no-index', '--', '.env'], { ok: [0, 1, 128] });
    ignoreAdd = ignored.code !== 0;
  }
  if (js && add.length > 0 && !loadsDotenv(root)) {
    notes.push('nothing in package.json loads .env: run node with --env-file=.env (Node 20.6+), or add dotenv (import "dotenv/config").');
  }
  return {
    plans,
    env: { path: '.env', add, created: !existsSync(envPath) },
    example: { path: '.env.example', add: exampleAdd },
    gitignore: { path: '.gitignore', add: ignoreAdd },
    notes,
  };
}

function loadsDotenv(root: string): boolean {
  try {
    const pkg = readFileSync(join(root, 'package.json'), 'utf8');
    return /"dotenv"|"@dotenvx\/dotenvx"|--env-file|dotenv-cli|"env-cmd"/.test(pkg);
  } catch {
    return false;
  }
}

function appendLines(path: string, lines: string[], mode?: number): void {
  const before = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const sep = before && !before.endsWith('\n') ? '\n' : '';
  writeFileSync(path, `${before}${sep}${lines.join('\n')}\n`, mode === undefined ? undefined : { mode });
}

/** Write what was planned: rewritten files (same mode), `.env` (0600), `.env.example`, `.gitignore`. */
export function writeFixes(root: string, result: FixResult): void {
  for (const plan of result.plans) {
    if (plan.after === plan.before) continue;
    const abs = join(root, plan.path);
    writeFileSync(abs, plan.after, { mode: statSync(abs).mode });
  }
  if (result.env.add.length === 0) return;
  const envPath = join(root, result.env.path);
  appendLines(envPath, result.env.add.map(([k, v]) => `${k}=${/[\s#"'$`\\]/.test(v) ? `'${v}'` : v}`), 0o600);
  chmodSync(envPath, 0o600);
  if (result.example.add.length > 0) appendLines(join(root, result.example.path), result.example.add.map((k) => `${k}=`));
  if (result.gitignore.add) appendLines(join(root, result.gitignore.path), ['.env']);
}
