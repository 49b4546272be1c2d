// What a person reads when the pre-commit hook blocks a commit: where each secret is, whose it is,
// and the three ways forward. Pure: findings in, text out.
import { short } from '../show.js';
import { CONFIDENCE_WORDS } from '../show.js';
import type { Finding } from '../types.js';

/**
 * The variable the provider's own SDKs and CLIs read, where it is not `<PROVIDER>_API_KEY`: a newcomer
 * told to use `AWS_API_KEY` would set a variable no AWS SDK reads. By rule first, then by provider.
 */
const ENV_BY_RULE: Record<string, string> = {
  'aws-access-key-id': 'AWS_ACCESS_KEY_ID',
  'aws-temporary-access-key-id': 'AWS_ACCESS_KEY_ID',
  'aws-secret-access-key': 'AWS_SECRET_ACCESS_KEY',
  'aws-session-token': 'AWS_SESSION_TOKEN',
  'aws-bedrock-api-key': 'AWS_BEARER_TOKEN_BEDROCK',
  'aws-bedrock-short-term-key': 'AWS_BEARER_TOKEN_BEDROCK',
};
const ENV_BY_PROVIDER: Record<string, string> = {
  aws: 'AWS_SECRET_ACCESS_KEY',
  github: 'GITHUB_TOKEN',
  gitlab: 'GITLAB_TOKEN',
  npm: 'NPM_TOKEN',
  huggingface: 'HF_TOKEN',
  stripe: 'STRIPE_SECRET_KEY',
  twilio: 'TWILIO_AUTH_TOKEN',
  slack: 'SLACK_BOT_TOKEN',
  databricks: 'DATABRICKS_TOKEN',
  vercel: 'VERCEL_TOKEN',
  digitalocean: 'DIGITALOCEAN_TOKEN',
};

/** A guess at the variable a key of this provider usually lives in: `azure-openai` → AZURE_OPENAI_API_KEY. */
export function envVarFor(provider: string, rule = ''): string {
  const known = ENV_BY_RULE[rule] ?? ENV_BY_PROVIDER[provider];
  if (known) return known;
  const base = provider.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_|_$/g, '');
  return base ? `${base}_API_KEY` : 'API_KEY';
}

export interface BlockedOptions {
  /** Whether git ignores `.env` at the repository root; false: the message says how to make it. */
  envIgnored: boolean;
  /**
   * Whether the top-level `.gitignore` exists and its last line has no newline: `echo '.env' >>` would
   * then glue `.env` onto that line (`node_modules.env`), so the message offers a `printf` that starts
   * a new line.
   */
  gitignoreUnterminated?: boolean;
}

/** The exact command that makes git ignore `.env`, safe whether or not `.gitignore` ends with a newline. */
export function ignoreEnvCommand(gitignoreUnterminated = false): string {
  return gitignoreUnterminated ? "printf '\\n.env\\n' >> .gitignore" : "echo '.env' >> .gitignore";
}

/** Findings shown in the blocked message; more are counted on one line. */
const SHOWN = 3;

/**
 * What a blocked commit prints, in at most 12 lines: what was found and where, the three ways out
 * (an environment variable with .env gitignored, keyscan:allow for a deliberate fake, --no-verify),
 * and where to revoke it. Always redacted.
 */
export function blockedCommitMessage(findings: Finding[], options: BlockedOptions = { envIgnored: true }): string {
  const secrets = new Set(findings.map((f) => f.secretHash)).size;
  const lines = [`keyscan: commit blocked: the staged changes add ${secrets === 1 ? 'a secret' : `${secrets} secrets`}.`];
  const places = findings.flatMap((f) =>
    f.occurrences.map((o) => `  ${o.file}:${o.line}:${o.column}  ${f.severity} · ${CONFIDENCE_WORDS[f.confidence]}  ${f.provider}  ${f.redacted}`),
  );
  lines.push(...places.slice(0, SHOWN));
  if (places.length > SHOWN) lines.push(`  … and ${places.length - SHOWN} more (keyscan staged --verbose lists them all)`);
  const example = envVarFor(findings[0]?.provider ?? '', findings[0]?.rule);
  lines.push(
    'Three ways out:',
    `  1. Read it from an environment variable (e.g. ${example}); keep the value in .env, out of git:`,
    options.envIgnored
      ? '     git already ignores .env. Then git add the file again.'
      : `     git does not ignore .env yet: ${ignoreEnvCommand(options.gitignoreUnterminated)}. Then git add the file again.`,
    '  2. A deliberate fake (test data, an example)? Add a comment with keyscan:allow on that line.',
    '  3. Commit it anyway, knowing the risk: git commit --no-verify',
  );
  const revoke = [...new Set(findings.map((f) => f.remediation?.revoke).filter((r): r is string => !!r))];
  lines.push(`Nothing was committed. If it was ever pushed or shared, revoke it${revoke.length > 0 ? ` at ${revoke.slice(0, 2).join(', ')}` : ''}.`);
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
    `    it at run time from an environment variable (e.g. ${envVarFor(findings[0]?.provider ?? '', findings[0]?.rule)}) or a secret store instead.`,
    '  - A deliberate fake (test data, an example)? Add a comment containing keyscan:allow on that line.',
    '  - To push it anyway, knowing the risk: git push --no-verify',
    'It has not left this machine yet; if it was ever shared elsewhere, revoke it.',
  );
  return `${lines.join('\n')}\n`;
}
