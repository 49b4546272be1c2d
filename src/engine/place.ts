import { looksLikeWords } from './words.js';

// What the text around a match says about it: commented examples and connections to local hosts hold
// example values far more often than working credentials. Such matches are reported with low
// confidence (never hidden); the path policy is findings/path-policy.ts. Pure functions of text.

// A comment line: `//`, `#`, `/*`, ` * ` (JSDoc, Javadoc), `--`, `;`, `%`, `<!--`, `REM`, `"""`.
const COMMENT_START = /^\s*(?:\/\/|#(?![{!])|\/\*|\*(?![*\w])|--(?=\s)|;(?=\s)|%(?=\s)|<!--|rem\s|'''|""")/i;
// Words that introduce an example in prose or a doc comment.
const EXAMPLE_WORDS = /@example|\bfor example\b|\bexample:|\be\.g\.|\bfor instance\b|\bsuch as\b/i;
// Hosts that are never production: loopback, `localhost`, RFC 2606 example domains, placeholder hosts.
const LOCAL_HOST = /@(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|(?:[\w-]+\.)*example\.(?:com|org|net)|(?:[\w-]+\.)*(?:test|invalid|local|localdomain)|host|hostname|your[\w-]*)(?=[:/?#\s"'`]|$)/i;

// A line that ends by introducing what follows as an example: `Example:`, `For example:`, `e.g.:` (also
// inside a C string or a doc comment: `"   Example:\n"`).
const INTRODUCES_EXAMPLE = /\b(?:examples?|e\.g\.|usage|sample)\s*:\s*(?:\\n)?["']?\s*$/i;
// An RFC 2606 example domain as a URL host on the same line.
const EXAMPLE_URL = /\b[a-z][a-z0-9+.-]*:\/\/(?:[^\s/@'"]*@)?(?:[\w-]+\.)*example\.(?:com|org|net)(?![\w.-]*\.[a-z])/i;

/** The reason for a match in a plain comment (a distinctive key there is medium, not low: engine/scan.ts). */
export const IN_A_COMMENT = 'in a comment';

/** The logical line a match stands on: a source map or JSON string holds whole files, lines joined by `\n`. */
function logicalLine(before: string): string {
  const escaped = before.lastIndexOf('\\n');
  return escaped === -1 ? before : before.slice(escaped + 2);
}

/**
 * Why the text around a match makes it low confidence, or null: it stands in a comment (doc comments
 * and commented examples: `* token: "…"`, `# e.g. postgres://user:pw@localhost/db`), or it is a
 * connection string to a local or example host. `before` is the line up to the secret; `above` the
 * line before it. A real key commented out in a config file is still reported, at low confidence.
 */
export function contextReason(before: string, after: string, above: string, path: string): string | null {
  const line = logicalLine(before);
  const rest = restOfLine(after);
  if (EXAMPLE_WORDS.test(line) || /@example\b/.test(above) || introducedAbove(above)) return 'introduced as an example';
  // Before the comment test: a commented connection to localhost is an example, not a live key commented out.
  if (/:\/\/[^\s/@]*$/.test(line) && LOCAL_HOST.test(rest.slice(0, 120))) return 'a connection to a local or example host';
  // A doc comment (`/** … */`, ` * …` lines of JSDoc, Javadoc, PHPDoc) is documentation: its values are examples.
  // Commented-out code (`// const key = …`, `# KEY=…`) may hold a live key and stays IN_A_COMMENT.
  if (/^\s*(?:\/\*\*|\*(?:\s|$))/.test(line) && !/^\s*\*\//.test(line)) return 'in a doc comment';
  if (COMMENT_START.test(line) && !/\.env(?:\.|$)|(?:^|\/)[^/]*\.env$/.test(path)) return IN_A_COMMENT;
  // A curl command with a user and password aimed at https://example.com/…: a reserved example domain is documentation.
  if (EXAMPLE_URL.test(rest)) return 'used with an example host';
  return null;
}

/**
 * One of the lines above (`above` holds up to a few, joined by newlines; the nearest last) ends by
 * introducing an example: `For example:` then a code block, `"   Example:\n"` in a C string.
 */
function introducedAbove(above: string): boolean {
  return above.split('\n').some((l) => INTRODUCES_EXAMPLE.test(logicalLine(l)));
}

/** The text after a match up to the end of its logical line. */
function restOfLine(after: string): string {
  const ends = [after.indexOf('\n'), after.indexOf('\\n')].filter((i) => i >= 0);
  return ends.length === 0 ? after : after.slice(0, Math.min(...ends));
}

// A digest named by its algorithm right before the value: Go module sums (`h1:`), Subresource
// Integrity and lockfile hashes (`sha512-`), image digests (`sha256:`). A hash, never a credential.
const DIGEST_BEFORE = /(?:\bh1:|\b(?:sha(?:1|224|256|384|512)|md5|blake2b?)[-:])$/i;

/** The value is a digest named by the text right before it (`h1:…`, `sha512-…`, `sha256:…`). */
export function digestBefore(before: string): boolean {
  return DIGEST_BEFORE.test(before.slice(-8));
}

// `host: "localhost"`, `'HOST' => '127.0.0.1'`, `server=localhost` a few lines above a password.
const LOCAL_HOST_SETTING = /\b(?:host(?:name)?|server|address)["']?\s*(?:=>|[:=])\s*["']?(?:localhost|127\.0\.0\.1|0\.0\.0\.0|::1)\b/i;

/** A generic password set a few lines below a local host setting (a development database's default). */
export function localHostAbove(above: string): boolean {
  return LOCAL_HOST_SETTING.test(above);
}

/**
 * A connection string's password that reads as words (`randompassword`, `mysecretpass`): a credential
 * still (it is reported), but not a distinctive format, so medium rather than high confidence.
 */
export function wordPasswordReason(before: string, secret: string): string | null {
  if (!/:\/\/[^\s/@]*$/.test(before)) return null;
  return /^[a-z]+$/i.test(secret) && looksLikeWords(secret, true) ? 'a password of plain words' : null;
}
