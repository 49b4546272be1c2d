// Way out number 1 names an environment variable: the one the provider's own SDKs read where that is
// not <PROVIDER>_API_KEY (no AWS SDK reads AWS_API_KEY). Through the real pre-commit hook.
import { afterAll, describe, expect, it } from 'vitest';
import { awsKeyId, githubToken, openaiProjectKey } from '../helpers/fakes.js';
import { git, gitTry, keyscan, linkKeyscanBin, makeRepo, removeDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe('the variable a blocked commit suggests', () => {
  it.each([
    ['an AWS access key ID', () => `const id = "${awsKeyId()}";\n`, 'AWS_ACCESS_KEY_ID'],
    ['a GitHub token', () => `const token = "${githubToken()}";\n`, 'GITHUB_TOKEN'],
    ['an OpenAI key', () => `const key = "${openaiProjectKey()}";\n`, 'OPENAI_API_KEY'],
  ] as [string, () => string, string][])('%s', (_name, source, variable) => {
    const dir = makeRepo([{ files: { '.gitignore': '.env\n', 'README.md': '# app\n' } }]);
    dirs.push(dir);
    linkKeyscanBin(dir);
    expect(keyscan(['install'], { cwd: dir }).code).toBe(0);
    writeFiles(dir, { 'src/config.js': source() });
    git(dir, ['add', 'src/config.js']);
    const r = gitTry(dir, ['commit', '-m', 'config']);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain(`environment variable (e.g. ${variable})`);
  });
});
