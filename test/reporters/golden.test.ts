// Golden files: every format rendered from one canonical report (test/reporters/canonical.ts).
// After a deliberate change to a reporter or to the advice: UPDATE_GOLDEN=1 npx vitest run test/reporters
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { render, type Format } from '../../src/reporters/index.js';
import type { Report } from '../../src/types.js';
import { canonicalReport, canonicalSecrets, canonicalTreeReport, RULES } from './canonical.js';

const DIR = fileURLToPath(new URL('../../fixtures/reports/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function golden(name: string, actual: string): void {
  const path = join(DIR, name);
  if (UPDATE || (!existsSync(path) && process.env.CI !== 'true')) {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(path, actual);
  }
  expect(existsSync(path), `${name} is missing: run UPDATE_GOLDEN=1 npx vitest run test/reporters`).toBe(true);
  expect(actual, `${name} differs: if the change is deliberate, run UPDATE_GOLDEN=1 npx vitest run test/reporters`).toBe(
    readFileSync(path, 'utf8'),
  );
}

function out(format: Format, report: Report, color = false, detail?: 'verbose' | 'quiet'): string {
  return render(format, report, { color, width: 100, version: '0.0.0-test', rules: RULES, detail });
}

const EXT: Record<Format, string> = { human: 'txt', json: 'json', sarif: 'sarif', junit: 'xml' };

describe('golden reports', () => {
  const report = canonicalReport();
  for (const format of ['human', 'json', 'sarif', 'junit'] as Format[]) {
    it(`${format} from the canonical report`, () => golden(`${format}.golden.${EXT[format]}`, out(format, report)));
    it(`${format} of a clean scan`, () => golden(`${format}-clean.golden.${EXT[format]}`, out(format, canonicalReport({ clean: true }))));
  }
  it('human --verbose: a block per secret', () => golden('human-verbose.golden.txt', out('human', report, false, 'verbose')));
  it('human --quiet: the finding lines only', () => {
    const quiet = out('human', report, false, 'quiet');
    expect(quiet.trimEnd().split('\n').filter((l) => !l.startsWith('    '))).toHaveLength(4);
    expect(out('human', report).startsWith(quiet)).toBe(true);
    expect(out('human', canonicalReport({ clean: true }), false, 'quiet')).toBe('');
  });
  it('human: severity in words, confidence in words, most serious first', () => {
    const lines = out('human', report).split('\n').filter((l) => /^\S+:\d+:\d+ /.test(l));
    expect(lines.map((l) => l.split(/ {2,}/)[1])).toEqual(['critical · likely real', 'critical · likely real', 'critical · likely real', 'medium · looks like an example']);
    expect(out('human', report)).not.toMatch(/confidence\)/);
  });
  it('sarif: a low-confidence finding is a warning or a note, never an error', () => {
    const sarif = JSON.parse(out('sarif', report)) as { runs: { results: { level: string; ruleId: string }[] }[] };
    const low = report.findings.filter((f) => f.confidence === 'low').map((f) => f.rule);
    const levels = sarif.runs[0].results.filter((r) => low.includes(r.ruleId)).map((r) => r.level);
    expect(levels.length).toBeGreaterThan(0);
    for (const level of levels) expect(['warning', 'note']).toContain(level);
  });
  it('human in colour', () => golden('human-color.golden.txt', out('human', report, true)));
  it('human for a tree scan (tracked, ignored, untracked)', () => golden('human-tree.golden.txt', out('human', canonicalTreeReport())));
  it('json for a tree scan', () => golden('json-tree.golden.json', out('json', canonicalTreeReport())));
  it('json with --no-redact', () => golden('json-no-redact.golden.json', out('json', canonicalReport({ reveal: true }))));

  it('holds no whole secret outside the --no-redact variant', () => {
    const secrets = Object.values(canonicalSecrets());
    for (const name of readdirSync(DIR)) {
      const text = readFileSync(join(DIR, name), 'utf8');
      for (const secret of secrets) {
        if (name.includes('no-redact')) continue;
        expect(text.includes(secret), `${name} holds a whole secret`).toBe(false);
      }
    }
    const shown = readFileSync(join(DIR, 'json-no-redact.golden.json'), 'utf8');
    for (const secret of secrets) expect(shown).toContain(secret);
  });

  it('colour only where asked for', () => {
    expect(out('human', report)).not.toMatch(/\x1b\[/);
    expect(out('human', report, true)).toMatch(/\x1b\[/);
  });
});
