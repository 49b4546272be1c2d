// `keyscan fix`, the pure half: given a file's text and the secrets found in it, the rewritten text (each
// literal replaced by an environment lookup in the file's language), the variables to put in `.env`, and
// what was declined and why. No file system: fix/apply.ts reads and writes.
import { languageOf, untouchable } from './languages.js';

export interface FixTarget {
  line: number;
  column: number;
  secret: string;
  rule: string;
  provider: string;
  /** The key stands encoded in the file (base64, hex…): found by decoding, not rewritable in place. */
  decoded?: string;
}

export interface FilePlan {
  path: string;
  before: string;
  after: string;
  /** Variable → value for `.env` (values are secrets: never printed whole). */
  variables: Map<string, string>;
  declined: { line: number; rule: string; why: string }[];
  language?: string;
}

/** Conventional variable names, where the provider's SDK reads one by default. */
const CONVENTIONAL: Record<string, string> = {
  'openai-project-key': 'OPENAI_API_KEY',
  'openai-service-account-key': 'OPENAI_API_KEY',
  'openai-user-key': 'OPENAI_API_KEY',
  'openai-api-key': 'OPENAI_API_KEY',
  'openai-admin-key': 'OPENAI_ADMIN_KEY',
  'anthropic-api-key': 'ANTHROPIC_API_KEY',
  'aws-access-key-id': 'AWS_ACCESS_KEY_ID',
  'aws-secret-access-key': 'AWS_SECRET_ACCESS_KEY',
  'github-pat-classic': 'GITHUB_TOKEN',
  'github-fine-grained-pat': 'GITHUB_TOKEN',
  'stripe-secret-key': 'STRIPE_SECRET_KEY',
  'huggingface-access-token': 'HF_TOKEN',
  'google-api-key': 'GOOGLE_API_KEY',
};

const snake = (text: string) =>
  text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();

/** The name the value is assigned to on its line, if any (`apiKey: "…"`, `API_KEY = '…'`, `api_key="…"`). */
function assignedName(before: string): string | null {
  const m = /([A-Za-z_][\w-]*)["'\]]?\s*(?::=|=>|=|:)\s*[bruf]?["'`]?$/.exec(before);
  return m ? m[1] : null;
}

/** A variable name from the assignment and the provider, e.g. `apiKey` for openai → OPENAI_API_KEY. */
export function variableName(target: FixTarget, before: string): string {
  const assigned = assignedName(before);
  const provider = snake(target.provider);
  // A name that says what the value is (apiKey, db_password, OPENAI_KEY); `a`, `config`, `value` say nothing.
  const name = assigned && (/^[A-Z][A-Z0-9_]{3,}$/.test(assigned) || /key|token|secret|pass|pwd|auth|cred/i.test(assigned)) ? assigned : null;
  if (name) {
    const upper = snake(name);
    if (/^[A-Z][A-Z0-9_]*$/.test(name) && name.length > 3) return name;
    if (/^(?:KEY|TOKEN|SECRET|PASSWORD|PASS|PWD|API_KEY|APIKEY|AUTH|AUTH_TOKEN|ACCESS_TOKEN|SECRET_KEY)$/.test(upper)) {
      return CONVENTIONAL[target.rule] ?? `${provider}_${upper === 'APIKEY' ? 'API_KEY' : upper}`;
    }
    return upper.startsWith(provider) || provider === 'GENERIC' ? upper : `${provider}_${upper}`;
  }
  if (CONVENTIONAL[target.rule]) return CONVENTIONAL[target.rule];
  const kind = /password/.test(target.rule) ? 'PASSWORD' : /token/.test(target.rule) ? 'TOKEN' : /secret/.test(target.rule) ? 'SECRET' : 'API_KEY';
  return provider === 'GENERIC' ? `APP_${kind}` : `${provider}_${kind}`;
}

/** A name not yet taken by another value (`existing`: what `.env` and this run already hold). */
function freeName(wanted: string, value: string, existing: Map<string, string>): string {
  for (let i = 1; ; i++) {
    const name = i === 1 ? wanted : `${wanted}_${i}`;
    const held = existing.get(name);
    if (held === undefined || held === value) return name;
  }
}

const QUOTES = ['"', "'", '`'];

export function planFile(path: string, text: string, targets: FixTarget[], existing: Map<string, string>): FilePlan {
  const plan: FilePlan = { path, before: text, after: text, variables: new Map(), declined: [] };
  const decline = (t: FixTarget, why: string) => plan.declined.push({ line: t.line, rule: t.rule, why });
  const skip = untouchable(path, text);
  const lang = skip ?? languageOf(path, text);
  if (typeof lang === 'string') {
    for (const t of targets) decline(t, skip ? `${skip}: never rewritten` : lang);
    return plan;
  }
  plan.language = lang.name;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let lines = text.split(/\r?\n/);
  // Right to left within a line, so earlier columns stay valid.
  const ordered = [...targets].sort((a, b) => a.line - b.line || b.column - a.column);
  let changed = false;
  for (const t of ordered) {
    const row = lines[t.line - 1];
    const start = t.column - 1;
    const end = start + t.secret.length;
    if (t.secret.includes('\n')) {
      decline(t, 'a key that spans lines (a private key block): move it to its own untracked file');
      continue;
    }
    if (t.decoded) {
      decline(t, `the key is ${t.decoded}-encoded here: remove the encoded value by hand`);
      continue;
    }
    if (row === undefined || row.slice(start, end) !== t.secret) {
      decline(t, 'the file changed since it was scanned');
      continue;
    }
    const known = new Map([...existing, ...plan.variables]);
    // One secret, one variable: a value already named (in .env or earlier in this run) keeps its name.
    const name = [...known].find(([, v]) => v === t.secret)?.[0] ?? freeName(variableName(t, row.slice(0, start)), t.secret, known);
    const open = row[start - 1] ?? '';
    const close = row[end] ?? '';
    let replaced: string | null = null;
    if (QUOTES.includes(open) && open === close) {
      // The whole literal, with a string prefix (Python r/u/f, C# @/$) that belongs to it.
      const head = row.slice(0, start - 1);
      if (/(?<![\w])(?:[bB][rR]?|[rR][bB])$/.test(head)) {
        decline(t, 'a bytes literal: convert it by hand (os.environ[...].encode())');
        continue;
      }
      const prefix = /(?<![\w])[rRuUfF]{1,2}$|[@$]{1,2}$/.exec(head)?.[0] ?? '';
      replaced = head.slice(0, head.length - prefix.length) + lang.lookup(name) + row.slice(end + 1);
    } else {
      const interpolation = lang.interpolate?.[quoteAround(row, start)];
      if (interpolation) replaced = row.slice(0, start) + interpolation(name) + row.slice(end);
    }
    if (replaced === null) {
      decline(t, `the key is part of a longer ${lang.name} string: split it out by hand`);
      continue;
    }
    lines[t.line - 1] = replaced;
    plan.variables.set(name, t.secret);
    changed = true;
  }
  if (changed && lang.ensureImport) {
    const withImport = lang.ensureImport(lines);
    if (typeof withImport === 'string') {
      for (const t of targets) decline(t, withImport);
      plan.variables.clear();
      return plan;
    }
    lines = withImport;
  }
  plan.after = lines.join(eol);
  return plan;
}

/** The quote the position stands inside on its line ('' when outside any), ignoring escaped quotes. */
function quoteAround(row: string, at: number): string {
  let inside = '';
  for (let i = 0; i < at; i++) {
    const ch = row[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inside) {
      if (ch === inside) inside = '';
    } else if (QUOTES.includes(ch)) inside = ch;
  }
  return inside;
}
