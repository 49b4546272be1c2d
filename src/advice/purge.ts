// The purge plan: a `git filter-repo --replace-text` expressions file for the secrets found, and the
// commands and caveats to apply it. Pure: the CLI writes the file (mode 0600) and prints the text.
//
// filter-repo reads one expression per line: `literal:TEXT==>REPLACEMENT` or `regex:PYTHON-REGEX==>…`
// (the last `==>` splits; blank lines are skipped; there are no comments). So the warning that the file
// holds secrets is itself an expression that replaces its own text with itself: a no-op for the rewrite,
// and the first thing anyone opening the file reads.

export interface PurgeSecret {
  /** The plaintext secret. */
  secret: string;
  /** The rule that found it, named in the replacement. */
  rule: string;
}

export const PURGE_WARNING =
  'KEYSCAN PURGE PLAN - THIS FILE HOLDS LIVE SECRETS IN PLAINTEXT - REVOKE THEM FIRST, NEVER COMMIT THIS FILE, DELETE IT WHEN DONE';

/** Escape text for a Python bytes regex; line breaks match `\n` or `\r\n`. */
export function pythonRegexLiteral(text: string): string {
  let out = '';
  const parts = text.split(/\r?\n/);
  for (const [i, part] of parts.entries()) {
    if (i > 0) out += '\\r?\\n';
    for (const ch of part) {
      const code = ch.codePointAt(0)!;
      if (/[A-Za-z0-9_]/.test(ch) || code > 0x7f) out += ch;
      else if (ch === '\r') out += '\\r';
      else if (ch === '\t') out += '\\t';
      else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
      else out += `\\${ch}`;
    }
  }
  return out;
}

/** The replacement written in place of a secret. */
export function replacementFor(rule: string): string {
  return `***REMOVED-BY-KEYSCAN:${rule.replace(/[^A-Za-z0-9_.-]/g, '_')}***`;
}

/** One expression line for a secret: literal when it fits on one line, else a regex. */
export function expressionFor(s: PurgeSecret): string {
  const plain = !/[\r\n]/.test(s.secret);
  return `${plain ? `literal:${s.secret}` : `regex:${pythonRegexLiteral(s.secret)}`}==>${replacementFor(s.rule)}`;
}

/** The expressions file: the warning line, then one line per distinct secret, longest first. */
export function purgeExpressions(secrets: PurgeSecret[]): string {
  const seen = new Set<string>();
  const unique: PurgeSecret[] = [];
  for (const s of secrets) {
    if (s.secret === '' || seen.has(s.secret)) continue;
    seen.add(s.secret);
    unique.push(s);
  }
  unique.sort((a, b) => b.secret.length - a.secret.length || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  const lines = [`literal:${PURGE_WARNING}==>${PURGE_WARNING}`, ...unique.map(expressionFor)];
  return `${lines.join('\n')}\n`;
}

function quote(path: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

export interface PurgeInstructionsInput {
  /** Where the plan was written (absolute). */
  file: string;
  /** Distinct secrets in it. */
  count: number;
  /** The file lies inside the repository's work tree. */
  insideRepo?: boolean;
}

/** What to do with the plan: printed on standard error after writing it. Holds no secret. */
export function purgeInstructions(p: PurgeInstructionsInput): string {
  const f = quote(p.file);
  const lines = [
    `keyscan: wrote a purge plan for ${p.count} secret${p.count === 1 ? '' : 's'} to ${p.file} (mode 0600).`,
    '  THIS FILE HOLDS THOSE SECRETS IN PLAINTEXT: never commit or share it, and delete it when you are done.',
    ...(p.insideRepo ? [`  It is inside the repository: keep it out of every commit (or write it outside the work tree).`] : []),
    '',
    '  1. Revoke or rotate every one of these keys first: rewriting history does not un-leak a key that was pushed.',
    '  2. Rewrite history in a fresh mirror clone (git filter-repo is a separate tool: pip install git-filter-repo,',
    '     or your package manager\'s git-filter-repo package):',
    '       git clone --mirror <remote-url> purge.git',
    '       cd purge.git',
    `       git filter-repo --replace-text ${f}`,
    '  3. Check the result: keyscan git . (inside purge.git) should no longer find these secrets.',
    '  4. Force-push the rewritten branches and tags (filter-repo removes the origin remote on purpose):',
    '       git push --force --all <remote-url>',
    '       git push --force --tags <remote-url>',
    `  5. Delete the plan: rm ${f}`,
    '',
    '  Caveats:',
    '  - Every commit from the first one that held a secret gets a new id. Everyone must clone again: a push',
    '    from an old clone brings the secrets back.',
    '  - Forks, pull-request refs (refs/pull/* on GitHub, refs/merge-requests/* on GitLab), caches and anyone\'s',
    '    existing clone keep the old objects; only the host\'s support can purge its copies. That is why step 1 comes first.',
    '  - Protected branches refuse a force push until you lift the protection.',
    '  - --replace-text rewrites file contents only; if a key is in a commit message, pass the same file to',
    '    --replace-message as well.',
  ];
  return `${lines.join('\n')}\n`;
}
