// keyscan git on a longer history built with git fast-import: every way of reading history must
// report the same findings, credited to the same commits.
import { afterAll, describe, expect, it } from 'vitest';
import { openaiProjectKey, randomString } from '../helpers/fakes.js';
import { fastImport, git, keyscan, makeRepo, removeDir } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

interface Built {
  dir: string;
  /** commit mark → where a key went in */
  planted: { mark: number; file: string }[];
}

/** 300 commits on main with side branches merged back, a 600 KB generated file rewritten every 10 commits. */
function build(): Built {
  const dir = makeRepo();
  dirs.push(dir);
  const files = new Map<string, string[]>();
  for (let f = 0; f < 20; f++) files.set(`src/f${f}.js`, Array.from({ length: 30 }, () => `const v = "${randomString(20)}";`));
  const bundle = Array.from({ length: 7000 }, (_, i) => `/*${i}*/var m${i}="${randomString(70)}";`);
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const put = (path: string, lines: string[]) => `M 100644 inline ${path}\n${data(`${lines.join('\n')}\n`)}`;
  const planted: Built['planted'] = [];
  let stream = '';
  let mainHead = 0;
  for (let c = 1; c <= 300; c++) {
    const side = c % 50 >= 45;
    const merge = c % 50 === 0;
    let body = '';
    const path = `src/f${c % 20}.js`;
    const lines = files.get(path) as string[];
    lines[c % lines.length] = `const v${c} = "${randomString(20)}";`;
    if (c % 37 === 0) {
      lines.push(`const OPENAI = "${openaiProjectKey(24)}";`);
      planted.push({ mark: c, file: path });
    }
    body += put(path, lines);
    if (c % 10 === 0) {
      for (let k = 0; k < 200; k++) bundle[(c * 31 + k * 17) % bundle.length] = `/*${c}.${k}*/var n="${randomString(70)}";`;
      if (c === 120) {
        bundle[3000] = `var cfg={apiKey:"${openaiProjectKey(24)}"};`;
        planted.push({ mark: c, file: 'dist/bundle.js' });
      }
      body += put('dist/bundle.js', bundle);
    }
    if (merge) for (const [p, l] of files) body += put(p, l);
    const parents = c === 1 ? '' : side ? `from :${c % 50 === 45 ? mainHead : c - 1}\n` : merge ? `from :${mainHead}\nmerge :${c - 1}\n` : `from :${mainHead}\n`;
    const time = 1600000000 + c * 3600;
    stream += `commit refs/heads/${side ? 'side' : 'main'}\nmark :${c}\nauthor Ada <ada@example.com> ${time} +0000\ncommitter Ada <ada@example.com> ${time} +0000\n${data(`c${c}`)}${parents}${body}\n`;
    if (!side) mainHead = c;
  }
  fastImport(dir, `${stream}done\n`);
  return { dir, planted };
}

describe('keyscan git on a fast-imported history', () => {
  it('diffs, whole blobs and any number of git processes agree, and credit the planting commits', () => {
    const { dir, planted } = build();
    expect(Number(git(dir, ['rev-list', '--count', '--all']).trim())).toBe(300);
    // Big files read whole (as git shows them no diff) with core.bigFileThreshold: 256k, or every file.
    const runs = [[], ['--jobs', '1'], ['--jobs', '3'], ['256k'], ['1']].map((args) => {
      const threshold = args.length === 1 ? args[0] : null;
      if (threshold) git(dir, ['config', 'core.bigFileThreshold', threshold]);
      const r = keyscan(['git', '--format', 'json', ...(threshold ? [] : args)], { cwd: dir });
      if (threshold) git(dir, ['config', '--unset', 'core.bigFileThreshold']);
      expect(r.code, r.stderr).toBe(1);
      const findings = JSON.parse(r.stdout).findings as { file: string; commit: string; line: number; fingerprint: string }[];
      return findings.map((f) => `${f.fingerprint} ${f.file}:${f.line} ${f.commit}`).sort();
    });
    for (const r of runs.slice(1)) expect(r).toEqual(runs[0]);
    expect(runs[0]).toHaveLength(planted.length);
    // The commit each finding names is the one whose message says it planted the key.
    const r = keyscan(['git', '--format', 'json'], { cwd: dir });
    for (const f of JSON.parse(r.stdout).findings as { file: string; commit: string }[]) {
      const message = git(dir, ['log', '-1', '--format=%s', f.commit]).trim();
      expect(planted.some((p) => `c${p.mark}` === message && p.file === f.file)).toBe(true);
    }
  });
});
