// Colour in the human report: --color/--no-color, NO_COLOR, FORCE_COLOR (0 is off), TERM=dumb, else a
// terminal only; never in a file. Wrapped to a terminal's width, one line per finding on a pipe.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { emitReport, type OutputArgs } from '../../src/cli/report.js';
import type { Io } from '../../src/cli/io.js';
import type { RuleSet } from '../../src/engine/compile.js';
import { canonicalReport } from './canonical.js';

const ESC = /\x1b\[/;
const RULES = { rules: [], ruleById: () => undefined } as unknown as RuleSet;

function io(tty: boolean, env: NodeJS.ProcessEnv = {}, cwd = process.cwd()): Io & { out: string[] } {
  const out: string[] = [];
  return {
    out,
    stdout: { write: (t: string) => out.push(t), isTTY: tty },
    stderr: { write: () => true, isTTY: tty },
    stdin: Readable.from([]),
    cwd,
    env,
  };
}

const args = (over: Partial<OutputArgs> = {}): OutputArgs => ({ format: 'human', ...over });

describe('colour', () => {
  // The report is already advised; advising it again changes nothing that matters here.
  const report = () => canonicalReport();

  it('is on for a terminal', async () => {
    const t = io(true);
    expect(await emitReport(report(), RULES, args(), t)).toBe(1);
    expect(t.out.join('')).toMatch(ESC);
  });

  it.each([
    ['not a terminal', io(false), args()],
    ['NO_COLOR=1', io(true, { NO_COLOR: '1' }), args()],
    ['--no-color', io(true), args({ color: false })],
    ['FORCE_COLOR=0', io(true, { FORCE_COLOR: '0' }), args()],
    ['TERM=dumb', io(true, { TERM: 'dumb' }), args()],
    ['--no-color, even with FORCE_COLOR=1', io(true, { FORCE_COLOR: '1' }), args({ color: false })],
  ])('is off when %s', async (_, t, a) => {
    await emitReport(report(), RULES, a, t);
    const text = t.out.join('');
    expect(text).not.toMatch(ESC);
    expect(text).toMatch(/^src\/client\.ts:12:17 +critical · likely real +openai +openai-project-key +sk-proj-/m);
  });

  it.each([
    ['FORCE_COLOR=1 on a pipe', io(false, { FORCE_COLOR: '1' }), args()],
    ['--color on a pipe', io(false), args({ color: true })],
    ['--color, even with NO_COLOR=1', io(false, { NO_COLOR: '1' }), args({ color: true })],
  ])('is on with %s', async (_, t, a) => {
    await emitReport(report(), RULES, a, t);
    expect(t.out.join('')).toMatch(ESC);
  });

  it('is off in a file written with --output, even from a terminal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscan-color-'));
    try {
      const t = io(true, {}, dir);
      await emitReport(report(), RULES, args({ output: 'r.txt' }), t);
      expect(readFileSync(join(dir, 'r.txt'), 'utf8')).not.toMatch(ESC);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('wraps to a narrow terminal', async () => {
    const t = io(true);
    (t.stdout as { columns?: number }).columns = 72;
    await emitReport(report(), RULES, args({ color: false }), t);
    const long = t.out.join('').split('\n').filter((l) => l.length > 72 && !/https?:\/\//.test(l));
    expect(long).toEqual([]);
  });

  it('keeps one line per finding on a pipe', async () => {
    const t = io(false);
    (t.stdout as { columns?: number }).columns = 72;
    await emitReport(report(), RULES, args(), t);
    const lines = t.out.join('').split('\n').filter((l) => /^\S+:\d+:\d+ /.test(l));
    expect(lines).toHaveLength(4);
    for (const l of lines) expect(l).toMatch(/ (sk-proj-|ghp_|Tr)\S*…/);
  });
});
