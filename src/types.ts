// Shared data types. Data flows one way:
// sources → Fragment → engine → Match → findings → Finding → advice → reporters.

export type Severity = 'critical' | 'high' | 'medium' | 'low';
export type Confidence = 'high' | 'medium' | 'low';

/** The rule as written in rules/*.yaml (or a user's config), before compilation. */
export interface RuleSpec {
  id: string;
  provider: string;
  title: string;
  description: string;
  severity: Severity;
  /** Confidence of a match when nothing lowers it; `medium` for generic / context-dependent formats. */
  confidence?: Confidence;
  /** Case-insensitive literals; the rule's regex runs only on text containing one of them. */
  keywords: string[];
  /** JavaScript regex source; `(?i)` at the very start makes it case-insensitive. One named group `secret`. */
  pattern?: string;
  /** Instead of a pattern: values assigned to credential-like names, read by engine/assignment.ts. */
  assignment?: AssignmentSpec;
  /** Minimum Shannon entropy (bits per character) of the secret. */
  entropy?: number;
  /** Name of an offline validator (checksum or structure), see engine/validators.ts. */
  validator?: string;
  /**
   * The pattern spans lines (PEM blocks, .netrc entries): its regex runs on the whole text rather than on
   * the line around each keyword. Inferred when the pattern mentions `\n`, `\r` or `[\s\S]`.
   */
  multiline?: boolean;
  /** Characters on either side of the secret that make a match part of a longer token. Default: word. */
  boundary?: 'word' | 'none';
  /** Leading characters of the secret that are a public prefix (shown when redacting). */
  prefix?: string;
  /** Breaks ties when two rules match the same characters: higher wins (generic rules are negative). */
  priority?: number;
  /**
   * false: the format is a public identifier (publishable keys, account SIDs, recipients). It is never
   * reported, but it claims its characters so that looser rules do not report them either.
   */
  report?: boolean;
  /** The provider bills by usage: a leak runs up a bill. */
  billing?: 'usage' | 'none';
  remediation?: { revoke?: string; usage?: string; docs?: string };
  examples: string[];
  negative_examples: string[];
  tags?: string[];
  /** A vendor-context rule: the compiler writes `keywords` and `pattern` from these facts (engine/vendor.ts). */
  vendor?: VendorSpec;
  /**
   * Globs of the files the rule applies to, for formats bound to a kind of file (`.npmrc`, `.netrc`,
   * htpasswd). A glob without `/` matches a file name in any folder; `!glob` excludes. Default: every file.
   */
  /** Confidence is high for matches in a file where this regex also matches (a provider's public id beside its secret). */
  confident_beside?: string;
  /**
   * Case-insensitive literals, one of which every match holds (`eyJ` for a JWT rule whose windows open at
   * `name:`): on a text holding none, the rule does not run. Found by the keyword pass; they open no windows.
   */
  requires?: string[];
  paths?: string[];
}

/** The facts of a credential without a distinctive prefix, reported only near its provider's name. */
export interface VendorSpec {
  /** The provider's names and spelling variants, matched as whole words (`abstract api` ~ `ABSTRACT_API_KEY`). */
  names: string[];
  /** Key words that introduce the value on its line; default engine/vendor.ts DEFAULT_VENDOR_WORDS. */
  words?: string[];
  /** The value: a JavaScript regex without capture groups, case-sensitive. */
  value: string;
}

/** Which assignments a rule reports: the class of the name and the form of the value. */
export interface AssignmentSpec {
  names: ('password' | 'secret')[];
  values: ('quoted' | 'unquoted' | 'element')[];
  /** Shortest value reported (default 8). */
  min_length?: number;
  /** The whole value must match this regex (a provider's secret shape, e.g. 32 hex). */
  value?: string;
  /** This regex must match somewhere in the same file (the provider's public id beside its secret). */
  beside?: string;
  /** The name's last segment must match this regex, case-insensitively (`auth_token`, not `mixpanel_secret`). */
  name?: string;
}

/** The part of RegExp's interface a rule's regex offers (global, with `d` indices). */
export interface RuleRegex {
  readonly source: string;
  readonly flags: string;
  lastIndex: number;
  exec(text: string): RegExpExecArray | null;
  test(text: string): boolean;
}

export interface Rule extends RuleSpec {
  confidence: Confidence;
  /** From `paths`: does the rule apply to a file at this path? Absent: to every file. */
  appliesTo?: (path: string) => boolean;
  /** V8's RegExp for built-in rules; engine/linear.ts's linear-time one for custom rules. */
  regex: RuleRegex;
  /** Assignment rules: finds the rule's keywords (global, case-insensitive), where names are read. */
  anchors?: RegExp;
  /** Assignment rules: `assignment.value` anchored, and `assignment.beside`, compiled. */
  assignValue?: RuleRegex;
  assignBeside?: RuleRegex;
  assignName?: RuleRegex;
  /** From `confident_beside`, compiled. */
  confidentBeside?: RegExp;
  /**
   * Vendor rules: the value as a whole token (global; one instance per value shape, shared between rules)
   * and the context lookarounds (sticky), which together match as `regex` does (engine/vendor.ts vendorParts).
   */
  vendorValue?: RegExp;
  vendorContext?: RegExp;
  keywordsLower: string[];
  /** `requires`, lower-cased. */
  requiresLower?: string[];
  source: string;
}

export type Origin = 'file' | 'stdin' | 'git' | 'staged';

/** A piece of text to scan, with where it came from. */
export interface Fragment {
  text: string;
  /** Path relative to the scanned root, `/` separators. */
  path: string;
  /** 1-based line number of the first line of `text`. */
  startLine: number;
  origin: Origin;
  /** For chunked files: matches that start before this offset belong to the previous chunk. */
  ownFrom?: number;
  /** For chunked files: matches that start at or after this offset belong to the next chunk. */
  ownTo?: number;
  /** For chunks that start mid-line: the 1-based column of text[0] in its line (default 1). */
  startColumn?: number;
  /** Only lines in this set are reported (staged / history diffs: added lines). 1-based absolute. */
  lines?: Set<number>;
  /** History: the commit whose added lines this is (diff fragments). */
  commit?: CommitInfo;
  /**
   * History: the blob this text is (whole-blob fragments). Such a fragment has no commit: which commits
   * put the blob where is attributed after matching (findings/attribute.ts).
   */
  blob?: string;
  /** Inside an archive: the path within it (`x/.env`; nested `inner.tar.gz!x/.env`); `path` is `archive!inner`. */
  inner?: string;
}

/** History: a commit put `blob` at `path`, replacing `replaced` (none for a new file). */
export interface Introduction {
  blob: string;
  path: string;
  commit: CommitInfo;
  replaced: string[];
}

export interface CommitInfo {
  sha: string;
  author: string;
  email: string;
  date: string;
}

/** One rule matching one secret at one place. The only type that holds plaintext. */
export interface Match {
  rule: Rule;
  secret: string;
  path: string;
  line: number;
  column: number;
  /** Offset of the secret in the fragment text (for dedupe). */
  offset: number;
  confidence: Confidence;
  /** Why the confidence was lowered, if it was. */
  lowered?: string;
  lineText: string;
  origin: Origin;
  commit?: CommitInfo;
  /** An unreported claim (public identifier or checksum-invalid token); filtered out of results. */
  phantom?: boolean;
  /** Found in decoded text: the encoding(s) it was wrapped in, outermost first (`base64`, `base64+hex`). */
  decoded?: string;
  /**
   * Found in decoded text: the encoded text as it stands in the fragment (a whole base64 or hex run, or the
   * escaped spelling of the secret). A search of the file or of git's history finds this, not the secret.
   * Never reported.
   */
  encoded?: string;
  /** Inside an archive: the path within it (Fragment.inner), so a blob's match can be moved to another path. */
  inner?: string;
}

export interface Location {
  file: string;
  line: number;
  column: number;
  commit?: CommitInfo;
}

/** The ids of CONTRACT.md, in the catalogue's order (rules/mistakes.yaml holds their text). */
export const MISTAKE_IDS = ['stored-insecurely', 'shared-with-others', 'not-revoked', 'multiple-keys-no-purpose', 'usage-not-monitored'] as const;

export type MistakeId = (typeof MISTAKE_IDS)[number];

/** Tree scans: how git sees the file a finding is in (a gitignored .env never committed is a lesser risk). */
export type Tracking = 'tracked' | 'ignored' | 'untracked';

/** History scans: from the first commit that held the secret to the commit that deleted it (or now). */
export interface Exposure {
  /** Date of the earliest commit that holds the secret. */
  from: string;
  /** Date of the commit that deleted it from HEAD's history; absent: still exposed (until now). */
  until?: string;
  /** That deleting commit. */
  removedIn?: string;
}

/** One entry of the mistakes catalogue (rules/mistakes.yaml). */
export interface MistakeInfo {
  id: MistakeId;
  title: string;
  why: string;
  do: string;
}

/** A secret at one file (all its places in that file), redacted. */
export interface Finding {
  rule: string;
  provider: string;
  title: string;
  severity: Severity;
  confidence: Confidence;
  file: string;
  line: number;
  column: number;
  redacted: string;
  /** Present only when the user asked for --no-redact. */
  secret?: string;
  fingerprint: string;
  /** Hash of the secret alone: groups the same secret across files and rules. */
  secretHash: string;
  mistakes: MistakeId[];
  occurrences: Location[];
  commit?: CommitInfo;
  origin: Origin;
  remediation?: { revoke?: string; usage?: string; docs?: string };
  lowered?: string;
  /** Found inside encoded text (its place is the encoded text's): the encoding(s), outermost first. */
  decoded?: string;
  /**
   * Whether HEAD holds this secret anywhere in its tree. History scans: false means deleted but still in
   * history (JSON `stillInHead`); tree scans in a work tree: true means it is committed (JSON `committed`).
   */
  inHead?: boolean;
  /**
   * History scans, still in HEAD: the files at HEAD that hold it now (from the repository's top). After a
   * rename they differ from `file`, the path where it was introduced.
   */
  headFiles?: string[];
  /** Tree scans inside a git work tree: whether git tracks, ignores or has not yet seen the file. */
  tracked?: Tracking;
  /** History scans: whether a commit that introduced it is reachable from a remote-tracking ref or tag. */
  pushed?: boolean;
  /** History scans: when the secret was exposed. */
  exposure?: Exposure;
  /** --verify: what the provider answered (live, revoked, or unknown when it could not be asked). */
  verification?: 'live' | 'revoked' | 'unknown';
  /** --verify: which host answered, or why the answer is unknown. Never holds the secret. */
  verificationDetail?: string;
  /** What to do about this secret, in order (advice: provider links, git state, mistakes). */
  steps?: string[];
}

export interface SkipCounts {
  [reason: string]: number;
}

export interface ScanSummary {
  target: string;
  filesScanned: number;
  bytesScanned: number;
  skipped: SkipCounts;
  /** Some of the skipped paths, for the report (bounded). */
  skippedExamples: { path: string; reason: string }[];
  rules: number;
  findings: number;
  durationMs: number;
  notes: string[];
  /** Scanning threads that ran beside the main thread's reading (large scans only). */
  threads?: number;
  /** What the scan could not cover (unreadable files, rules stopped by the time budget): present only when something. */
  incomplete?: string[];
}

export interface Report {
  version: 1;
  findings: Finding[];
  summary: ScanSummary;
  /** The catalogue entries of the mistakes these findings show, in catalogue order (filled by advice). */
  mistakes?: MistakeInfo[];
}
