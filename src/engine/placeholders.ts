// Look-alikes that are not secrets: placeholders, templating, masked echoes, vendor documentation
// tokens, low-entropy bodies. Pure functions over the candidate secret (and its line).
import { createHash } from 'node:crypto';

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

const MASK = /\.\.\.|…|\*\*\*|x{5,}|X{5,}|#{4,}|•{2,}|<[^>]*>|\[(?:redacted|REDACTED|hidden|HIDDEN)\]/;
const PLACEHOLDER_WORDS =
  /your[_-]?(?:own[_-]?)?(?:api[_-]?)?(?:key|token|secret|password)|(?:example|placeholder|changeme|redacted|dummy[_-]?key|replace[_-]?me|insert[_-]?(?:your|key|token)|fake[_-]?(?:key|token|secret))|EXAMPLE|(?:_|-)HERE\b|(?:_|-)here\b/i;
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
// ${X}, {{ x }}, $(cmd), %X%, @X@, $X, and a whole value that is one interpolation: C# $"…{password}…",
// Python str.format and f-strings, Rust format! ({password}, {0}).
const TEMPLATE = /\$\{|\{\{|\}\}|\$\(|%[A-Za-z_][A-Za-z0-9_]*%|^@[A-Z_]+@$|^\$[A-Za-z_][A-Za-z0-9_]*$|^\{(?:[A-Za-z_][\w.]*|\d+)\}$/;

/**
 * SHA-256 of tokens published in vendor documentation (AWS, Stripe, GitHub, Slack quick-starts).
 * Stored as hashes so that this source file holds no credential-shaped text.
 */
const DOC_TOKEN_HASHES = new Set<string>([
  // Stripe quick-start test key
  '2cafc0970149a84f3b9e62eaf169f36f59907a3b3e31f7b82e68c69cd27f7326',
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

/**
 * Why `secret` is a placeholder or look-alike, or null when it may be real.
 * `body` is the secret without its public prefix.
 */
export function placeholderReason(secret: string, body: string): string | null {
  if (MASK.test(secret)) return 'masked or placeholder';
  if (TEMPLATE.test(secret)) return 'template or variable reference';
  if (PLACEHOLDER_WORDS.test(secret)) return 'placeholder or example value';
  for (const seq of SEQUENCES) if (body.includes(seq)) return 'sequential characters';
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
  /process\.env|import\.meta\.env|os\.environ|os\.getenv|getenv|System\.getenv|ENV\[|Deno\.env|config\.get|secrets\.|vault:|ssm:|arn:aws|env\(|\(\)|\)$/i;
const PLACEHOLDER_VALUE =
  /^(?:password|passwd|secret|token|api[_-]?key|changeme|change_me|test|testing|dummy|sample|example|null|nil|none|undefined|true|false|todo|tbd|fixme|default|admin|root|guest|user|username|pass|empty|required|optional|string|value|foo|bar|baz|qwerty|letmein)$/i;

/**
 * Extra checks for generic `password = "…"` style values: rejects code references, identifiers,
 * paths, URLs without credentials and values too uniform to be a chosen secret.
 */
export function genericValueReason(value: string, minLength = 8, ruleEntropy = 2.8): string | null {
  if (value.length < minLength) return 'too short';
  if (PLACEHOLDER_VALUE.test(value)) return 'placeholder value';
  if (IDENTIFIER_PATH.test(value) && IDENTIFIER_LIKE.test(value)) return 'identifier or property path';
  if (CODE_REF.test(value)) return 'code or environment reference';
  if (/^(?:\/|\.\.?\/|~\/|[A-Za-z]:\\)/.test(value)) return 'file path';
  if (/^[a-z][a-z0-9+.-]*:\/\/[^@]*$/i.test(value)) return 'URL without credentials';
  if (/^[a-z]+(?:[_-][a-z]+)*$/.test(value)) return 'plain words';
  if (/^[A-Z]+(?:_[A-Z]+)*$/.test(value)) return 'constant name';
  if (/^[A-Z]+(?:[^A-Za-z0-9\s]+[A-Z]+)+$/.test(value)) return 'capitalised placeholder (USER@REALM!TOKENID)';
  if (/^\d+$/.test(value)) return 'number';
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) && /^0{8}/.test(value))
    return 'nil UUID';
  if (shannonEntropy(value) < Math.min(2.8, ruleEntropy)) return 'low entropy';
  return null;
}
