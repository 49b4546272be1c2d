// Which documented mistakes each finding shows (ids from rules/mistakes.yaml). Pure.
import type { Finding, MistakeId } from '../types.js';
import type { FindingWithMatches } from '../findings/build.js';

const DOCS = /(?:^|\/)(?:README[^/]*|[^/]*\.(?:md|mdx|rst|adoc|txt))$|(?:^|\/)docs?\//i;
const BROWSER = /(?:^|\/)(?:public|static|www|wwwroot|assets|dist|build)\/|\.(?:min|bundle|chunk)\.js$|\.html?$/i;
const NOTEBOOK = /\.ipynb$/i;
const BROWSER_LINE = /NEXT_PUBLIC_|VITE_|REACT_APP_|EXPO_PUBLIC_|GATSBY_|NUXT_PUBLIC_|PUBLIC_|dangerouslyAllowBrowser/;

export function sharedWithOthers(path: string, lines: string[]): boolean {
  return DOCS.test(path) || BROWSER.test(path) || NOTEBOOK.test(path) || lines.some((l) => BROWSER_LINE.test(l));
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
    const mistakes: MistakeId[] = [];
    if (finding.origin !== 'stdin') mistakes.push('stored-insecurely');
    if (sharedWithOthers(finding.file, matches.map((m) => m.lineText))) mistakes.push('shared-with-others');
    if (finding.commit) mistakes.push('not-revoked');
    const files = filesBySecret.get(finding.secretHash)?.size ?? 0;
    const siblings = secretsByProvider.get(finding.provider)?.size ?? 0;
    if (files >= 2 || siblings >= 3) mistakes.push('multiple-keys-no-purpose');
    if (matches[0].rule.billing === 'usage') mistakes.push('usage-not-monitored');
    return { ...finding, mistakes };
  });
}
