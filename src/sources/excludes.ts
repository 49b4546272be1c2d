// Folders left out of directory scans by default, outside whatever git ignores: installed
// dependencies and package-manager caches, which hold other people's code (and keyscan's own rule
// examples once it is installed). Built bundles (dist/, build/) are NOT here: a key in a bundle is
// shipped to users. `--no-default-excludes` scans all of these.
import { readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';

export interface DefaultExclude {
  /** The folder's name, or its last two path parts (`.yarn/cache`), as shown in the summary. */
  name: string;
  /** What it holds, for README and --help. */
  what: string;
  /**
   * A file or folder inside it that shows it is what its name says (`vendor` is only a dependency
   * folder when Composer's or Go's bookkeeping stands in it); absent: the name is enough.
   */
  marker?: string[];
}

export const DEFAULT_EXCLUDES: readonly DefaultExclude[] = [
  { name: 'node_modules', what: 'npm, yarn and pnpm dependencies' },
  { name: 'bower_components', what: 'Bower dependencies' },
  { name: 'jspm_packages', what: 'jspm dependencies' },
  { name: '.yarn/cache', what: "Yarn's package cache" },
  { name: '.yarn/unplugged', what: "Yarn's unpacked dependencies" },
  { name: '.pnpm-store', what: "pnpm's package store" },
  { name: 'vendor/bundle', what: "Bundler's installed gems" },
  { name: 'vendor', what: 'Composer and Go vendored dependencies (only with vendor/autoload.php or vendor/modules.txt)', marker: ['autoload.php', 'modules.txt'] },
  { name: '.venv', what: 'Python virtual environments' },
  { name: 'site-packages', what: 'installed Python packages (any virtual environment)' },
  { name: '__pycache__', what: 'Python bytecode' },
  { name: '.tox', what: "tox's environments" },
  { name: '.nox', what: "nox's environments" },
  { name: 'Pods', what: 'CocoaPods dependencies (only with Pods/Manifest.lock)', marker: ['Manifest.lock'] },
];

/** Stop counting the files of one excluded folder here: the summary's count is then a lower bound. */
export const COUNT_CAP = 100_000;

/** The default exclude a folder falls under, given its path relative to the walked folder (no trailing `/`). */
export function defaultExcludeOf(abs: string, wrel: string): DefaultExclude | null {
  const parts = wrel.split('/');
  const name = parts[parts.length - 1];
  const two = parts.length >= 2 ? `${parts[parts.length - 2]}/${name}` : null;
  for (const ex of DEFAULT_EXCLUDES) {
    if (ex.name !== name && ex.name !== two) continue;
    if (!ex.marker) return ex;
    let entries: string[];
    try {
      entries = readdirSync(abs);
    } catch {
      entries = [];
    }
    if (ex.marker.some((m) => entries.includes(m))) return ex;
  }
  return null;
}

/** How many files stand under a folder (without reading them), up to COUNT_CAP. */
export function countFiles(abs: string): number {
  let n = 0;
  const stack = [abs];
  while (stack.length > 0 && n < COUNT_CAP) {
    const dir = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory()) stack.push(join(dir, e.name));
      else n++;
    }
  }
  return Math.min(n, COUNT_CAP);
}

/** The summary's reason for files left out by one default exclude. */
export function excludeReason(ex: DefaultExclude): string {
  return `files in ${ex.name}/ (--no-default-excludes scans them)`;
}
