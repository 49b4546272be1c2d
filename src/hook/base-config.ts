// The configuration and baseline that judge a pushed range come from the range's base commit, never
// from the commits being judged: a push that adds a key and an `allow.paths: ["**"]` (or a baseline
// holding the key) must not pass. The base's files are copied out of git into a private folder that
// the usual loaders read; a range that changes them is itself reported.
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, posix, relative, resolve } from 'node:path';
import { CONFIG_FILE, DEFAULT_CONFIG } from '../config.js';
import { BASELINE_FILE } from '../findings/baseline.js';
import { runGit } from '../sources/git.js';
import { yaml } from '../yaml.js';

export interface BaseJudge {
  /** The base commit the files were read from. */
  base: string;
  /** Paths (in the private folder) to pass as --config and --baseline. */
  config: string;
  baseline: string;
  /** Repository paths of those files that the range changes (empty: none). */
  changed: string[];
  cleanup(): void;
}

/**
 * The commits refs point at (peeled through tags), and of those the ones `tip` grows from: two git
 * calls for every ref at once. Null when `tip` is not a commit id.
 */
async function refAncestry(root: string, tip: string): Promise<{ targets: Set<string>; ancestors: Set<string> } | null> {
  if (!/^[0-9a-f]{40,64}$/.test(tip)) return null;
  const format = '--format=%(objectname) %(*objectname)';
  const [all, merged] = await Promise.all([
    runGit(root, ['for-each-ref', format, 'refs/'], { ok: [0, 1, 128] }),
    runGit(root, ['for-each-ref', `--merged=${tip}`, format, 'refs/'], { ok: [0, 1, 128] }),
  ]);
  if (all.code !== 0 || merged.code !== 0) return null;
  const ids = (text: string) => new Set(text.split(/\s+/).filter((id) => /^[0-9a-f]{40,64}$/.test(id)));
  return { targets: ids(all.stdout), ancestors: ids(merged.stdout) };
}

/**
 * The first commit outside the range, in the order given, that the first tip grows from (its base); else
 * their merge base with it; else null. A new branch's excluded commits are every remote-tracking branch:
 * those refs point at are answered by two `for-each-ref` calls, not a `merge-base --is-ancestor` each
 * (201 remote branches: 1.1 s).
 */
export async function rangeBase(root: string, revs: string[]): Promise<string | null> {
  const tips = revs.filter((r) => !r.startsWith('^'));
  const excluded = revs.filter((r) => r.startsWith('^')).map((r) => r.slice(1));
  if (tips.length === 0 || excluded.length === 0) return null;
  const known = excluded.length > 1 ? await refAncestry(root, tips[0]) : null;
  for (const x of excluded) {
    if (known?.ancestors.has(x)) return x;
    if (known?.targets.has(x)) continue; // a ref points at it, and the tip does not grow from it
    const r = await runGit(root, ['merge-base', '--is-ancestor', x, tips[0]], { ok: [0, 1, 128] });
    if (r.code === 0) return x;
  }
  const r = await runGit(root, ['merge-base', tips[0], ...excluded], { ok: [0, 1, 128] });
  return r.code === 0 && r.stdout.trim() ? r.stdout.trim() : null;
}

/** A file's content at a commit, or null when the commit does not hold it. */
async function blobAt(root: string, commit: string, path: string): Promise<Buffer | null> {
  const r = await runGit(root, ['cat-file', '-e', `${commit}:${path}`], { ok: [0, 1, 128] });
  if (r.code !== 0) return null;
  const text = await runGit(root, ['cat-file', 'blob', `${commit}:${path}`]);
  return Buffer.from(text.stdout, 'utf8');
}

/** The repository path of a file named on the command line, or null when it lies outside the repository. */
function inRepo(root: string, cwd: string, file: string): string | null {
  const rel = relative(root, resolve(cwd, file));
  return rel.startsWith('..') || isAbsolute(rel) ? null : rel.split('\\').join('/');
}

/**
 * Copy the base commit's configuration (with what it extends) and baseline into a private folder.
 * `explicit` paths given outside the repository are the caller's own and are read as they are.
 */
export async function judgeFromBase(
  root: string,
  base: string,
  tips: string[],
  explicit: { config?: string; baseline?: string },
  cwd: string,
): Promise<BaseJudge> {
  const dir = mkdtempSync(join(tmpdir(), 'keyscan-base-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    const configRel = explicit.config ? inRepo(root, cwd, explicit.config) : CONFIG_FILE;
    const baselineRel = explicit.baseline ? inRepo(root, cwd, explicit.baseline) : BASELINE_FILE;
    const watched: string[] = [];
    const copy = async (rel: string): Promise<Buffer | null> => {
      watched.push(rel);
      const content = await blobAt(root, base, rel);
      if (content) {
        mkdirSync(dirname(join(dir, rel)), { recursive: true });
        writeFileSync(join(dir, rel), content);
      }
      return content;
    };
    // The config and every file it extends, as the base holds them.
    let config = explicit.config ? resolve(cwd, explicit.config) : join(dir, CONFIG_FILE);
    if (configRel) {
      config = join(dir, configRel);
      const queue = [configRel];
      const seen = new Set<string>();
      while (queue.length > 0 && seen.size < 32) {
        const rel = queue.shift()!;
        if (seen.has(rel)) continue;
        seen.add(rel);
        const content = await copy(rel);
        if (!content) continue;
        for (const ext of extendsOf(content.toString('utf8'))) {
          const next = posix.normalize(posix.join(posix.dirname(rel), ext));
          if (!next.startsWith('..') && !posix.isAbsolute(next)) queue.push(next);
        }
      }
      // A base without the file: an empty configuration (nothing allowed), never the work tree's.
      if (!existsSync(config)) {
        mkdirSync(dirname(config), { recursive: true });
        writeFileSync(config, '{}\n');
      }
    }
    let baseline = explicit.baseline ? resolve(cwd, explicit.baseline) : join(dir, BASELINE_FILE);
    if (baselineRel) {
      baseline = join(dir, baselineRel);
      if (!(await copy(baselineRel))) {
        mkdirSync(dirname(baseline), { recursive: true });
        writeFileSync(baseline, '{"version": 1, "entries": []}\n');
      }
    }
    const changed = new Set<string>();
    for (const tip of tips) {
      const r = await runGit(root, ['diff', '--name-only', '--no-renames', '--no-ext-diff', '-z', base, tip, '--', ...watched.map((p) => `:(literal)${p}`)]);
      for (const p of r.stdout.split('\0')) if (p) changed.add(p);
    }
    return { base, config, baseline, changed: [...changed], cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}

/** The relative files a config extends (presets and unreadable YAML are left to the loader). */
function extendsOf(text: string): string[] {
  try {
    const doc = yaml().parse(text, { maxAliasCount: 100 }) as { extends?: unknown } | null;
    const list = doc && typeof doc === 'object' ? [doc.extends].flat() : [];
    return list.filter((e): e is string => typeof e === 'string' && e !== DEFAULT_CONFIG && !e.startsWith('keyscan:'));
  } catch {
    return [];
  }
}
