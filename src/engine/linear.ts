// Custom rules (a repository's .keyscan.yaml, --config) run on RE2's linear-time engine (re2js, a pure
// JavaScript port), not on V8's backtracking one: a pattern such as `\w*\w*\w*\w*!` or `(?:[a-z]+){2,60}!`
// passes any structural check yet runs for hours in one V8 execution, which no budget read between
// executions can stop. RE2 scans in time proportional to the text, so the budget holds for every rule.
// Built-in rules stay on V8 (faster, and checked at build time). See DECISIONS.md, "Hostile input".
import { createRequire } from 'node:module';
import micromatch from 'micromatch';
import type { RuleRegex } from '../types.js';

interface Re2Matcher {
  find(start: number): boolean;
  start(group?: number | string): number;
  end(group?: number | string): number;
  group(group?: number | string): string | null;
}
interface Re2 {
  matcher(input: string): Re2Matcher;
  /** Unanchored search without captures: RE2's DFA where it can. */
  test(input: string): boolean;
  namedGroups(): Record<string, number>;
  groupCount(): number;
}
interface Re2Module {
  RE2JS: { compile(pattern: string, flags?: number): Re2; CASE_INSENSITIVE: number; LOOKBEHINDS: number };
}

let loaded: Re2Module | null = null;
/** Loaded on first use: a scan without custom rules (every pre-commit hook run) never pays for it. */
function re2(): Re2Module {
  return (loaded ??= createRequire(import.meta.url)('re2js') as Re2Module);
}

/**
 * JavaScript regex syntax to RE2's where they differ only in spelling (`\uXXXX`, `\u{X}` → `\x{X}`).
 * What RE2 cannot do (lookahead, backreferences) stays and fails to compile, with the rule named.
 */
function toRe2Syntax(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = pattern[i + 1];
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(pattern.slice(i + 2, i + 6))) {
      out += `\\x{${pattern.slice(i + 2, i + 6)}}`;
      i += 5;
    } else if (next === 'u' && pattern[i + 2] === '{') {
      const close = pattern.indexOf('}', i + 3);
      out += `\\x${pattern.slice(i + 2, close + 1)}`;
      i = close;
    } else {
      out += ch + (next ?? '');
      i++;
    }
  }
  return out;
}

/**
 * A linear-time regex with the part of RegExp's interface the engine uses: `exec` from `lastIndex`
 * (global), with `indices` (the `d` flag) and named groups. Offsets are UTF-16 code units, as V8's.
 */
export class LinearRegExp implements RuleRegex {
  readonly flags: string;
  lastIndex = 0;
  private readonly re: Re2;
  private readonly names: [string, number][];
  private readonly groups: number;
  /** The matcher of the last text searched: a window is searched many times from growing offsets. */
  private cached: { text: string; matcher: Re2Matcher } | null = null;

  /** Throws the engine's message when RE2 cannot compile the pattern. */
  constructor(
    readonly source: string,
    ignoreCase: boolean,
  ) {
    const { RE2JS } = re2();
    this.re = RE2JS.compile(toRe2Syntax(source), (ignoreCase ? RE2JS.CASE_INSENSITIVE : 0) | RE2JS.LOOKBEHINDS);
    this.flags = ignoreCase ? 'dgi' : 'dg';
    this.names = Object.entries(this.re.namedGroups());
    this.groups = this.re.groupCount();
  }

  exec(text: string): RegExpExecArray | null {
    if (this.lastIndex > text.length) {
      this.lastIndex = 0;
      return null;
    }
    let matcher: Re2Matcher;
    if (this.cached && this.cached.text === text) matcher = this.cached.matcher;
    else {
      matcher = this.re.matcher(text);
      this.cached = { text, matcher };
    }
    if (!matcher.find(this.lastIndex)) {
      this.lastIndex = 0;
      return null;
    }
    const all: (string | undefined)[] = [];
    const indices: ([number, number] | undefined)[] = [];
    for (let g = 0; g <= this.groups; g++) {
      const s = matcher.start(g);
      if (s < 0) {
        all.push(undefined);
        indices.push(undefined);
      } else {
        const e = matcher.end(g);
        all.push(text.slice(s, e));
        indices.push([s, e]);
      }
    }
    const result = all as unknown as RegExpExecArray;
    result.index = indices[0]![0];
    result.input = text;
    if (this.names.length > 0) {
      const groups: Record<string, string | undefined> = {};
      const spans: Record<string, [number, number] | undefined> = {};
      for (const [name, g] of this.names) {
        groups[name] = all[g];
        spans[name] = indices[g];
      }
      result.groups = groups as Record<string, string>;
      (indices as unknown as { groups: typeof spans }).groups = spans;
    }
    result.indices = indices as unknown as RegExpIndicesArray;
    this.lastIndex = indices[0]![1];
    return result;
  }

  /** Whether the text holds a match anywhere (RegExp.test from lastIndex 0; lastIndex stays 0). */
  test(text: string): boolean {
    this.lastIndex = 0;
    return this.re.test(text);
  }
}

/**
 * picomatch's lookaheads that keep `*` and `**` off the `.` and `..` segments (which relative paths never
 * hold) and off empty names (which file paths never are): dropped, the rest of its regex is RE2 syntax.
 */
const DOT_GUARDS = ['(?!(?:^|\\/)\\.{1,2}(?:\\/|$))', '(?!\\.{1,2}(?:\\/|$))', '(?=.)'];

function stripGuards(source: string): string {
  let stripped = source;
  for (const guard of DOT_GUARDS) stripped = stripped.split(guard).join('');
  return stripped;
}

/**
 * A glob's regex (picomatch's, from micromatch.makeRe) on the linear-time engine, or null when it holds
 * more than the guards above (extglobs such as `!(…)`): `*a*a*a*a*a*a*x` against a long file name backtracks
 * for hours in V8, and a scanned repository's .keyscan.yaml chooses its allow.paths.
 */
export function linearGlobRegex(source: string, ignoreCase = false): LinearRegExp | null {
  const stripped = stripGuards(source);
  if (/\(\?[=!]|\(\?<[=!]/.test(stripped.replace(/\\./g, ''))) return null;
  try {
    return new LinearRegExp(stripped, ignoreCase);
  } catch {
    return null;
  }
}

/** A glob's regex source for the linear-time engine, and whether it is negated (`!glob`); null: it needs more. */
function linearGlobSource(glob: string): { source: string; negated: boolean } | null {
  const negated = glob.startsWith('!') && !glob.startsWith('!(');
  const body = negated ? glob.slice(1) : glob;
  let source: string;
  try {
    source = micromatch.makeRe(body, { dot: true }).source;
  } catch {
    return null;
  }
  return linearGlobRegex(source) ? { source: stripGuards(source), negated } : null;
}

/** A glob on the linear-time engine, or null when it needs what that engine lacks. */
export function linearGlob(glob: string): ((path: string) => boolean) | null {
  const one = linearGlobs([glob]);
  return one.rest.length === 0 ? one.test : null;
}

/**
 * Globs as one test where the linear-time engine can run them: every plain glob in one regex (one run per
 * path, whatever their number), each `!glob` negated on its own; `rest` are the globs it cannot run.
 */
export function linearGlobs(globs: string[]): { test: (path: string) => boolean; rest: string[] } {
  const plain: string[] = [];
  const negated: LinearRegExp[] = [];
  const rest: string[] = [];
  for (const glob of globs) {
    const linear = linearGlobSource(glob);
    if (!linear) rest.push(glob);
    else if (linear.negated) negated.push(new LinearRegExp(linear.source, false));
    else plain.push(`(?:${linear.source})`);
  }
  const any = plain.length > 0 ? new LinearRegExp(plain.join('|'), false) : null;
  return { test: (path) => (any !== null && any.test(path)) || negated.some((re) => !re.test(path)), rest };
}
