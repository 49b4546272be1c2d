// What a person reads when the pre-commit hook blocks a commit: where each secret is, whose it is,
// and the three ways forward. Pure: findings in, text out.
import { short } from '../show.js';
import type { Finding } from '../types.js';

/** A guess at the variable a key of this provider usually lives in: `azure-openai` → AZURE_OPENAI_API_KEY. */
export function envVarFor(provider: string): string {
  const base = provider.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_|_$/g, '');
  return base ? `${base}_API_KEY` : 'API_KEY';
}

/** The message after the report when staged changes hold secrets. Always redacted. */
export function blockedCommitMessage(findings: Finding[]): string {
  const lines: string[] = [];
  const secrets = new Set(findings.map((f) => f.secretHash)).size;
  lines.push(`keyscan: commit blocked: the staged changes add ${secrets === 1 ? 'a secret' : `${secrets} secrets`}.`);
  for (const f of findings) {
    for (const o of f.occurrences) lines.push(`  ${o.file}:${o.line}:${o.column}  ${f.redacted}  ${f.title} (${f.provider})`);
  }
  const providers = [...new Set(findings.map((f) => f.provider))];
  const example = envVarFor(providers[0] ?? '');
  lines.push('What to do:');
  lines.push(
    `  - Take the secret out of the file: read it at run time from an environment variable (e.g. ${example}) or a`,
    '    secret store, keep the value in an untracked file such as .env, then stage the file again (git add).',
    '  - A deliberate fake (test data, an example)? Add a comment containing keyscan:allow on that line.',
    '  - To commit it anyway, knowing the risk: git commit --no-verify',
  );
  const revoke = findings.map((f) => f.remediation?.revoke).filter((r): r is string => !!r);
  const where = revoke.length > 0 ? ` at ${[...new Set(revoke)].join(', ')}` : '';
  lines.push(`Nothing was committed. If this key was ever shared or pushed elsewhere, revoke it${where}.`);
  return `${lines.join('\n')}\n`;
}

/** The message after the report when the commits being pushed hold secrets. Always redacted. */
export function blockedPushMessage(findings: Finding[]): string {
  const secrets = new Set(findings.map((f) => f.secretHash)).size;
  const lines = [`keyscan: push blocked: the commits being pushed add ${secrets === 1 ? 'a secret' : `${secrets} secrets`}.`];
  for (const f of findings) {
    for (const o of f.occurrences) {
      lines.push(`  ${o.file}:${o.line}:${o.column}  ${f.redacted}  ${f.title} (${f.provider})${o.commit ? ` in ${short(o.commit.sha)}` : ''}`);
    }
  }
  lines.push(
    'What to do:',
    '  - Take the secret out of the commits that add it (git rebase -i, or git commit --amend for the last one) and read',
    `    it at run time from an environment variable (e.g. ${envVarFor(findings[0]?.provider ?? '')}) or a secret store instead.`,
    '  - A deliberate fake (test data, an example)? Add a comment containing keyscan:allow on that line.',
    '  - To push it anyway, knowing the risk: git push --no-verify',
    'It has not left this machine yet; if it was ever shared elsewhere, revoke it.',
  );
  return `${lines.join('\n')}\n`;
}
