// The generic-assignment parser. From each keyword hit it reads, left to right and a bounded number
// of characters each, the NAME around the hit (an identifier holding the keyword, suffixes allowed),
// the IDIOM to its right (=, :=, ::=, ?=, .=, =>, :, typed `: str =`, Go `var x T =`, a comparison,
// a call argument, a setter or constructor call, an XML element or key/value attribute pair, a
// Kubernetes `value:` line, a Terraform block) and the VALUE (a literal in any quote style, or an
// unquoted run up to its delimiter). It decides nothing about the value beyond its shape: the
// engine's shared filters (placeholders, references, identifiers, entropy) judge it afterwards.
// Linear: no backtracking, every hit costs at most a few hundred characters of reading.
import { type NameClass, classifyName, keyCall, nameWords, setterClass } from './names.js';
import { randomPrintable } from './placeholders.js';
import { looksLikeWords, wordsOf } from './words.js';

export type ValueForm = 'quoted' | 'unquoted' | 'element';

export interface Assignment {
  name: string;
  cls: NameClass;
  /** How it was written: `=`, `:`, `typed`, `call-argument`, `xml-element`, `key-call`, … */
  idiom: string;
  form: ValueForm;
  value: string;
  /** Offsets of the value in the text. */
  start: number;
  end: number;
}

const MAX_NAME = 80;
/** Spaces between a name, its operator and its value (column-aligned files). */
const MAX_GAP = 64;
const MAX_VALUE = 256;
/** A value worth judging holds a digit or a symbol: letters alone are labels, words and identifiers. */
const DIGIT_OR_SYMBOL = /[0-9!#$%^&*+=/~@?]/;
/**
 * A literal of letters only is still worth judging where it is written as a literal: in a password
 * field (a lowercase word, or random mixed-case letters), and as a token or secret when it is long and mixes
 * case the way random text does (`"kLmNoPqRsTuVwXyZ"`), not the way words do (`"AccessToken"`).
 */
function lettersWorthJudging(value: string, cls: NameClass): boolean {
  if (!/^[A-Za-z]+$/.test(value)) return false;
  if (cls === 'password') return value.length >= 6 && (/^[a-z]+$/.test(value) || !looksLikeWords(value));
  return value.length >= 16 && /[a-z]/.test(value) && /[A-Z]/.test(value) && !looksLikeWords(value);
}

/** The value spells the last part of the name, or most of it, in another case (`acquireTokenSilent` for `AcquireTokenSilent`). */
function sameWords(value: string, name: string): boolean {
  const last = name.split(/[.:[\]'"$>-]+/).filter(Boolean).pop() ?? name;
  const norm = (s: string) => s.toLowerCase().replace(/[_\-\s]/g, '');
  const [v, n] = [norm(value), norm(last)];
  // The same words in another order (`SHA256_TOKEN_TO_REFRESH: "token_sha256_to_refresh"`).
  const words = (x: string) => wordsOf(x).map((w) => w.toLowerCase()).sort().join(' ');
  if (wordsOf(value).length >= 2 && words(value) === words(last)) return true;
  // Also a label that is the name's start or end (`…AcquireTokenRedirect = "…AcquireToken"`).
  return v.length >= 4 && (v === n || (v.length >= 12 && (n.startsWith(v) || n.endsWith(v) || v.startsWith(n))));
}

/** In code, an unquoted value of letters and a few trailing digits is an identifier (`token: tokenV2`). */
const CODE_IDENTIFIER = /^[A-Za-z_$][A-Za-z_$]*\d{0,3}$/;
const UNQUOTED_START = /[^\s*&!%$?#.,;:@|<>{}()[\]"'`\\]/;
/** A quoted value starting so is a format, path, template, selector or token name (`"?Keyword"`), not a secret. */
const QUOTED_NOT_START = /[%{$<?#.:;,]/;
const UNQUOTED_STOP = /[\s"'`,;)\]}<>\0]/;

/** [A-Za-z0-9_.-], by char code (the name scan runs for every keyword hit). */
function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;
}

function skipSpaces(text: string, i: number, max = MAX_GAP): number {
  const end = Math.min(text.length, i + max);
  while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

interface Literal {
  start: number;
  end: number;
  /** Just after the closing quote. */
  next: number;
  interpolated: boolean;
}

/** A string literal starting at `i` (with its prefix: b"", r'', f"", @"", $"", \"…\" inside JSON). */
export function readLiteral(text: string, i: number): Literal | null {
  let p = i;
  let interpolated = false;
  const prefix = /^(?:[bBrRuU]{1,2}|[fF][rR]?|[rR][fF]|@|\$@?|@\$)(?=["'`])/.exec(text.slice(p, p + 4));
  if (prefix) {
    interpolated = /[fF$]/.test(prefix[0]);
    p += prefix[0].length;
  }
  let quote = text[p];
  if (quote === '\\' && (text[p + 1] === '"' || text[p + 1] === "'")) quote = text.slice(p, p + 2);
  else if (quote !== '"' && quote !== "'" && quote !== '`') return null;
  if ((quote === '"' || quote === "'") && text.startsWith(quote.repeat(3), p)) quote = quote.repeat(3);
  const start = p + quote.length;
  const limit = Math.min(text.length, start + MAX_VALUE);
  for (let k = start; k < limit; k++) {
    const c = text[k];
    if (c === '\n' || c === '\r') return null;
    if (text.startsWith(quote, k)) return { start, end: k, next: k + quote.length, interpolated };
    if (c === '\\') return null;
  }
  return null;
}

/**
 * A literal turned into bytes on the spot: `[]byte("…")` (Go), `Encoding.UTF8.GetBytes("…")` (C#),
 * `Buffer.from("…")` (Node), `bytes("…", "utf-8")` (Python), `"…".getBytes()` is read by the caller.
 */
const BYTES_WRAPPER = /^(?:\[\]byte|(?:System\.Text\.)?Encoding\.(?:UTF8|ASCII|Default|Unicode|Latin1)\.GetBytes|Buffer\.from|bytes|bytearray)\s*\(\s*/;

/** A literal at `i`, bare or inside a bytes wrapper whose call closes after it (or takes an encoding). */
export function readKeyLiteral(text: string, i: number): Literal | null {
  const bare = readLiteral(text, i);
  if (bare) return bare;
  const w = BYTES_WRAPPER.exec(text.slice(i, i + 48));
  if (!w) return null;
  const lit = readLiteral(text, i + w[0].length);
  return lit && /^\s*[),]/.test(text.slice(lit.next, lit.next + 4)) ? lit : null;
}

/** The literal at argument `n` of the call whose `(` is at `open`, skipping other arguments. */
function callArgument(text: string, open: number, n: number): Literal | null {
  let i = open + 1;
  for (let arg = 0; arg <= n; arg++) {
    i = skipSpaces(text, i);
    if (arg === n) return readKeyLiteral(text, i);
    // Skip one argument: a literal, or an expression up to the next comma at depth 0.
    const lit = readLiteral(text, i);
    if (lit) i = lit.next;
    let depth = 0;
    const limit = Math.min(text.length, i + MAX_VALUE);
    for (; i < limit; i++) {
      const c = text[i];
      if (c === '\n' || (depth === 0 && c === ')')) return null;
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') depth--;
      else if (c === ',' && depth === 0) break;
    }
    if (text[i] !== ',') return null;
    i++;
  }
  return null;
}

/** What follows a literal makes it part of an expression (`"abc" + x`, `'abc' . $x`). */
function continuesExpression(text: string, i: number): boolean {
  const j = skipSpaces(text, i, 4);
  // PHP concatenation is ` . $x` / ` . 'x'` / `'…'.$x`; `VAR="…" ./bin/run.sh` is a shell command prefix.
  if (text[j] === '+') return true;
  if (text[j] !== '.') return false;
  return j > i ? /[\s$'"]/.test(text[j + 1] ?? '') : /[$'"]/.test(text[j + 1] ?? '');
}

interface Operator {
  op: string;
  next: number;
}

/** The operator at `i` (after optional spaces), or null. `lineBefore` is the line up to the name. */
function readOperator(text: string, i: number, lineBefore: string): Operator | null {
  const j = skipSpaces(text, i);
  const c = text[j];
  const at = (s: string) => text.startsWith(s, j);
  if (c === ':') {
    if (at(':::=')) return { op: ':::=', next: j + 4 };
    if (at('::=')) return { op: '::=', next: j + 3 };
    if (at(':=')) return { op: ':=', next: j + 2 };
    if (at('::')) return null;
    // A type annotation between the name and `=`: `secret: str = "…"`, `password: string = '…'`.
    let k = skipSpaces(text, j + 1, 8);
    // A space must stand before that `=`: without one, it is a YAML value that holds `=` itself.
    const type = /^[A-Za-z_][\w.[\]<>|?, ]{0,40}?(?=\s+=(?![=>~]))/.exec(text.slice(k, k + 48));
    if (type) {
      k = skipSpaces(text, k + type[0].length);
      return { op: 'typed', next: k + 1 };
    }
    return { op: ':', next: j + 1 };
  }
  if (c === '=') {
    if (at('===')) return { op: '==', next: j + 3 };
    if (at('==')) return { op: '==', next: j + 2 };
    if (at('=>')) return { op: '=>', next: j + 2 };
    if (at('=~')) return null;
    return { op: '=', next: j + 1 };
  }
  if (at('!==')) return { op: '==', next: j + 3 };
  if (at('!=')) return { op: '==', next: j + 2 };
  for (const op of ['?=', '??=', '||=', '.=', '+=']) if (at(op)) return { op, next: j + op.length };
  // Go: `var apiToken string = "…"`.
  if (/(?:^|[\s(])(?:var|const)\s+$/.test(lineBefore)) {
    const type = /^[A-Za-z_*[\]][\w.*[\]]{0,30}\s*=(?![=>~])/.exec(text.slice(j, j + 40));
    if (type) return { op: 'go-var', next: j + type[0].length };
  }
  // Kubernetes: `- name: DB_PASSWORD` then `value: …` on the next line.
  if ((c === '\n' || c === '\r') && /^\s*-?\s*name\s*:\s*["']?$/.test(lineBefore)) {
    const m = /^\r?\n[ \t]*value[ \t]*:/.exec(text.slice(j, j + 80));
    if (m) return { op: 'k8s-env', next: j + m[0].length };
  }
  return null;
}

/** Where the line after offset `i` starts, looking at most `max` characters ahead; -1 if farther. */
function nextLine(text: string, i: number, max: number): number {
  const end = Math.min(text.length, i + max);
  for (let k = i; k < end; k++) if (text[k] === '\n') return k + 1;
  return -1;
}

/** Terraform: `variable "db_password" {` … `default = "…"` within the next three lines. */
function terraformValue(text: string, brace: number): number | null {
  let i = brace + 1;
  for (let line = 0; line < 4; line++) {
    i = nextLine(text, i, 120);
    if (i === -1) return null;
    const m = /^[ \t]*(?:default|value)[ \t]*=[ \t]*/.exec(text.slice(i, i + 40));
    if (m) return i + m[0].length;
  }
  return null;
}

/**
 * A generated key or salt (WordPress's `AUTH_KEY` … `NONCE_SALT`, Django's `SECRET_KEY`): random
 * printable characters, spaces and any first character included. Only under a name whose last word is
 * key, salt, pepper or secret; elsewhere such a literal is more often a piece of code or markup.
 */
function generatedKey(name: string, value: string): boolean {
  const words = nameWords(name.split(/\.|::|->/).pop() ?? '');
  return /^(?:keys?|salts?|peppers?|secrets?)$/.test(words[words.length - 1] ?? '') && randomPrintable(value);
}

function found(name: string, cls: NameClass | null, idiom: string, form: ValueForm, text: string, start: number, end: number): Assignment | null {
  if (!cls || end <= start) return null;
  const value = text.slice(start, end);
  // Spaces make a phrase, except in a generated salt of random printable characters (WordPress's keys).
  if (/\s/.test(value) && !(form === 'quoted' && generatedKey(name, value))) return null;
  if (!DIGIT_OR_SYMBOL.test(value) && !(form !== 'unquoted' && lettersWorthJudging(value, cls))) return null;
  // `PASSWORD_TOO_WEAK = "passwordTooWeak"`, `Masterpass = "masterpass"`: the name again, an enum member or label.
  if (sameWords(value, name)) return null;
  return { name, cls, idiom, form, value, start, end };
}

/** A quoted value at `i`, as an assignment of `name`. */
function quotedValue(text: string, i: number, name: string, cls: NameClass | null, idiom: string): Assignment | null {
  const lit = readLiteral(text, i);
  if (!lit || continuesExpression(text, lit.next)) return null;
  if (QUOTED_NOT_START.test(text[lit.start] ?? '') && !generatedKey(name, text.slice(lit.start, lit.end))) return null;
  if (lit.interpolated && /[{}]/.test(text.slice(lit.start, lit.end))) return null;
  return found(name, cls, idiom, 'quoted', text, lit.start, lit.end);
}

/** `${DB_PASSWORD:-…}` (shell, compose), `${DB_PASSWORD:…}` (Spring): a reference with a default. */
const REFERENCE_DEFAULT = /^\$\{[A-Za-z_][\w.]{0,80}(?::-|:=|:|-|=)([^\s{}$"'`]{1,256})\}/;

/** The default of a reference at `v` (bare or quoted), which is a hard-coded credential when the variable is unset. */
function referenceDefault(text: string, v: number): { start: number; end: number; quoted: boolean } | null {
  const quote = text[v] === '"' || text[v] === "'" ? text[v] : '';
  const i = v + quote.length;
  const m = REFERENCE_DEFAULT.exec(text.slice(i, i + 360));
  if (!m) return null;
  const end = i + m[0].length - 1;
  if (quote && text[end + 1] !== quote) return null; // "${X:-a}b": part of a longer string
  return { start: end - m[1].length, end, quoted: quote !== '' };
}

/** The line of `text` up to offset `i`. */
function lineUpTo(text: string, i: number): string {
  const from = Math.max(0, i - 200);
  let k = i;
  while (k > from && text[k - 1] !== '\n') k--;
  return text.slice(k, i);
}

/** The called name when `line` ends with `name(` (and spaces): read backwards, no regex. */
function calledName(line: string): string | null {
  let k = line.length;
  while (k > 0 && (line[k - 1] === ' ' || line[k - 1] === '\t')) k--;
  if (line[k - 1] !== '(') return null;
  k--;
  while (k > 0 && (line[k - 1] === ' ' || line[k - 1] === '\t')) k--;
  const end = k;
  while (k > 0 && /[\w.$]/.test(line[k - 1])) k--;
  return k < end ? line.slice(k, end) : null;
}

/**
 * The assignment whose name holds offset `at`, and where that name ends (so the caller skips the
 * other keywords inside it). `code`: the text is source code, where an unquoted value is an expression.
 */
export function assignmentAt(text: string, at: number, code: boolean): { nameEnd: number; found: Assignment | null } {
  let s = at;
  const lo = Math.max(0, at - MAX_NAME);
  while (s > lo && isNameChar(text.charCodeAt(s - 1))) s--;
  let e = at;
  const hi = Math.min(text.length, at + MAX_NAME);
  while (e < hi && isNameChar(text.charCodeAt(e))) e++;
  const nameEnd = e;
  while (s < e && (text[s] === '-' || text[s] === '.')) s++;
  while (e > s && (text[e - 1] === '-' || text[e - 1] === '.')) e--;
  if (e <= at) return { nameEnd: Math.max(nameEnd, at + 1), found: null };
  return { nameEnd, found: readAssignment(text, s, e, code) };
}

function readAssignment(text: string, s: number, e: number, code: boolean): Assignment | null {
  const name = text.slice(s, e);
  const before = text[s - 1] ?? '';
  let quote = '';
  if (before === '"' || before === "'" || before === '`') quote = text[s - 2] === '\\' ? `\\${before}` : before;
  // A quote that opens a string of code (`"api_key = \"…\""` in a notebook) does not quote the name.
  if (quote && !text.startsWith(quote, e)) quote = '';
  const quoteStart = s - quote.length;
  // A quoted name after `?` is a ternary's branch (`ok ? 'pass' : 'failed'`), not a key.
  if (quote && /\?\s*$/.test(text.slice(Math.max(0, quoteStart - 4), quoteStart))) return null;
  let i = e;
  if (quote) {
    i += quote.length;
  } else if (/["'`]/.test(text[i] ?? '') || (text[i] === '\\' && /["']/.test(text[i + 1] ?? ''))) {
    return null; // the tail of a longer string: "/disk/:encoded_token" => …
  }
  const lineBefore = lineUpTo(text, quoteStart);

  // XML element: <password>…</password>, <apiKey id="x">…</apiKey>.
  if (before === '<') {
    let j = i;
    const limit = Math.min(text.length, i + 200);
    while (j < limit && !/[>\n<]/.test(text[j])) j++;
    if (text[j] !== '>' || text[j - 1] === '/') return null;
    let k = j + 1;
    const vlimit = Math.min(text.length, k + MAX_VALUE);
    while (k < vlimit && text[k] !== '<' && text[k] !== '\n') k++;
    if (!text.startsWith(`</${name}`, k) || /[{$%]/.test(text[j + 1] ?? '')) return null;
    return found(name, classifyName(name), 'xml-element', 'element', text, j + 1, k);
  }

  if (quote) {
    // XML settings: <add key="DbPassword" value="…"/>, <entry name="api.token" value="…"/>.
    if (/\b(?:key|name)\s*=\s*$/i.test(lineBefore)) {
      const m = /^\s+value\s*=\s*/i.exec(text.slice(i, i + 80));
      if (m) return quotedValue(text, i + m[0].length, name, classifyName(name), 'xml-attribute');
    }
    // A call whose first argument is the setting's name: os.Setenv("DB_PASSWORD", "…"), define('KEY', '…').
    const called = calledName(lineBefore);
    const comma = called ? /^\s*,\s*/.exec(text.slice(i, i + 16)) : null;
    if (called && comma) {
      const fn = called.split('.').pop()!.toLowerCase();
      const setting = /[_.-]/.test(name) || /^(?:define|setenv|putenv|setproperty|put|set|setdefault|setenvironmentvariable|variable|property)$/.test(fn);
      return setting ? quotedValue(text, i + comma[0].length, name, classifyName(name), 'call-argument') : null;
    }
    // Terraform: variable "db_password" { … default = "…" }.
    const brace = skipSpaces(text, i);
    if (text[brace] === '{') {
      const v = terraformValue(text, brace);
      return v === null ? null : quotedValue(text, v, name, classifyName(name), 'terraform-block');
    }
  }
  if (text[i] === ']') i++;

  // Calls: cipher keys and credential constructors (nth argument), setters (only argument).
  if (text[i] === '(' && !quote) {
    const kc = keyCall(name);
    if (kc) {
      const lit = callArgument(text, i, kc.arg);
      if (!lit || lit.interpolated) return null;
      return found(name, kc.cls, kc.cls === 'password' ? 'credential-constructor' : 'key-call', 'quoted', text, lit.start, lit.end);
    }
    const cls = setterClass(name, before === '.');
    if (!cls) return null;
    const lit = readLiteral(text, skipSpaces(text, i + 1));
    if (!lit || lit.interpolated) return null;
    const close = /^(?:\.(?:getBytes|toCharArray|encode|toByteArray)\([^()]{0,20}\))?\s*\)/.exec(text.slice(lit.next, lit.next + 40));
    return close ? found(name, cls, 'setter-call', 'quoted', text, lit.start, lit.end) : null;
  }

  const op = readOperator(text, i, lineUpTo(text, s));
  if (!op) return null;
  const cls = classifyName(name);
  if (!cls) return null;
  const v = skipSpaces(text, op.next);
  const idiom = op.op;
  // requests' auth=("user", "…") and friends: the second member of a tuple assigned to `auth`.
  if ((text[v] === '(' || text[v] === '[') && /^auth$/i.test(name.split('.').pop() ?? '')) {
    const lit = callArgument(text, v, 1);
    return lit ? found(name, 'password', 'auth-tuple', 'quoted', text, lit.start, lit.end) : null;
  }
  const dflt = idiom === '==' ? null : referenceDefault(text, v);
  if (dflt) return found(name, cls, 'reference-default', dflt.quoted ? 'quoted' : 'unquoted', text, dflt.start, dflt.end);
  if (readLiteral(text, v)) return quotedValue(text, v, name, cls, idiom === '==' ? 'comparison' : idiom);
  // jwtKey := []byte("…"), var key = Encoding.UTF8.GetBytes("…"): the literal inside a bytes wrapper.
  if (idiom !== '==' && text[v] !== '"' && text[v] !== "'") {
    const lit = readKeyLiteral(text, v);
    if (lit && !lit.interpolated) return found(name, cls, `${idiom} bytes`, 'quoted', text, lit.start, lit.end);
  }
  if (idiom === '==' || idiom === 'typed') return null;
  // Unquoted: YAML needs a space after the colon (`io.jsonwebtoken:jjwt-api` is a coordinate).
  if (idiom === ':' && v === op.next) return null;
  if (!UNQUOTED_START.test(text[v] ?? ' ')) return null;
  const query = before === '?' || before === '&';
  let k = v;
  const limit = Math.min(text.length, v + MAX_VALUE);
  while (k < limit && !UNQUOTED_STOP.test(text[k]) && !(query && text[k] === '&')) {
    if (text[k] === '(' || text[k] === '[' || text[k] === '{') return null; // a call or an index: code
    k++;
  }
  if (k === limit && k < text.length) return null; // no delimiter in reach: a run, not a value
  const value = text.slice(v, k);
  if (code && CODE_IDENTIFIER.test(value)) return null;
  if (value.toLowerCase().startsWith(`${name.toLowerCase()}=`)) return null; // password=password=…: a chain
  return found(name, cls, query ? 'query-parameter' : idiom, 'unquoted', text, v, k);
}

/** Every assignment whose name holds one of the `anchors` (a global, case-insensitive regex) in `text`. */
export function findAssignments(text: string, anchors: RegExp, code: boolean): Assignment[] {
  const out: Assignment[] = [];
  let done = 0;
  anchors.lastIndex = 0;
  for (let m = anchors.exec(text); m !== null; m = anchors.exec(text)) {
    if (m[0].length === 0) {
      anchors.lastIndex++;
      continue;
    }
    if (m.index < done) continue;
    const r = assignmentAt(text, m.index, code);
    done = r.nameEnd;
    if (r.found) out.push(r.found);
    if (anchors.lastIndex < done) anchors.lastIndex = done;
  }
  return out;
}

/** Source code, where an unquoted value is an expression rather than a literal. */
export function isCodePath(path: string): boolean {
  return /\.(?:[cm]?[jt]sx?|py|go|java|kts?|scala|groovy|rb|php|cs|fs|vb|swift|m|mm|c|cc|cpp|cxx|h|hh|hpp|rs|dart|lua|pl|pm|ex|exs|erl|clj|r|jl)$/i.test(path);
}
