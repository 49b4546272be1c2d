// `keyscan git --purge-plan FILE`: write the filter-repo expressions for the report's secrets.
import { mkdir, open } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { purgeExpressions, purgeInstructions, type PurgeSecret } from '../advice/purge.js';
import { KeyscanError } from '../errors.js';
import { searchedAs, secretsOf } from '../pipeline/facts.js';
import type { Match, Report } from '../types.js';
import type { Io } from './io.js';

/**
 * Write the filter-repo expressions file for the report's secrets (mode 0600, set before any secret is
 * written) and return the instructions to print; a line saying so when there is nothing to purge.
 */
export async function writePurgePlan(file: string, report: Report, matches: readonly Match[], root: string, io: Io): Promise<string> {
  if (file.trim() === '') throw new KeyscanError('--purge-plan needs a FILE to write the plan to');
  // A secret found only once decoded stands in history as its encoded text: that is replaced too.
  const found = [...secretsOf(report.findings, matches).values()];
  const spelled = new Map<string, PurgeSecret>();
  for (const m of found) for (const secret of searchedAs(m)) if (!spelled.has(secret)) spelled.set(secret, { secret, rule: m.rule.id });
  const secrets = [...spelled.values()];
  if (secrets.length === 0) return `keyscan: no secrets found, so no purge plan was written to ${file}\n`;
  const path = resolve(io.cwd, file);
  const text = purgeExpressions(secrets);
  try {
    await mkdir(dirname(path), { recursive: true });
    const handle = await open(path, 'w', 0o600);
    try {
      await handle.chmod(0o600);
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
  } catch (err) {
    throw new KeyscanError(`cannot write the purge plan ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const rel = relative(root, path);
  const insideRepo = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  return purgeInstructions({ file: path, count: found.length, insideRepo });
}
