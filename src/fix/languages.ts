// How each language reads an environment variable, for `keyscan fix`. Pure data and small text helpers.

export interface Language {
  name: string;
  /** The expression that reads variable `name`. */
  lookup(name: string): string;
  /** Inside which quotes a part of a string may become an interpolation: quote → its replacement of `name`. */
  interpolate?: Record<string, (name: string) => string>;
  /** Make sure the lookup compiles: add an import where one is needed (returns the new lines, or a reason). */
  ensureImport?(lines: string[]): string[] | string;
}

function pythonImport(lines: string[]): string[] {
  if (lines.some((l) => /^\s*import\s+(?:[\w.]+\s*,\s*)*os\b/.test(l) || /^import os\b/.test(l))) return lines;
  // After a shebang, encoding line, leading comments, the module docstring and `from __future__` imports.
  let at = 0;
  while (at < lines.length && /^(?:#|\s*$)/.test(lines[at])) at++;
  const doc = /^[rRuU]?("""|''')/.exec(lines[at] ?? '');
  if (doc) {
    const rest = (lines[at] ?? '').slice(doc[0].length);
    const end = rest.includes(doc[1]) ? at : lines.findIndex((l, i) => i > at && l.includes(doc[1]));
    at = (end === -1 ? at : end) + 1;
  }
  for (let i = at; i < lines.length; i++) if (/^from __future__ import/.test(lines[i])) at = i + 1;
  return [...lines.slice(0, at), 'import os', ...lines.slice(at)];
}

function goImport(lines: string[]): string[] | string {
  if (lines.some((l) => /^\s*(?:import\s+)?(?:\w+\s+)?"os"\s*$/.test(l))) return lines;
  const block = lines.findIndex((l) => /^import\s*\($/.test(l.trim()));
  if (block !== -1) return [...lines.slice(0, block + 1), '\t"os"', ...lines.slice(block + 1)];
  const single = lines.findIndex((l) => /^import\s+(?:\w+\s+)?"[^"]+"\s*$/.test(l));
  if (single !== -1) return [...lines.slice(0, single + 1), 'import "os"', ...lines.slice(single + 1)];
  const pkg = lines.findIndex((l) => /^package\s+\w+/.test(l));
  if (pkg !== -1) return [...lines.slice(0, pkg + 1), '', 'import "os"', ...lines.slice(pkg + 1)];
  return 'no package clause to add the "os" import after';
}

const shell: Language = {
  name: 'shell',
  lookup: (n) => `"\${${n}}"`,
  interpolate: { '"': (n) => `\${${n}}`, '': (n) => `"\${${n}}"` },
};

const LANGUAGES: Record<string, Language> = {
  js: {
    name: 'JavaScript',
    lookup: (n) => `process.env.${n}`,
    interpolate: { '`': (n) => `\${process.env.${n}}` },
  },
  python: { name: 'Python', lookup: (n) => `os.environ["${n}"]`, ensureImport: pythonImport },
  go: { name: 'Go', lookup: (n) => `os.Getenv("${n}")`, ensureImport: goImport },
  ruby: { name: 'Ruby', lookup: (n) => `ENV.fetch("${n}")`, interpolate: { '"': (n) => `#{ENV.fetch("${n}")}` } },
  java: { name: 'Java', lookup: (n) => `System.getenv("${n}")` },
  kotlin: { name: 'Kotlin', lookup: (n) => `System.getenv("${n}")` },
  csharp: { name: 'C#', lookup: (n) => `System.Environment.GetEnvironmentVariable("${n}")` },
  php: { name: 'PHP', lookup: (n) => `getenv('${n}')`, interpolate: { '"': (n) => `{\${getenv('${n}')}}` } },
  shell,
  compose: { name: 'Docker Compose', lookup: (n) => `\${${n}}`, interpolate: { '"': (n) => `\${${n}}`, "'": (n) => `\${${n}}`, '': (n) => `\${${n}}` } },
};

const BY_EXTENSION: Record<string, string> = {
  js: 'js', mjs: 'js', cjs: 'js', jsx: 'js', ts: 'js', mts: 'js', cts: 'js', tsx: 'js', vue: 'js', svelte: 'js',
  py: 'python', go: 'go', rb: 'ruby', java: 'java', kt: 'kotlin', kts: 'kotlin', cs: 'csharp', php: 'php',
  sh: 'shell', bash: 'shell', zsh: 'shell', ksh: 'shell',
};

/** Config formats whose loaders read no environment variables: why `fix` leaves them. */
const NO_LOOKUP: Record<string, string> = {
  json: 'JSON has no environment references',
  yaml: 'plain YAML has no environment references (only loaders such as Docker Compose expand ${VAR})',
  yml: 'plain YAML has no environment references (only loaders such as Docker Compose expand ${VAR})',
  toml: 'TOML has no environment references',
  xml: 'XML configuration has no environment references',
  properties: '.properties files have no environment references (Spring reads ${VAR}: change it by hand if this is Spring)',
  ini: 'INI files have no environment references',
  cfg: 'this configuration format has no environment references',
  conf: 'this configuration format has no environment references',
};

/** Documentation: the key becomes a placeholder a reader recognises (its value still goes to `.env`). */
const docs: Language = { name: 'documentation', lookup: (n) => `"YOUR_${n}"`, interpolate: { '"': (n) => `YOUR_${n}`, "'": (n) => `YOUR_${n}`, '`': (n) => `YOUR_${n}`, '': (n) => `YOUR_${n}` } };

/** Files that are credentials themselves, or formats with their own secret mechanism: what to do instead. */
const INSTEAD: [RegExp, string][] = [
  [/(?:^|\/)(?:id_(?:rsa|dsa|ecdsa|ed25519)\w*|[\w.-]*deploy_key\w*|[\w.-]+\.(?:pem|key|p12|pfx|ppk))$/, 'a private key file: remove it from the repository (git rm --cached), keep it outside, and replace the key'],
  [/(?:^|\/)(?:\.?netrc|\.npmrc|\.pypirc|\.git-credentials|credentials|\.dockercfg)$/, 'a credentials file: keep it out of the repository (gitignore it) and in your home directory or CI secrets'],
  [/(?:^|\/)(?:[\w.-]*\.)?Dockerfile(?:\.[\w-]+)?$|(?:^|\/)Containerfile$/, 'a Dockerfile bakes values into the image: pass it as a build secret (RUN --mount=type=secret) or at run time (docker run -e)'],
  [/\.tf(?:vars)?$/, 'Terraform: declare variable "…" { sensitive = true } and set TF_VAR_… in the environment'],
  [/\.ipynb$/, 'a notebook: read it with os.environ in the cell and clear the saved output'],
];

/** The language of a file, or why `fix` cannot rewrite it. */
export function languageOf(path: string, text: string): Language | string {
  const base = path.split('/').pop() ?? path;
  if (/^\.env(?:\.|$)/.test(base)) return 'an environment file is where the value belongs: keep it untracked (gitignored)';
  for (const [re, why] of INSTEAD) if (re.test(path)) return why;
  if (/\.(?:md|mdx|markdown|rst|adoc|txt)$/i.test(base)) return docs;
  if (/^(?:docker-)?compose(?:\.[\w-]+)?\.ya?ml$/.test(base)) return LANGUAGES.compose;
  const ext = /\.([A-Za-z0-9]+)$/.exec(base)?.[1]?.toLowerCase() ?? '';
  if (BY_EXTENSION[ext]) return LANGUAGES[BY_EXTENSION[ext]];
  if (!ext && /^#!.*\b(?:ba|z|k|da)?sh\b/.test(text)) return shell;
  if (!ext && /^#!.*\bnode\b/.test(text)) return LANGUAGES.js;
  if (!ext && /^#!.*\bpython/.test(text)) return LANGUAGES.python;
  if (NO_LOOKUP[ext]) return `${NO_LOOKUP[ext]}: move the value to a secret store or an untracked override file`;
  return `keyscan fix does not know how ${ext ? `.${ext}` : 'this kind of'} files read environment variables`;
}

/** Minified, generated or binary: never rewritten. */
export function untouchable(path: string, text: string): string | null {
  if (text.includes('\u0000')) return 'a binary file';
  if (/\.min\.[a-z]+$/.test(path) || text.split('\n').some((l) => l.length > 2000)) return 'a minified file';
  if (/@generated|DO NOT EDIT|auto-?generated|Code generated .* DO NOT EDIT/i.test(text.split('\n').slice(0, 5).join('\n'))) return 'a generated file';
  return null;
}
