// Pipeline step for `--verify`: ask each finding's provider whether its key is live (verify/run.ts), and
// attach the answer to the finding. Runs before the report is frozen; only when the user asked for it.
import { secretHash } from '../findings/fingerprint.js';
import { verifySecrets, type VerifyOptions } from '../verify/run.js';
import type { Finding, Match } from '../types.js';

export interface VerifySettings extends VerifyOptions {
  /** Keep only findings whose key answered as live (--only-live). */
  onlyLive?: boolean;
}

export async function verifyFindings(findings: Finding[], matches: readonly Match[], settings: VerifySettings): Promise<Finding[]> {
  const plain = new Map<string, Match>();
  const byFile = new Map<string, string[]>();
  for (const m of matches) {
    plain.set(secretHash(m.secret), m);
    const lines = byFile.get(m.path);
    if (lines) lines.push(m.lineText);
    else byFile.set(m.path, [m.lineText]);
  }
  const items = findings.flatMap((f) => {
    const m = plain.get(f.secretHash);
    // Context: the lines of every secret found in the same file, where a pair's other half stands.
    return m ? [{ key: `${f.rule}\u0000${f.secretHash}`, rule: f.rule, secret: m.secret, context: (byFile.get(m.path) ?? [m.lineText]).join('\n') }] : [];
  });
  const results = await verifySecrets(items, settings);
  const verified = findings.map((f) => {
    const v = results.get(`${f.rule}\u0000${f.secretHash}`);
    return v ? { ...f, verification: v.status, verificationDetail: v.detail } : f;
  });
  return settings.onlyLive ? verified.filter((f) => f.verification === 'live') : verified;
}
