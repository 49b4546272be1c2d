// Prefixed token rules state a length (issue 13): the audit script lists every rule whose literal prefix
// is followed by a loose quantifier; none may be open-ended (`+`, `*`, `{n,}`), which would report any
// run of the charset after the prefix, a longer look-alike included. Wide ranges are allowed where the
// format varies (JWTs, macaroons) and carry a `# Length:` comment or a FORMATS.md note.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Row {
  id: string;
  prefix: string;
  loose: string[];
}

describe('prefixed rule lengths', () => {
  it('no rule lets its prefix run on for any length', () => {
    const rows = JSON.parse(execFileSync(process.execPath, ['scripts/audit-rule-lengths.mjs', '--json'], { cwd: ROOT, encoding: 'utf8' })) as Row[];
    // The audit does find the wide ones (a JWT body can be thousands of characters).
    expect(rows.some((r) => r.id === 'jwt-token')).toBe(true);
    const open = rows.filter((r) => r.loose.some((q) => q.endsWith(',}')));
    expect(open.map((r) => `${r.id}: ${r.prefix} ${r.loose.join(' ')}`)).toEqual([]);
  });
});
