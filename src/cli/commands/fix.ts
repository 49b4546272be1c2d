// keyscan fix [PATH...]: move each key found in a working-tree file into `.env` and read it from the
// environment instead. A dry run (a diff) unless --write.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { createTwoFilesPatch } from 'diff';
import { KeyscanError } from '../../errors.js';
import { planFixes, writeFixes, type FixFile, type FixResult } from '../../fix/apply.js';
import { redact } from '../../findings/redact.js';
import { scanPaths } from '../../scan.js';
import { repositoryRoot } from '../../sources/git.js';
import type { Finding } from '../../types.js';
import type { Command } from './types.js';

interface FixArgs {
  paths?: string[];
  write: boolean;
  force: boolean;
  all: boolean;
  redact: boolean;
}

/** Each file's secrets to move, from the findings (low-confidence ones, examples and tests, only with --all). */
function filesOf(findings: Finding[], all: boolean, root: string, archived: Set<string>): FixFile[] {
  const byFile = new Map<string, FixFile>();
  for (const f of findings) {
    if (!f.secret || (f.confidence === 'low' && !all)) continue;
    for (const o of f.occurrences) {
      // Inside an archive (`a.zip!x/.env`): there is no such file to rewrite.
      if (o.file.includes('!') && !existsSync(join(root, o.file))) {
        archived.add(o.file);
        continue;
      }
      const file = byFile.get(o.file) ?? { path: o.file, targets: [], revoke: f.remediation?.revoke };
      file.targets.push({ line: o.line, column: o.column, secret: f.secret, rule: f.rule, provider: f.provider, ...(f.decoded ? { decoded: f.decoded } : {}) });
      byFile.set(o.file, file);
    }
  }
  return [...byFile.values()].sort((a, b) => a.path.localeCompare(b.path));
}

function render(result: FixResult, secrets: string[], reveal: boolean, write: boolean): string {
  const hide = (text: string) => (reveal ? text : secrets.reduce((t, s) => t.split(s).join(redact(s)), text));
  const out: string[] = [];
  for (const plan of result.plans) {
    if (plan.after !== plan.before) out.push(hide(createTwoFilesPatch(`a/${plan.path}`, `b/${plan.path}`, plan.before, plan.after, '', '', { context: 3 })).replace(/^=+\n/, ''));
  }
  if (result.env.add.length > 0) {
    out.push(`${result.env.created ? 'create' : 'append to'} ${result.env.path} (mode 0600):`);
    for (const [k, v] of result.env.add) out.push(`+${k}=${reveal ? v : redact(v)}`);
    if (result.example.add.length > 0) out.push(`append to ${result.example.path}:`, ...result.example.add.map((k) => `+${k}=`));
    if (result.gitignore.add) out.push(`append to ${result.gitignore.path}:`, '+.env');
  }
  const declined = result.plans.flatMap((p) => p.declined.map((d) => `${p.path}:${d.line}  ${d.rule}: left as it is: ${d.why}`));
  if (declined.length > 0) out.push('', ...declined);
  for (const note of result.notes) out.push('', `note: ${note}`);
  const fixed = result.plans.filter((p) => p.after !== p.before).length;
  out.push(
    '',
    fixed === 0
      ? 'Nothing to change.'
      : write
        ? `Moved ${result.env.add.length || 'the'} key(s) out of ${fixed} file(s) into ${result.env.path}.`
        : `Dry run: ${fixed} file(s) would change. Run keyscan fix --write to apply.`,
  );
  return `${out.join('\n')}\n`;
}

export const fixCommand: Command<FixArgs> = {
  builder: (y: Argv) =>
    y
      .positional('paths', { type: 'string', array: true, describe: 'files or folders (default .)' })
      .option('write', { type: 'boolean', default: false, describe: 'apply the changes (default: print them as a diff)' })
      .option('force', { type: 'boolean', default: false, describe: 'also rewrite files with unstaged changes or untracked files' })
      .option('all', { type: 'boolean', default: false, describe: 'also move low-confidence findings (tests, fixtures, examples)' })
      .option('redact', { type: 'boolean', default: true, describe: 'hide secrets in the printed diff (--no-redact shows them)' }) as Argv<FixArgs>,
  async handler(args, io) {
    let root = io.cwd;
    try {
      root = (await repositoryRoot(io.cwd)).root;
    } catch (err) {
      if (!(err instanceof KeyscanError) || !/^not a git repository/.test(err.message)) throw err;
    }
    const paths = (args.paths?.length ? args.paths : [io.cwd]).map((p) => resolve(io.cwd, p));
    const report = await scanPaths(paths, { root, reveal: true });
    const archived = new Set<string>();
    const files = filesOf(report.findings, args.all, root, archived);
    const result = await planFixes(root, files, args.force);
    const secrets = [...new Set(files.flatMap((f) => f.targets.map((t) => t.secret)))];
    if (args.write) writeFixes(root, result);
    for (const path of archived) result.notes.push(`${path}: inside an archive, which keyscan fix does not rewrite: rebuild the archive without the key, and revoke it`);
    io.stdout.write(render(result, secrets, !args.redact, args.write));
    const declined = archived.size > 0 || result.plans.some((p) => p.declined.length > 0);
    const pending = !args.write && result.plans.some((p) => p.after !== p.before);
    return declined || pending ? 1 : 0;
  },
};
