// Which documented mistakes each finding shows (ids from rules/mistakes.yaml). Pure.
// One table, one row per mistake: the order of the rows is the order mistakes are listed in.
import type { Finding, MistakeId } from '../types.js';
import type { FindingWithMatches } from '../findings/build.js';

const DOCS = /(?:^|\/)(?:README[^/]*|[^/]*\.(?:md|mdx|rst|adoc|txt))$|(?:^|\/)(?:docs?|wiki)\//i;
const BROWSER = /(?:^|\/)(?:public|static|www|wwwroot|assets|dist|build)\/|\.(?:min|bundle|chunk)\.js$|\.html?$/i;
const NOTEBOOK = /\.(?:ipynb|rmd|qmd)$/i;
/** Variables that frameworks inline into browser bundles, and the OpenAI/Anthropic SDKs' browser switch. */
const BROWSER_LINE =
  /NEXT_PUBLIC_|VITE_|REACT_APP_|EXPO_PUBLIC_|GATSBY_|NUXT_PUBLIC_|NG_APP_|(?<![A-Za-z0-9_])PUBLIC_|dangerouslyAllowBrowser/;

/** Where others read a key: documentation, browser code, a notebook; null when none applies. */
export function sharedPlace(path: string, lines: string[]): 'documentation' | 'browser code' | 'a notebook' | null {
  if (NOTEBOOK.test(path)) return 'a notebook';
  if (DOCS.test(path)) return 'documentation';
  if (BROWSER.test(path) || lines.some((l) => BROWSER_LINE.test(l))) return 'browser code';
  return null;
}

export function sharedWithOthers(path: string, lines: string[]): boolean {
  return sharedPlace(path, lines) !== null;
}

/** What the classifier knows about one finding. */
export interface MistakeFacts {
  finding: Finding;
  /** The lines the secret stands on (for browser variables). */
  lines: string[];
  /** The provider bills by usage (rule metadata). */
  billedByUsage: boolean;
  /** Files of this scan that hold the same secret. */
  filesWithSecret: number;
  /** Different secrets of this provider in this scan (generic rules not counted). */
  providerSecrets: number;
}

/** The classifier as a table: each mistake and when a finding shows it (CONTRACT.md, "Mistakes"). */
export const MISTAKE_TABLE: { id: MistakeId; when: string; test(f: MistakeFacts): boolean }[] = [
  {
    id: 'stored-insecurely',
    when: 'every finding in a file (not standard input)',
    test: (f) => f.finding.origin !== 'stdin',
  },
  {
    id: 'shared-with-others',
    when: 'documentation, browser code (public/, static/, NEXT_PUBLIC_, VITE_, REACT_APP_, EXPO_PUBLIC_, dangerouslyAllowBrowser) or a notebook',
    test: (f) => sharedWithOthers(f.finding.file, f.lines),
  },
  {
    id: 'not-revoked',
    when: 'it is in git history: found in a commit, or HEAD already holds it',
    test: (f) => f.finding.commit !== undefined || f.finding.inHead === true,
  },
  {
    id: 'multiple-keys-no-purpose',
    when: 'the same secret in two or more files, or three or more different keys of one provider',
    test: (f) => f.filesWithSecret >= 2 || f.providerSecrets >= 3,
  },
  {
    id: 'usage-not-monitored',
    when: 'the provider bills by usage',
    test: (f) => f.billedByUsage,
  },
];

/** The mistakes one finding shows, in catalogue order. */
export function mistakesOf(facts: MistakeFacts): MistakeId[] {
  return MISTAKE_TABLE.filter((row) => row.test(facts)).map((row) => row.id);
}

/** Fill in `mistakes` for every finding of one scan. */
export function classifyFindings(items: FindingWithMatches[]): Finding[] {
  const filesBySecret = new Map<string, Set<string>>();
  const secretsByProvider = new Map<string, Set<string>>();
  for (const { finding } of items) {
    const files = filesBySecret.get(finding.secretHash) ?? new Set<string>();
    for (const o of finding.occurrences) files.add(o.file);
    filesBySecret.set(finding.secretHash, files);
    if (finding.rule.startsWith('generic-')) continue;
    const secrets = secretsByProvider.get(finding.provider) ?? new Set<string>();
    secrets.add(finding.secretHash);
    secretsByProvider.set(finding.provider, secrets);
  }
  return items.map(({ finding, matches }) => {
    const mistakes = mistakesOf({
      finding,
      lines: matches.map((m) => m.lineText),
      billedByUsage: matches.some((m) => m.rule.billing === 'usage'),
      filesWithSecret: filesBySecret.get(finding.secretHash)?.size ?? 0,
      providerSecrets: finding.rule.startsWith('generic-') ? 0 : (secretsByProvider.get(finding.provider)?.size ?? 0),
    });
    return { ...finding, mistakes };
  });
}

/** Add a mistake to a finding's list, keeping catalogue order. */
export function withMistake(list: MistakeId[], id: MistakeId): MistakeId[] {
  if (list.includes(id)) return list;
  const order = MISTAKE_TABLE.map((r) => r.id);
  return [...list, id].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}
