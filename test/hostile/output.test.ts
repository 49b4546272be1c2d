// --output: written all at once (temporary file, then rename), one clear line when it cannot be
// written, and a failed run leaves no older report behind that could pass for this run's.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openaiProjectKey } from '../helpers/fakes.js';
import { removeDir, tempDir, writeFiles } from '../helpers/repo.js';
import { cli, json } from './helpers.js';

const dirs: string[] = [];
function track(dir: string): string {
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach(removeDir));

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines[lines.length - 1]).toMatch(/^keyscan: /);
  expect(stderr).not.toMatch(/unexpected error|please report/);
  return lines[lines.length - 1];
}

describe('--output that cannot be written', () => {
  it('a folder, a path under a file, /dev/full: exit 2 with one clear line', () => {
    const dir = track(tempDir('keyscan-hostile-'));
    writeFiles(dir, { 'a.env': `OPENAI_API_KEY=${openaiProjectKey()}\n`, 'plain.txt': 'x\n' });
    mkdirSync(join(dir, 'reports'));
    const cases: [string, RegExp][] = [
      ['reports', /folder/],
      ['plain.txt/report.json', /is a file|not a folder/],
      ['/dev/full', /no space/],
    ];
    for (const [target, why] of cases) {
      const r = cli(['dir', '.', '--output', target, '--format', 'json'], { cwd: dir });
      expect(r.code, `${target}: ${r.stderr}`).toBe(2);
      expect(oneLine(r.stderr)).toMatch(why);
    }
  });

  it('a device such as /dev/null is written in place, never replaced by a file', () => {
    const dir = track(tempDir('keyscan-hostile-'));
    writeFiles(dir, { 'a.txt': 'nothing\n' });
    const r = cli(['dir', '.', '--output', '/dev/null', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });
});

describe('--output is replaced whole', () => {
  it('a successful run replaces the report and leaves no temporary file', () => {
    const dir = track(tempDir('keyscan-hostile-'));
    writeFiles(dir, { 'src/a.env': `OPENAI_API_KEY=${openaiProjectKey()}\n`, 'out/report.json': 'old report\n' });
    const r = cli(['dir', 'src', '--output', 'out/report.json', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(json(readFileSync(join(dir, 'out/report.json'), 'utf8')).findings).toHaveLength(1);
    expect(readdirSync(join(dir, 'out'))).toEqual(['report.json']);
  });

  it('a run that fails removes the previous report instead of leaving it looking current', () => {
    const dir = track(tempDir('keyscan-hostile-'));
    writeFiles(dir, { 'src/a.txt': 'x\n', 'bad.yaml': 'allow: [\n' });
    writeFileSync(join(dir, 'report.json'), '{"version":1,"findings":[],"summary":{}}\n');
    const r = cli(['dir', 'src', '--config', 'bad.yaml', '--output', 'report.json', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(existsSync(join(dir, 'report.json'))).toBe(false);
  });
});
