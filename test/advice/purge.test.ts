// The purge plan: the filter-repo expressions file and the instructions printed with it.
import { describe, expect, it } from 'vitest';
import {
  expressionFor,
  PURGE_WARNING,
  purgeExpressions,
  purgeInstructions,
  pythonRegexLiteral,
  replacementFor,
} from '../../src/advice/purge.js';
import { openaiProjectKey, githubToken, randomString } from '../helpers/fakes.js';

/** git filter-repo's own reading of a --replace-text file (FilteringOptions.get_replace_text), in JS. */
function parseLikeFilterRepo(text: string): { literals: [string, string][]; regexes: [RegExp, string][] } {
  const literals: [string, string][] = [];
  const regexes: [RegExp, string][] = [];
  for (let line of text.split('\n')) {
    line = line.replace(/[\r\n]+$/, '');
    let replacement = '***REMOVED***';
    const at = line.lastIndexOf('==>');
    if (at >= 0) {
      replacement = line.slice(at + 3);
      line = line.slice(0, at);
    }
    if (line.startsWith('regex:')) regexes.push([new RegExp(line.slice(6), 'g'), replacement]);
    else {
      if (line.startsWith('literal:')) line = line.slice(8);
      if (line) literals.push([line, replacement]);
    }
  }
  return { literals, regexes };
}

function apply(plan: string, text: string): string {
  const { literals, regexes } = parseLikeFilterRepo(plan);
  let out = text;
  for (const [l, r] of literals) out = out.split(l).join(r);
  for (const [re, r] of regexes) out = out.replace(re, r);
  return out;
}

const PEM = ['-----BEGIN OPENSSH PRIVATE KEY-----', randomString(70), `${randomString(40)}+/=`, '-----END OPENSSH PRIVATE KEY-----'].join('\n');

describe('purge expressions', () => {
  it('starts with a line that says plainly the file holds secrets, and rewrites nothing with it', () => {
    const plan = purgeExpressions([{ secret: openaiProjectKey(), rule: 'openai-project-key' }]);
    const first = plan.split('\n')[0];
    expect(first).toContain('THIS FILE HOLDS LIVE SECRETS IN PLAINTEXT');
    expect(first).toBe(`literal:${PURGE_WARNING}==>${PURGE_WARNING}`);
    expect(apply(plan, `x ${PURGE_WARNING} y`)).toBe(`x ${PURGE_WARNING} y`);
  });

  it('replaces every secret, one line each, longest first, each once', () => {
    const key = openaiProjectKey();
    const token = githubToken();
    const plan = purgeExpressions([
      { secret: token, rule: 'github-pat-classic' },
      { secret: key, rule: 'openai-project-key' },
      { secret: token, rule: 'github-pat-classic' },
    ]);
    const lines = plan.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe(`literal:${key}==>***REMOVED-BY-KEYSCAN:openai-project-key***`);
    expect(lines[2]).toBe(`literal:${token}==>***REMOVED-BY-KEYSCAN:github-pat-classic***`);
    const text = `a=${key}\nb="${token}"\n`;
    expect(apply(plan, text)).toBe('a=***REMOVED-BY-KEYSCAN:openai-project-key***\nb="***REMOVED-BY-KEYSCAN:github-pat-classic***"\n');
  });

  it('keeps a secret that holds ==> or a prefix word literal', () => {
    const odd = `regex:${randomString(12)}==>x`;
    const plan = purgeExpressions([{ secret: odd, rule: 'generic-secret' }]);
    expect(apply(plan, `p=${odd};`)).toBe('p=***REMOVED-BY-KEYSCAN:generic-secret***;');
  });

  it('writes secrets over several lines as a regex that matches LF and CRLF files', () => {
    const line = expressionFor({ secret: PEM, rule: 'private-key' });
    expect(line.startsWith('regex:')).toBe(true);
    expect(line).not.toContain('\n');
    expect(apply(`${line}\n`, `k = """${PEM}"""`)).toBe('k = """***REMOVED-BY-KEYSCAN:private-key***"""');
    expect(apply(`${line}\n`, PEM.replace(/\n/g, '\r\n'))).toBe('***REMOVED-BY-KEYSCAN:private-key***');
  });

  it('escapes regex syntax (Python rules: only non-alphanumerics get a backslash)', () => {
    expect(pythonRegexLiteral('a.b*c+(d)[e]{f}|g^h$i\\j?k l-m/n=o\tp')).toBe('a\\.b\\*c\\+\\(d\\)\\[e\\]\\{f\\}\\|g\\^h\\$i\\\\j\\?k\\ l\\-m\\/n\\=o\\tp');
    expect(pythonRegexLiteral('x\r\ny')).toBe('x\\r?\\ny');
    expect(replacementFor('a b/c')).toBe('***REMOVED-BY-KEYSCAN:a_b_c***');
  });

  it('tells what to do, and holds no secret', () => {
    const text = purgeInstructions({ file: '/tmp/my plan.txt', count: 2, insideRepo: true });
    expect(text).toContain('purge plan for 2 secrets');
    expect(text).toContain('THIS FILE HOLDS THOSE SECRETS IN PLAINTEXT');
    expect(text).toContain("git filter-repo --replace-text '/tmp/my plan.txt'");
    expect(text).toMatch(/Revoke or rotate every one of these keys first/);
    expect(text).toMatch(/git push --force --all/);
    expect(text).toMatch(/Forks, pull-request refs/);
    expect(text).toContain('inside the repository');
  });
});
