// keyscan git reads history with several git processes and scans it on several threads: the report must
// be the same byte for byte whatever their number, and every secret credited to the commit that put it in.
import { afterAll, describe, expect, it } from 'vitest';
import { githubToken, openaiProjectKey, randomString } from '../helpers/fakes.js';
import { fastImport, git, keyscan, makeRepo, removeDir } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

interface Built {
  dir: string;
  /** The commit message (`c<n>`) of each commit that put a key in, by the key. */
  plantedIn: Map<string, string>;
  /** Keys the same line of the same file got in two commits with the same author date, by file. */
  tied: Map<string, { key: string; messages: [string, string] }>;
}

/**
 * 700 commits: binary files all along, side branches merged back every 50 (some merges add lines of their own), keys planted on
 * both sides, in a merge, in a commit message, one deleted later, and one written at the same place by two
 * commits of the same date on different branches.
 */
function build(): Built {
  const dir = makeRepo();
  dirs.push(dir);
  const files = new Map<string, string[]>();
  for (let f = 0; f < 30; f++)
    files.set(
      `src/f${f}.js`,
      Array.from({ length: 20 }, () => `const v = "${randomString(20)}";`),
    );
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const put = (path: string, lines: string[]) => `M 100644 inline ${path}\n${data(`${lines.join('\n')}\n`)}`;
  const plantedIn = new Map<string, string>();
  // By commit m on main and by a commit of the same date on its own branch, forked from the first commit.
  const tied = new Map<string, { key: string; messages: [string, string] }>();
  for (const m of [238, 288, 338, 388, 438, 488]) tied.set(`tied${m}.env`, { key: openaiProjectKey(24), messages: [`c${m}`, `t${m}`] });
  let stream = '';
  let mainHead = 0;
  for (let c = 1; c <= 700; c++) {
    const side = c % 50 >= 40;
    const merge = c % 50 === 0;
    let body = '';
    let message = `c${c}`;
    const path = `src/f${c % 30}.js`;
    const lines = files.get(path) as string[];
    lines[c % lines.length] = `const v${c} = "${randomString(20)}";`;
    if (c % 29 === 0) {
      const key = c % 58 === 0 ? githubToken() : openaiProjectKey(24);
      lines.push(c % 58 === 0 ? `GITHUB_TOKEN=${key}` : `const OPENAI = "${key}";`);
      plantedIn.set(key, `c${c}`);
    }
    if (c === 333) {
      const key = openaiProjectKey(24);
      message = `c${c}\n\nconfigured with ${key}`;
      plantedIn.set(key, `c${c}`);
    }
    body += put(path, lines);
    if (c === 120) {
      const key = openaiProjectKey(24);
      body += put('config/old.env', [`OPENAI_API_KEY=${key}`]);
      plantedIn.set(key, `c${c}`);
    }
    if (c === 180) body += 'D config/old.env\n';
    // Binary files all along, so each git process and thread skips some: the examples must not depend on which finishes first.
    if (c % 37 === 0) body += put(`assets/b${700 - c}.png`, [`${'\u0000'.repeat(40)}PNG${randomString(20)}`]);
    // One image put at two paths, far apart: read once, where a git process first meets it, and told at the least path.
    if (c === 10 || c === 600) body += put(c === 10 ? 'assets/a-same.png' : 'assets/z-same.png', [`${'\u0000'.repeat(40)}PNG same`]);
    const tie = tied.get(`tied${c}.env`);
    if (tie) body += put(`tied${c}.env`, [`OPENAI_API_KEY=${tie.key}`]);
    if (merge) {
      for (const [p, l] of files) body += put(p, l);
      if (c % 100 === 0) {
        // An evil merge: a line neither parent has.
        const key = openaiProjectKey(24);
        body += put(`merged/m${c}.js`, [`export const key = "${key}";`]);
        plantedIn.set(key, `c${c}`);
      }
    }
    const parents =
      c === 1 ? '' : side ? `from :${c % 50 === 40 ? mainHead : c - 1}\n` : merge ? `from :${mainHead}\nmerge :${c - 1}\n` : `from :${mainHead}\n`;
    const time = 1600000000 + c * 3600;
    const who = `Ada <ada@example.com> ${time} +0000`;
    stream += `commit refs/heads/${side ? 'side' : 'main'}\nmark :${c}\nauthor ${who}\ncommitter ${who}\n${data(message)}${parents}${body}\n`;
    if (tie)
      stream += `commit refs/heads/tie${c}\nmark :${10000 + c}\nauthor ${who}\ncommitter ${who}\n${data(`t${c}`)}from :1\n${put(`tied${c}.env`, [`OPENAI_API_KEY=${tie.key}`])}\n`;
    if (!side) mainHead = c;
  }
  fastImport(dir, `${stream}done\n`);
  git(dir, ['reset', '-q', '--hard', 'main']);
  return { dir, plantedIn, tied };
}

/** The report without what differs between runs by nature (timings, the thread count), as text. */
function stable(stdout: string): string {
  const report = JSON.parse(stdout);
  delete report.summary.durationMs;
  delete report.summary.threads;
  return JSON.stringify(report, null, 2);
}

describe('keyscan git with several git processes and threads', () => {
  it('writes the same report whatever their number, every key credited to the commit that put it in', () => {
    const { dir, plantedIn, tied } = build();
    expect(Number(git(dir, ['rev-list', '--count', '--all']).trim())).toBe(706);
    // Threads from the first byte (KEYSCAN_THREADS_AFTER=0), or none; one git process, the default, or three.
    const env = { KEYSCAN_THREADS_AFTER: '0' };
    const runs = [['--threads', '1', '--jobs', '1'], [], ['--threads', '3', '--jobs', '3'], ['--threads', '2', '--jobs', '2']].map((args) => {
      const r = keyscan(['git', '--format', 'json', '--no-redact', ...args], { cwd: dir, env });
      expect(r.code, r.stderr).toBe(1);
      return r.stdout;
    });
    expect(JSON.parse(runs[0]).summary.threads).toBeUndefined();
    const examples = JSON.parse(runs[0]).summary.skippedExamples.map((e: { path: string }) => e.path);
    expect(examples.length).toBeGreaterThan(10);
    expect(examples).toContain('assets/a-same.png');
    expect(examples).not.toContain('assets/z-same.png');
    expect(JSON.parse(runs[2]).summary.threads).toBe(3);
    for (const r of runs.slice(1)) expect(stable(r)).toBe(stable(runs[0]));

    const findings = JSON.parse(runs[0]).findings as { secret: string; commit: string; file: string }[];
    const credited = new Map(findings.map((f) => [f.secret, git(dir, ['log', '-1', '--format=%s', f.commit]).trim()]));
    for (const [key, message] of plantedIn) expect(credited.get(key), key).toBe(message);
    // Two commits of the same date put a tied key at the same place: the credit goes by commit id
    // (whichever git lists first; with six pairs, git lists the larger id first for some).
    const ids = new Map(
      git(dir, ['log', '--all', '--format=%s %H'])
        .trim()
        .split('\n')
        .map((l) => l.split(' ') as [string, string]),
    );
    for (const [file, t] of tied) {
      const both = t.messages.map((m) => ids.get(m)!).sort();
      expect(findings.find((f) => f.secret === t.key && f.file === file)?.commit, file).toBe(both[0]);
    }
  });
});
