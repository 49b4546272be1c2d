// .keyscan.yaml: what to leave out, custom rules, and the configs it builds on. Read once by the CLI.
// Checked against schema/keyscan.schema.json (shipped in the package for editors as well): every error
// names the file, the line and what is wrong, on one line.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Document, LineCounter } from 'yaml';
import { compileRule } from './engine/compile.js';
import { linearGlob } from './engine/linear.js';
import { KeyscanError } from './errors.js';
import { readTextFile } from './read-text.js';
import { builtinRuleIds } from './rules.js';
import type { Rule, RuleSpec } from './types.js';
import { yaml } from './yaml.js';

export const CONFIG_FILE = '.keyscan.yaml';
/** `extends: keyscan:default`: the built-in defaults (every rule on, every marker honoured). */
export const DEFAULT_CONFIG = 'keyscan:default';
export const SCHEMA_PATH = fileURLToPath(new URL('../schema/keyscan.schema.json', import.meta.url));

/** One `allow.secrets` entry. */
export interface AllowedSecret {
  fingerprint: string;
  reason?: string;
  /** Last day (UTC, YYYY-MM-DD) the entry holds. */
  expires?: string;
  /** Where it is written: `file:line`. */
  source: string;
}

export interface Config {
  allowPaths: string[];
  allowRules: string[];
  allowSecrets: AllowedSecret[];
  rules: Rule[];
  /** Honour other scanners' inline markers (gitleaks:allow, pragma: allowlist secret, trufflehog:ignore). */
  foreignMarkers: boolean;
  source?: string;
}

export const EMPTY_CONFIG: Config = { allowPaths: [], allowRules: [], allowSecrets: [], rules: [], foreignMarkers: true };

// ---- a small JSON Schema checker: the subset schema/keyscan.schema.json uses ----

export interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean;
  required?: string[];
  items?: SchemaNode;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  minItems?: number;
  minimum?: number;
  anyOf?: SchemaNode[];
  $ref?: string;
  definitions?: Record<string, SchemaNode>;
  /** Our own keyword (ajv-errors' name): the message for a failed pattern or length. */
  errorMessage?: string;
}

export type Path = (string | number)[];
export interface Problem {
  path: Path;
  message: string;
  /** Point at the key rather than its value (unknown keys). */
  atKey?: boolean;
}

let schema: SchemaNode | null = null;
export function configSchema(): SchemaNode {
  if (schema) return schema;
  try {
    schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as SchemaNode;
  } catch {
    throw new KeyscanError(`cannot read the configuration schema ${SCHEMA_PATH}`, 'reinstall keyscan-cli');
  }
  return schema;
}

function deref(node: SchemaNode, root: SchemaNode): SchemaNode {
  return node.$ref ? root.definitions![node.$ref.replace('#/definitions/', '')] : node;
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping', array: 'a list', string: 'a string', boolean: 'true or false', number: 'a number', integer: 'a whole number',
};

function fits(value: unknown, type: string): boolean {
  switch (type) {
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array': return Array.isArray(value);
    case 'integer': return Number.isInteger(value);
    default: return typeof value === type;
  }
}

function shown(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = JSON.stringify(value);
  return typeof value === 'string' ? `the string ${text.length > 42 ? `${text.slice(0, 40)}…"` : text}` : String(value);
}

function expected(node: SchemaNode, root: SchemaNode): string {
  const n = deref(node, root);
  if (n.anyOf) return n.anyOf.map((b) => expected(b, root)).join(' or ');
  if (n.enum) return `one of ${n.enum.join(', ')}`;
  if (n.type === 'array' && n.items) return `a list of ${expected(n.items, root).replace(/^an? /, '')}s`;
  return [n.type ?? []].flat().map((t) => TYPE_WORDS[t] ?? t).join(' or ');
}

/** The closest known word to a typo, if it is close enough to be meant. */
export function closest(word: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestCost = Math.max(2, Math.floor(word.length / 4)) + 1;
  for (const k of known) {
    const d = editDistance(word, k);
    if (d < bestCost) [best, bestCost] = [k, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** The first thing in `value` the schema does not allow, in document order; null when it fits. */
export function checkSchema(value: unknown, node: SchemaNode, root: SchemaNode = node, path: Path = []): Problem | null {
  const n = deref(node, root);
  if (n.anyOf) {
    const problems = n.anyOf.map((b) => checkSchema(value, b, root, path));
    if (problems.some((p) => p === null)) return null;
    const shaped = n.anyOf.findIndex((b) => [deref(b, root).type ?? []].flat().some((t) => fits(value, t)));
    return shaped >= 0 ? problems[shaped] : { path, message: `expected ${expected(n, root)}, got ${shown(value)}` };
  }
  const types = [n.type ?? []].flat();
  if (types.length > 0 && !types.some((t) => fits(value, t))) return { path, message: `expected ${expected(n, root)}, got ${shown(value)}` };
  if (n.enum && !n.enum.includes(value)) return { path, message: `expected ${expected(n, root)}, got ${shown(value)}` };
  if (typeof value === 'string') {
    if ((n.minLength !== undefined && value.length < n.minLength) || (n.pattern && !new RegExp(n.pattern, 'u').test(value))) {
      return { path, message: n.errorMessage ?? `${shown(value)} is not allowed here` };
    }
  }
  if (typeof value === 'number' && n.minimum !== undefined && value < n.minimum) return { path, message: `must be at least ${n.minimum}` };
  if (Array.isArray(value)) {
    if (n.minItems !== undefined && value.length < n.minItems) return { path, message: `needs at least ${n.minItems} item(s)` };
    for (let i = 0; n.items && i < value.length; i++) {
      const p = checkSchema(value[i], n.items, root, [...path, i]);
      if (p) return p;
    }
  } else if (fits(value, 'object')) {
    const obj = value as Record<string, unknown>;
    const props = n.properties ?? {};
    for (const [key, v] of Object.entries(obj)) {
      if (props[key]) {
        const p = checkSchema(v, props[key], root, [...path, key]);
        if (p) return p;
      } else if (n.additionalProperties === false) {
        const guess = closest(key, Object.keys(props));
        const hint = guess ? `did you mean "${guess}"?` : `expected ${Object.keys(props).join(', ')}`;
        return { path: [...path, key], atKey: true, message: `unknown key "${key}" (${hint})` };
      }
    }
    const missing = (n.required ?? []).find((k) => !(k in obj));
    if (missing) return { path, message: `missing "${missing}"` };
  }
  return null;
}

// ---- reading one file ----


interface ParsedFile {
  abs: string;
  display: string;
  doc: Document;
  lines: LineCounter;
  value: Record<string, unknown>;
}

function pathText(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** `file:line:col` of the node at `path` (its key with `atKey`), as far as the path leads. */
function locate(file: ParsedFile, path: Path, atKey = false): string {
  const { isMap, isScalar, isSeq } = yaml();
  let node: unknown = file.doc.contents;
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    if (isMap(node)) {
      const pair = node.items.find((it) => (isScalar(it.key) ? it.key.value : it.key) === step);
      if (!pair) break;
      node = atKey && i === path.length - 1 ? pair.key : (pair.value ?? pair.key);
    } else if (isSeq(node) && typeof step === 'number' && node.items[step]) {
      node = node.items[step];
    } else break;
  }
  const offset = (node as { range?: number[] } | null)?.range?.[0] ?? 0;
  const pos = file.lines.linePos(offset);
  return `${file.display}:${pos.line}:${pos.col}`;
}

function fail(file: ParsedFile, path: Path, message: string, atKey = false): never {
  const owner = atKey ? path.slice(0, -1) : path;
  throw new KeyscanError(`invalid config ${locate(file, path, atKey)}: ${owner.length ? `${pathText(owner)}: ` : ''}${message}`);
}

function readFile(abs: string, display: string): ParsedFile {
  const text = readTextFile(abs, 'config', display);
  const { LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, keepSourceTokens: true, prettyErrors: true, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new KeyscanError(`invalid YAML in config ${display}${pos ? `:${pos.line}:${pos.col}` : ''}: ${message}`);
  }
  const file: ParsedFile = { abs, display, doc, lines, value: {} };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (err) {
    // The yaml package refuses alias bombs (billion laughs) here, with its own error type.
    throw new KeyscanError(`invalid YAML in config ${display}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (value === null || value === undefined) return file;
  const problem = checkSchema(value, configSchema());
  if (problem) fail(file, problem.path, problem.message, problem.atKey);
  file.value = value as Record<string, unknown>;
  return file;
}

// ---- building a Config from a file and what it extends ----

/** `./vendor/` → `vendor/**`: globs are relative to the scanned root. */
function normaliseGlob(glob: string): string {
  let g = glob.replace(/\\/g, '/').replace(/^\.\//, '').replace(/^\/+/, '');
  if (g.endsWith('/')) g += '**';
  return g;
}

function validDate(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

interface Layer {
  allowPaths: string[];
  allowRules: string[];
  allowSecrets: AllowedSecret[];
  rules: Rule[];
  foreignMarkers?: boolean;
}

const NO_LAYER: Layer = { allowPaths: [], allowRules: [], allowSecrets: [], rules: [] };

/** `top` over `base`: lists add up, a custom rule replaces the base's rule of the same id, scalars override. */
function merge(base: Layer, top: Layer): Layer {
  const ids = new Set(top.rules.map((r) => r.id));
  return {
    allowPaths: [...new Set([...base.allowPaths, ...top.allowPaths])],
    allowRules: [...new Set([...base.allowRules, ...top.allowRules])],
    allowSecrets: [...base.allowSecrets, ...top.allowSecrets],
    rules: [...base.rules.filter((r) => !ids.has(r.id)), ...top.rules],
    foreignMarkers: top.foreignMarkers ?? base.foreignMarkers,
  };
}

function loadLayer(abs: string, display: (abs: string) => string, chain: string[]): Layer {
  const file = readFile(abs, display(abs));
  const v = file.value;
  let layer = NO_LAYER;
  const bases = v.extends === undefined ? [] : [v.extends].flat() as string[];
  bases.forEach((base, i) => {
    if (base === DEFAULT_CONFIG) return;
    const at: Path = Array.isArray(v.extends) ? ['extends', i] : ['extends'];
    if (base.startsWith('keyscan:')) fail(file, at, `unknown preset "${base}" (the one built-in preset is "${DEFAULT_CONFIG}")`);
    const target = resolve(dirname(abs), base);
    if (!existsSync(target)) fail(file, at, `cannot find ${base} (relative to ${display(dirname(abs)) || '.'})`);
    const loop = [...chain, abs];
    if (loop.includes(target)) fail(file, at, `${base} extends this file again (${[...loop, target].map(display).join(' → ')})`);
    layer = merge(layer, loadLayer(target, display, [...chain, abs]));
  });

  const allow = (v.allow ?? {}) as { paths?: string[]; rules?: string[]; secrets?: { fingerprint: string; reason?: string; expires?: string }[] };
  const builtinIds = builtinRuleIds();
  const rules = ((v.rules ?? []) as RuleSpec[]).map((spec, i) => {
    if (builtinIds.has(spec.id)) fail(file, ['rules', i, 'id'], `"${spec.id}" is the id of a built-in rule: give yours another id`);
    return compileRule(spec, locate(file, ['rules', i]), false, false, true);
  });
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    if (seen.has(r.id)) fail(file, ['rules', i, 'id'], `rule id "${r.id}" is defined twice in this file`);
    seen.add(r.id);
  });
  const known = new Set([...builtinIds, ...layer.rules.map((r) => r.id), ...seen]);
  (allow.rules ?? []).forEach((id, i) => {
    if (known.has(id)) return;
    const guess = closest(id, known);
    fail(file, ['allow', 'rules', i], `unknown rule id "${id}" (${guess ? `did you mean "${guess}"? ` : ''}keyscan rules lists them)`);
  });
  const secrets = (allow.secrets ?? []).map((s, i): AllowedSecret => {
    if (s.expires !== undefined && !validDate(s.expires)) fail(file, ['allow', 'secrets', i, 'expires'], `${s.expires} is not a date`);
    const where = locate(file, ['allow', 'secrets', i]).replace(/:\d+$/, '');
    return { fingerprint: s.fingerprint, ...(s.reason ? { reason: s.reason } : {}), ...(s.expires ? { expires: s.expires } : {}), source: where };
  });
  (allow.paths ?? []).forEach((glob, i) => {
    if (!linearGlob(normaliseGlob(glob))) {
      fail(file, ['allow', 'paths', i], `glob "${glob}" needs lookahead (an extglob such as !(…)), which keyscan does not run on a repository's globs: use plain globs and ! at the start`);
    }
  });
  const markers = v.markers as { foreign?: boolean } | undefined;
  return merge(layer, {
    allowPaths: (allow.paths ?? []).map(normaliseGlob),
    allowRules: allow.rules ?? [],
    allowSecrets: secrets,
    rules,
    ...(markers?.foreign !== undefined ? { foreignMarkers: markers.foreign } : {}),
  });
}

/**
 * `--config FILE` (must exist; relative to `cwd`) or `.keyscan.yaml` at the root when present, with
 * everything it extends.
 */
export function loadConfig(root: string, explicit?: string, cwd: string = process.cwd()): Config {
  const path = explicit ? resolve(cwd, explicit) : join(root, CONFIG_FILE);
  if (!explicit && !existsSync(path)) return EMPTY_CONFIG;
  const base = explicit ? cwd : root;
  const display = (abs: string) => {
    const rel = relative(base, abs).replace(/\\/g, '/');
    return isAbsolute(rel) || rel === '..' || rel.startsWith('../') ? abs : rel;
  };
  const layer = loadLayer(path, display, []);
  return {
    allowPaths: layer.allowPaths,
    allowRules: layer.allowRules,
    allowSecrets: layer.allowSecrets,
    rules: layer.rules,
    foreignMarkers: layer.foreignMarkers ?? true,
    source: explicit ?? CONFIG_FILE,
  };
}
