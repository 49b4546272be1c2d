import type { Finding } from '../types.js';

/** Findings grouped by secret (one secret may stand in several files and rules), in report order. */
export function groupBySecret(findings: Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = groups.get(f.secretHash);
    if (list) list.push(f);
    else groups.set(f.secretHash, [f]);
  }
  return [...groups.values()];
}
