// The CI templates run on a current Node LTS (22 or later) and current actions.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const read = (p: string) => readFileSync(fileURLToPath(new URL(`../../${p}`, import.meta.url)), 'utf8');

describe('CI templates', () => {
  it('the action defaults to Node 22 or later and uses v4+ setup-node and v3+ upload-sarif', () => {
    const action = parse(read('action.yml')) as { inputs: Record<string, { default?: string }> };
    expect(Number(action.inputs['node-version'].default)).toBeGreaterThanOrEqual(22);
    for (const m of read('action.yml').matchAll(/uses: ([\w/-]+)@v(\d+)/g)) expect(Number(m[2]), m[1]).toBeGreaterThanOrEqual(m[1].includes('codeql') ? 3 : 4);
  });

  it('the GitLab template and the README examples use Node 22 or later', () => {
    for (const m of read('ci/gitlab/keyscan.gitlab-ci.yml').matchAll(/image: node:(\d+)/g)) expect(Number(m[1])).toBeGreaterThanOrEqual(22);
    for (const m of read('README.md').matchAll(/node-version: (\d+)|image: node:(\d+)/g)) expect(Number(m[1] ?? m[2])).toBeGreaterThanOrEqual(22);
  });
});
