// Values of generic `token = …` / `secret: …` assignments that are words or code, not secrets:
// prose, labels, messages, error codes, type names and expressions. Pure functions of the value.

/** Split a value into its words: on separators and on camelCase / letter-digit boundaries. */
export function wordsOf(value: string): string[] {
  return value
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .replace(/(\d)([A-Za-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0);
}

const VOWELS = /[aeiouy]/i;
// Letter pairs that English words almost never hold; random text holds them all the time.
// (`xc`, `xp`, `xt` as in except, expect, text; `kn`, `wn`, `wd` as in known, down, crowd; `cq`, `bj`,
// `dj`, `dv` as in acquire, object, adjust, advance are common.)
const RARE_PAIR = /[qzjv][qxzjvkwfgpbcdmtn]|x[qxzjvkwgbdmn]|k[qxzjvkwfgpbcdmt]|w[qxzjvkwfgpbcm]|[fgpt][qxzjv]|[bcdm][qxz]|[^aeiouy]{5}/i;

/** A word a person would write: pronounceable letters, not a random draw from an alphabet. */
export function wordLike(word: string): boolean {
  if (/^\d+$/.test(word)) return word.length <= 5;
  if (!/^[A-Za-z]+$/.test(word)) return false;
  if (word.length <= 3) return true;
  if (!VOWELS.test(word)) return false;
  // Mixed case inside one word (`gPFEGk`) is how random tokens look, not words.
  if (!/^[A-Z]?[a-z]+$|^[A-Z]+$/.test(word)) return false;
  if (RARE_PAIR.test(word)) return false;
  const vowels = word.replace(/[^aeiouy]/gi, '').length / word.length;
  return vowels >= 0.15 && vowels <= 0.8;
}

/**
 * The value reads as words (a label, message, error code or type name): every piece is a word, a
 * short number or a version tag, and most of the letters are in words of four or more letters.
 * `auth/invalid-api-key`, `your-api-v2-token`, `TOKEN-12345`, `CredentialLoggerInstance`.
 */
export function looksLikeWords(value: string, strict = false): boolean {
  // Strict (quoted literals): a digit glued to a word makes a passphrase (`Marble.Saffron923`), not a label.
  if (strict && /[A-Za-z]{2}\d|\d[A-Za-z]{2}/.test(value)) return false;
  if (/^[0-9a-f-]+$/i.test(value) && (/\d/.test(value) || value.length >= 16)) return false; // hex and UUIDs are not words
  const words = wordsOf(value);
  if (words.length === 0) return false;
  if (!words.every(wordLike)) return false;
  const letters = words.filter((w) => /[A-Za-z]/.test(w));
  if (letters.length === 0) return false;
  const long = letters.filter((w) => w.length >= 4).reduce((n, w) => n + w.length, 0);
  const all = letters.reduce((n, w) => n + w.length, 0);
  return long >= 4 && long / all >= 0.6;
}

// Member access or a call: `AccessToken_1.default`, `Stripe_.V2.Core.AccountToken`, `this.#config.DD_API_KEY`,
// `fields?.apiKey`, `app.options.apiKey!`, `Jobs[-1].JobId`, `e.accessToken`.
const MEMBER = /^(?:this\.|self\.|@)?#?[A-Za-z_$][\w$]*(?:(?:\?\.|\.|::|->)#?[A-Za-z_$][\w$]*|\[-?\d+\]|\(\))+[!$]?[,;)]?$/;
// Minified or chained code: `E.isX=Hh;E.isY=WK`, `r.password,c.host=r.host`, `null;token=…`, `a===b`.
const CODE_CHAIN =
  /(?:^|[;,])\s?[A-Za-z_$][\w$]*(?:\.[\w$]+)+\s?=[^=]|;\s?[A-Za-z_$][\w$.]*\s?=|^[A-Za-z_$][\w$]*(?:\.[\w$]+)+[,;)]|[\w$)\]]\s?(?:===?|!==?|\|\||&&)\s?[\w$!"'(]/;

/** Most of the letters stand in words of four letters or more (not a token cut into short pieces). */
function mostlyLongWords(words: string[]): boolean {
  const letters = words.filter((w) => /[A-Za-z]/.test(w));
  const all = letters.reduce((n, w) => n + w.length, 0);
  const long = letters.filter((w) => w.length >= 4).reduce((n, w) => n + w.length, 0);
  return all > 0 && long / all >= 0.4;
}

/**
 * An unquoted value that is code: an identifier, member access, type name or expression. Unquoted
 * values in source code are expressions (`apiKey: SensitiveString2048`, `token = e.accessToken`);
 * in `.env`, `.properties` and YAML, a literal shaped so is rare, and secrets are not shaped so.
 */
export function codeExpressionReason(value: string): string | null {
  if (/^(?:\\[nrt])/.test(value) || /\\[nr]$/.test(value)) return 'escaped text, not a value';
  const bare = value.replace(/[!$]?[,;)]?$/, '');
  const members = wordsOf(bare.replace(/\b(?:this|self)\b/g, ''));
  if (MEMBER.test(value) && members.every((w) => wordLike(w) || /^[A-Z0-9]{1,4}$/.test(w)) && mostlyLongWords(members)) {
    return 'member access';
  }
  if (CODE_CHAIN.test(value)) return 'code expression';
  // `save!`, `user.name!`, `$scope.x$`: an identifier with a bang or sigil, not `Xq4DbUwU4N2T0a7!` (a password).
  if (/[!$]$/.test(value) && /^[A-Za-z_$][\w$.]*[!$]$/.test(value) && looksLikeWords(value.replace(/[!$]+$/, '').replace(/[$.]/g, ' '))) return 'code expression';
  if (/^[A-Z][a-z]+(?:[A-Z0-9][a-z0-9]*)+$/.test(bare) && looksLikeWords(bare)) return 'type name';
  if (/^[A-Za-z_][\w]*\$[\w$]*$/.test(bare) && looksLikeWords(bare.replace(/\$/g, ' '))) return 'generated identifier';
  if (/^[\w$.]+(?:\s?\|\s?[\w$.]+)+$/.test(bare) && looksLikeWords(bare)) return 'type union';
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(bare) && looksLikeWords(bare)) return 'constant name';
  return null;
}

/** Source code, where an unquoted value after `=` or `:` is an expression, never a literal. */
const SOURCE_CODE = /\.(?:[cm]?js|jsx|[cm]?ts|tsx|map|py|pyi|rb|java|kt|kts|scala|groovy|go|rs|cs|fs|vb|swift|m|mm|c|h|cc|cpp|cxx|hpp|php|dart|lua|pl|pm|jl|ex|exs|erl|clj|vue|svelte)$/i;

export function isSourceCode(path: string): boolean {
  return SOURCE_CODE.test(path);
}
