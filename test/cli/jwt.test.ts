import { afterAll, describe, expect, it } from 'vitest';
import { randomString } from '../helpers/fakes.js';
import { keyscan, removeDir, tempDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
const seg = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (payload: object) => `${seg({ alg: 'HS256', typ: 'JWT' })}.${seg(payload)}.${randomString(43)}`;

describe('JWTs from the command line', () => {
  it('an expired JWT is reported with low confidence and says why; a live one stays medium', () => {
    const dir = tempDir();
    dirs.push(dir);
    const far = 4102444800; // 2100-01-01
    writeFiles(dir, {
      'ops/run.sh': `./client --auth ${jwt({ sub: 'svc-a', exp: 1600000000 })}\n./client --auth ${jwt({ sub: 'svc-b', exp: far })}\n`,
    });
    const r = keyscan(['dir', '.', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: Record<string, unknown>[] }).findings;
    expect(findings.map((f) => [f.rule, f.line, f.confidence])).toEqual([
      ['jwt-token', 1, 'low'],
      ['jwt-token', 2, 'medium'],
    ]);
    expect(findings[0].note).toMatch(/expired JWT \(exp 2020-09-13\)/);
  });
});
