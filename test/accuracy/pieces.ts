// The building blocks of generated files: a Value is a string that may be a planted secret (a
// positive) or a look-alike (a negative); a Line is a list of pieces; a FileBuilder joins lines
// and records the 1-based line of every planted secret and look-alike it writes.

export type Tier = 'core' | 'extended';

/** Languages and file formats a value can be written in. */
export type LangId =
  | 'ts'
  | 'js'
  | 'py'
  | 'go'
  | 'java'
  | 'rb'
  | 'php'
  | 'cs'
  | 'sh'
  | 'env'
  | 'k8s'
  | 'compose'
  | 'gha'
  | 'yaml'
  | 'json'
  | 'tf'
  | 'dockerfile'
  | 'md'
  | 'ipynb'
  | 'properties'
  | 'ini'
  | 'minjs';

export const CODE_LANGS: LangId[] = ['ts', 'js', 'py', 'go', 'java', 'rb', 'php', 'cs', 'sh'];
export const ALL_LANGS: LangId[] = [
  ...CODE_LANGS,
  'env',
  'k8s',
  'compose',
  'gha',
  'yaml',
  'json',
  'tf',
  'dockerfile',
  'md',
  'ipynb',
  'properties',
  'ini',
  'minjs',
];

/** A named value to write (an assignment, a field, an env entry). */
export interface Item {
  /** Upper snake case (OPENAI_API_KEY); languages derive their own spelling. */
  name: string;
  value: Value;
}

/** Native files that carry credentials in their own syntax. */
export type NativeKind =
  | 'aws-credentials'
  | 'gcp-json'
  | 'npmrc'
  | 'netrc'
  | 'docker-config'
  | 'pem-file'
  | 'pypirc'
  | 'git-credentials'
  | 'kubeconfig';

/** Values written together (an SDK call, a key id and its secret, a SID and its token). */
export interface Group {
  /** Provider or SDK key (openai, aws, stripe, …): picks SDK snippets and section names. */
  key: string;
  items: Item[];
  /** The languages it may be written in (default: all but the native files). */
  langs?: LangId[];
  /** Alternatively (or only, when langs is empty) a native file of this kind. */
  native?: NativeKind;
  /** Not passed to SDK calls (public identifiers are not API keys). */
  noSdk?: boolean;
}

export interface PlantInfo {
  family: string;
  tier: Tier;
  /** How it was written (multi-line, JSON-escaped, YAML block, …), for the report. */
  variant?: string;
  /**
   * Composite credentials (PEM blocks, connection strings, carriers such as .netrc): a finding
   * matches when its secret contains one of these strings… (default: the value itself)
   */
  core?: string[];
  /** …and lies inside one of these (default: the value as written). */
  within?: string[];
  /** The whole file is also an acceptable span (a service-account JSON file). */
  withinFile?: boolean;
}

export interface DecoyInfo {
  kind: string;
}

export interface PemParts {
  begin: string;
  body: string[];
  end: string;
}

export interface Value {
  text: string;
  /** An expression (env lookup, function call): written without quotes. */
  expr?: boolean;
  pem?: PemParts;
  plant?: PlantInfo;
  decoy?: DecoyInfo;
}

export type Piece = string | Value;
export type Line = Piece[];

export interface PlantedSecret {
  file: string;
  line: number;
  family: string;
  tier: Tier;
  variant?: string;
  /** The secret exactly as written in the file. */
  secret: string;
  core: string[];
  within: string[];
}

export interface PlantedDecoy {
  file: string;
  line: number;
  kind: string;
  text: string;
}

export function plant(text: string, family: string, extra: Partial<Omit<PlantInfo, 'family'>> = {}): Value {
  return { text, plant: { family, tier: extra.tier ?? 'core', ...extra } };
}

export function decoy(text: string, kind: string, expr = false): Value {
  return { text, decoy: { kind }, expr: expr || undefined };
}

export function raw(text: string): Value {
  return { text };
}

export function expr(text: string): Value {
  return { text, expr: true };
}

/** Tagged template: L`const x = ${value};` gives a Line (arrays of pieces are spliced in). */
export function L(strings: TemplateStringsArray, ...values: (Piece | Piece[] | number)[]): Line {
  const out: Line = [];
  strings.forEach((s, i) => {
    if (s) out.push(s);
    if (i < values.length) {
      const v = values[i];
      if (Array.isArray(v)) out.push(...v);
      else out.push(typeof v === 'number' ? String(v) : v);
    }
  });
  return out;
}

/** Lines from plain text (no secrets). */
export function text(block: string): Line[] {
  return block.split('\n').map((l) => [l]);
}

/** A copy of a value with its text transformed (escaping, indenting), keeping what it is. */
export function transform(v: Value, fn: (s: string) => string, variant?: string): Value {
  const out: Value = { ...v, text: fn(v.text) };
  if (v.plant && variant) out.plant = { ...v.plant, variant };
  return out;
}

export function jsonEscape(v: Value): Value {
  return transform(v, (s) => JSON.stringify(s).slice(1, -1), v.text.includes('\n') ? 'json-escaped' : undefined);
}

/** A PEM value as one line with `\n` escapes (and a trailing `\n`). */
export function pemOneLine(v: Value, trailing = true): Value {
  if (!v.pem) return v;
  const parts = [v.pem.begin, ...v.pem.body, v.pem.end];
  return transform(v, () => parts.join('\\n') + (trailing ? '\\n' : ''), 'one-line-escaped');
}

/** A PEM value with every line after the first indented (YAML blocks, heredocs). */
export function pemIndented(v: Value, indent: string, variant = 'indented-block'): Value {
  if (!v.pem) return v;
  const parts = [v.pem.begin, ...v.pem.body, v.pem.end];
  return transform(v, () => parts.join(`\n${indent}`), variant);
}

export function isMultiline(v: Value): boolean {
  return v.text.includes('\n') || !!v.pem;
}

export class FileBuilder {
  private out = '';
  private lineNo = 1;
  readonly plants: PlantedSecret[] = [];
  readonly decoys: PlantedDecoy[] = [];

  constructor(readonly path: string) {}

  private append(s: string): void {
    this.out += s;
    for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) this.lineNo++;
  }

  private readonly wholeFile: PlantedSecret[] = [];

  private piece(p: Piece): void {
    if (typeof p === 'string') {
      this.append(p);
      return;
    }
    if (p.plant) {
      this.plants.push({
        file: this.path,
        line: this.lineNo,
        family: p.plant.family,
        tier: p.plant.tier,
        variant: p.plant.variant,
        secret: p.text,
        core: p.plant.core ?? [p.text],
        within: [p.text, ...(p.plant.within ?? [])],
      });
      if (p.plant.withinFile) this.wholeFile.push(this.plants[this.plants.length - 1]);
    } else if (p.decoy) {
      this.decoys.push({ file: this.path, line: this.lineNo, kind: p.decoy.kind, text: p.text });
    }
    this.append(p.text);
  }

  line(line: Line | string): this {
    if (typeof line === 'string') this.append(line);
    else for (const p of line) this.piece(p);
    this.append('\n');
    return this;
  }

  lines(lines: (Line | string)[]): this {
    for (const l of lines) this.line(l);
    return this;
  }

  /** Pieces without a trailing newline (minified bundles). */
  inline(pieces: Piece[]): this {
    for (const p of pieces) this.piece(p);
    return this;
  }

  content(): string {
    for (const p of this.wholeFile) if (!p.within.includes(this.out)) p.within.push(this.out);
    return this.out;
  }
}
