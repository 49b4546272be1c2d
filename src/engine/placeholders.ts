// Look-alikes that are not secrets: placeholders, templating, masked echoes, vendor documentation
// tokens, low-entropy bodies. Pure functions over the candidate secret (and its line).
import { createHash } from 'node:crypto';
import { looksLikeWords } from './words.js';

/**
 * The entropy a value must reach: the rule's floor, but never above what a value of that length can
 * hold less a little (log2(length) − 0.35), from six characters on. A six-letter password with one letter
 * repeated holds 2.25 bits and cannot reach a 2.3 floor; long tokens are unaffected.
 */
export function entropyFloor(floor: number, length: number): number {
  return length < 6 ? floor : Math.min(floor, Math.log2(length) - 0.35);
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    h -= p * Math.log2(p);
  }
  return h;
}

const MASK = /\.\.\.|…|\*\*\*|x{5,}|X{5,}|#{4,}|•{2,}|&lt;|&gt;|\[(?:redacted|REDACTED|hidden|HIDDEN)\]|^\[[^\]]*\]$|^\([A-Za-z _-]+\)$|^<[\w -]+$|^[\w -]+>$/;
const PLACEHOLDER_WORDS =
  /your[_-]?(?:own[_-]?)?(?:api[_-]?)?(?:key|token|secret|password)|(?:example|placeholder|changeme|redacted|dummy[_-]?key|replace[_-]?me|insert[_-]?(?:your|key|token)|fake[_-]?(?:key|token|secret))|EXAMPLE|(?:_|-)HERE\b|(?:_|-)here\b|^(?:replace|change|insert|enter|put|fill|paste)(?:[_-]|me\b|this|your|with)|^(?:my|some|a|the|any|your|random|dummy|fake|sample|strong|secure)[_-]?(?:secret|token|api[_-]?key|key|pass(?:word)?)\d*$/i;
const SEQUENCES = [
  '0123456789',
  '1234567890',
  'abcdefghij',
  'ABCDEFGHIJ',
  'qwertyuiop',
  'QWERTYUIOP',
  '9876543210',
  'zyxwvutsrq',
];
// Interpolation of every language: `${x}`, `#{x}` (Ruby, CoffeeScript), `{x}` and `{0}` (Python f-strings and
// str.format, C# `$"…"`, Rust format!), `%(x)s` (Python), `{{x}}`, `$(x)`, `%x%`, `@x@`, `$x`, and route
// parameters (`/disk/:encoded_token`).
const TEMPLATE =
  /\$\{|#\{|\{\{|\}\}|\$\(|%\([\w.-]+\)[sdr]|(?!^\{[A-Z0-9-]+\}.)\{[A-Za-z_][\w.]*(?:\[[^\]]*\])?(?:[:!][^}]{0,20})?\}|^\{\d+\}$|%[A-Za-z_][A-Za-z0-9_]*%|^@[A-Za-z_]+@$|^\$[A-Za-z_][A-Za-z0-9_]*$|(?:^|\/):[a-z_]+(?:\/|$)/;

/**
 * SHA-256 of tokens published in vendor documentation (AWS, Stripe, GitHub, Slack quick-starts).
 * Stored as hashes so that this source file holds no credential-shaped text.
 */
const DOC_TOKEN_HASHES = new Set<string>([
  // Stripe quick-start test key
  '2cafc0970149a84f3b9e62eaf169f36f59907a3b3e31f7b82e68c69cd27f7326',
  // Azure Storage emulator (Azurite / devstoreaccount1) account key, published by Microsoft
  '0011cc25eb4320717494d2703e8cba85743e71b500283c21c8b88147992f9059',
  // GitHub documentation user-to-server token
  '82e74299544e00738f9c0acb69b1eb348b3e20ffcfabcb34779bd37590fead6c',
  // Slack documentation user and refresh tokens
  'ef6de365889a2e217c304010f6327db0e0e3329dd7f4831f098eb26bb0764c04',
  '49b24c00b93ab91c7f914aceb00f80852385f247dba7841c3388b443e47ff4a9',
  // OAuth 2.0 (RFC 6749) sample client credentials, access and refresh tokens
  'ca7459e2b26776de081b9a07e40227fd6cff232a1e3233ff6b6aa6d036ca9981',
  '6c96130f130ab0d6d158397e24d2bcc1c9a5e73ae081f6e983f1c7b545d24a4c',
  '00cf4c781dc37003f7c7dd7d4c9a6ef1e0f4c62d9a291aa8bc398774e3fefd32',
  // AWS documentation keys all contain EXAMPLE and are caught by PLACEHOLDER_WORDS.
]);

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function isDocumentationToken(secret: string): boolean {
  return DOC_TOKEN_HASHES.has(sha256(secret));
}

/** The longest run of one repeated character. */
function longestRun(text: string): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    run = i > 0 && text[i] === text[i - 1] ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

// Neighbours on a keyboard row or in the alphabet / digits: `qwerty`, `asdf`, `abcd`, `1234`, `9876`.
const RUN_ROWS = ['abcdefghijklmnopqrstuvwxyz', '0123456789', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1qaz2wsx3edc4rfv', 'qazwsxedcrfv'];
const NEXT = new Map<string, Set<string>>();
for (const row of RUN_ROWS) {
  for (let i = 0; i + 1 < row.length; i++) {
    for (const [a, b] of [[row[i], row[i + 1]], [row[i + 1], row[i]]]) {
      if (!NEXT.has(a)) NEXT.set(a, new Set());
      NEXT.get(a)!.add(b);
    }
  }
}

/** Average length of the runs of neighbouring keys (`abcd1234` → 4; random text → about 1). */
function meanRunLength(text: string): number {
  const lower = text.toLowerCase();
  let runs = 1;
  for (let i = 1; i < lower.length; i++) if (!NEXT.get(lower[i - 1])?.has(lower[i])) runs++;
  return lower.length / runs;
}

/** The shortest p such that the text repeats with period p (`abcd1234abcd1234` → 8), or 0. */
function period(text: string): number {
  for (let p = 1; p <= text.length / 2; p++) {
    let ok = true;
    for (let i = p; i < text.length && ok; i++) ok = text[i] === text[i - p];
    if (ok) return p;
  }
  return 0;
}

/** Letters and digits interleaved, each an alphabet run: `a1b2c3d4`, `1a2b3c`. */
function alternatingRuns(text: string): boolean {
  if (text.length < 6 || !/^(?:[a-z]\d)+[a-z]?$|^(?:\d[a-z])+\d?$/i.test(text)) return false;
  const letters = text.replace(/\d/g, '');
  const digits = text.replace(/\D/g, '');
  return meanRunLength(letters) >= letters.length / 2 && meanRunLength(digits) >= digits.length / 2;
}

/**
 * Filler typed to fill a field: repeated units (`abcd1234abcd1234`, `1111`), interleaved runs
 * (`a1b2c3d4`), and text made of keyboard or alphabet runs (`qwerty123`, `abcd1234`, `asdfghjkl`).
 */
export function fillerReason(body: string): string | null {
  const alnum = body.replace(/[^A-Za-z0-9]/g, '');
  if (alnum.length >= 3 && new Set(alnum).size === 1) return 'repeated characters';
  if (alnum.length < 6) return null;
  const p = period(alnum);
  if (p > 0 && p <= alnum.length / 2) return 'repeated pattern';
  if (alternatingRuns(alnum)) return 'alternating sequence';
  if (meanRunLength(alnum) >= 3) return 'keyboard or alphabet run';
  return null;
}

/**
 * A generated salt or key of random printable characters (WordPress's `AUTH_SALT`, Django's
 * `SECRET_KEY`) may hold `{Ab2}` or `:abc/` by chance: 24+ characters with 5+ distinct symbols and none
 * of the unambiguous template openers (`${`, `#{`, `{{`, `$(`, `%(`) is no template.
 */
export function randomPrintable(secret: string): boolean {
  if (secret.length < 24 || /\$\{|#\{|\{\{|\}\}|\$\(|%\(/.test(secret)) return false;
  if (/\s/.test(secret) && /(?:^|\s)[A-Za-z]{3,}[,.!?:;]?(?=\s|$)/.test(secret)) return false; // words: a sentence
  // Code between two string literals (`\`Secret:\` + fmt.Sprintf("%v", x) + \``): a spaced `+`, a method call.
  if (/(?:^|\s)[+.](?:\s|$)|[A-Za-z_]\w*\.[A-Za-z_]\w*\(/.test(secret)) return false;
  return new Set(secret.replace(/[A-Za-z0-9{}<>\s]/g, '')).size >= 5;
}

/**
 * Why `secret` is a placeholder or look-alike, or null when it may be real.
 * `body` is the secret without its public prefix.
 */
export function placeholderReason(secret: string, body: string): string | null {
  const random = randomPrintable(secret);
  if (!random && (MASK.test(secret) || /<[^>]*>/.test(secret))) return 'masked or placeholder';
  if (TEMPLATE.test(secret) && !random) return 'template or variable reference';
  if (PLACEHOLDER_WORDS.test(secret)) return 'placeholder or example value';
  for (const seq of SEQUENCES) if (body.includes(seq)) return 'sequential characters';
  const filler = fillerReason(body);
  if (filler) return filler;
  if (body.length >= 8) {
    const distinct = new Set(body).size;
    if (distinct <= 3) return 'too few distinct characters';
    if (longestRun(body) >= Math.max(6, Math.floor(body.length / 3))) return 'repeated characters';
  }
  if (isDocumentationToken(secret)) return 'vendor documentation token';
  return null;
}

// A property path such as `config.db.password` or `Settings::API_KEY`: segments of letters (a digit at
// most at the end), not a password such as `Marble.Saffron923` or `jgJMyw8t9.wn5p`.
const IDENTIFIER_PATH = /^[A-Za-z_$][A-Za-z_$]*\d?(?:(?:\.|::|->|\?\.)[A-Za-z_$][A-Za-z_$]*\d?)+$/;
const IDENTIFIER_LIKE = /^(?:[a-z_$][A-Za-z_$]*\d?(?:(?:\.|::|->|\?\.)[A-Za-z_$][A-Za-z_$]*\d?)+|[A-Z][A-Za-z]*(?:(?:\.|::)[A-Za-z_$][A-Za-z_$]*)+)$/;
const CODE_REF =
  /process\.env|import\.meta\.env|os\.environ|os\.getenv|getenv|System\.getenv|ENV\[|Deno\.env|config\.get|secrets\.|vault:|ssm:|arn:aws|env\(/i;
/** A call in the value (`load()`, `…)` at the end); not in a generated salt, where `)` falls by chance. */
const CODE_CALL = /\(\)|\)$/;
const PLACEHOLDER_VALUE =
  /^(?:password|passwd|secret|token|api[_-]?key|changeme|change_me|test|testing|dummy|sample|example|null|nil|none|undefined|true|false|todo|tbd|fixme|default|admin|root|guest|user|username|pass|empty|required|optional|string|value|foo|bar|baz|qwerty|letmein|hunter2|public|private|protected|hidden|visible|enabled|disabled|invalid|missing|mismatch|function|object|number|boolean|symbol|bigint|latin1|utf-?8|utf-?16(?:le|be)?|ascii|base64|base64url|hex|binary|ucs-?2)$/i;

/**
 * Extra checks for generic `password = "…"` style values: rejects code references, identifiers,
 * paths, URLs without credentials and values too uniform to be a chosen secret.
 */
export function genericValueReason(value: string, minLength = 8, ruleEntropy = 2.8, kind: 'password' | 'secret' = 'password'): string | null {
  if (value.length < minLength) return 'too short';
  if (PLACEHOLDER_VALUE.test(value)) return 'placeholder value';
  if (/^[a-z_]+(?:\/[a-z_]+)*#[a-z_]+$/.test(value)) return 'controller#action route';
  if (/^[A-Za-z_$][\w$]*(?:\[-?\d+\])?(?:\.[A-Za-z_$][\w$]*(?:\[-?\d+\])?)+$/.test(value) && /\[-?\d+\]/.test(value)) return 'property path';
  if (/^[a-z][a-z0-9+.-]*:\/\/[^:@/]*:([^@/]*)@/i.test(value) && PLACEHOLDER_VALUE.test(/:\/\/[^:@/]*:([^@/]*)@/.exec(value)![1]))
    return 'URL with a placeholder password';
  // A literal in a password field stays a password (`hunter2pass`); a token, secret or key that reads
  // as words is a label, message or error code (`auth/invalid-api-key`, `TOKEN-12345`).
  if (kind === 'secret' && looksLikeWords(value, true)) return 'words, not a secret';
  if (IDENTIFIER_PATH.test(value) && IDENTIFIER_LIKE.test(value)) return 'identifier or property path';
  if (CODE_REF.test(value) || (CODE_CALL.test(value) && !randomPrintable(value))) return 'code or environment reference';
  if (/^(?:\/|\.\.?\/|~\/|[A-Za-z]:\\)/.test(value) && !randomPrintable(value)) return 'file path';
  if (/^--?[A-Za-z][\w-]*=?$/.test(value)) return 'command-line option';
  // `"Secret: "+fmt.Sprintf(…)`: the quote closed a label and what follows is code joined to it.
  if (/^(?:\+|\.|\|\|)\s?[A-Za-z_$][\w$]*(?:\.[\w$]+)*(?:\(|\s?\+$)/.test(value)) return 'code joined to a string';
  // `anonymous` FTP logins give an e-mail address as the password, by convention.
  if (kind === 'password' && /^[\w.+-]+@(?:[\w-]+\.)+[A-Za-z]{2,}$/.test(value)) return 'an e-mail address';
  if (/^[a-z][a-z0-9+.-]*:\/\/[^@]*$/i.test(value)) return 'URL without credentials';
  // One lowercase word in a password field is a (weak) password (a pet's name, a word reversed). Joined words
  // (`new_password`, `current-password`) are field names and autocomplete tokens.
  if (/^[a-z]+(?:[_/-][a-z]+)*$/.test(value) && !(kind === 'password' && /^[a-z]+$/.test(value))) return 'plain words';
  if (/^[A-Z]+(?:_[A-Z]+)*$/.test(value) || /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value)) return 'constant name';
  if (/^[A-Z]+(?:[^A-Za-z0-9\s]+[A-Z]+)+$/.test(value)) return 'capitalised placeholder (USER@REALM!TOKENID)';
  if (/^\d+$/.test(value)) return 'number';
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) && /^0{8}/.test(value))
    return 'nil UUID';
  if (shannonEntropy(value) < entropyFloor(Math.min(2.8, ruleEntropy), value.length)) return 'low entropy';
  return null;
}
