// SARIF checked by Microsoft's SARIF multitool (@microsoft/sarif-multitool, a devDependency that ships
// its own executable and runs offline): the schema, the SARIF rules and GitHub's ingestion rules (Gh).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { render } from '../../src/reporters/index.js';
import { openaiProjectKey, githubToken } from '../helpers/fakes.js';
import { keyscan, makeRepo, removeDir, tempDir } from '../helpers/repo.js';
import { canonicalReport, RULES } from './canonical.js';

const require = createRequire(import.meta.url);
/** The platform executable itself: the package's bin.js wrapper runs through a shell, which splits `;`. */
const MULTITOOL: string = require('@microsoft/sarif-multitool');

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

interface Problem {
  ruleId: string;
  level: string;
  message: string;
}

/** Validate a SARIF text; return the errors and warnings the multitool found. */
function validate(sarif: string): Problem[] {
  const dir = tempDir('keyscan-sarif-');
  dirs.push(dir);
  const input = join(dir, 'report.sarif');
  const output = join(dir, 'validation.sarif');
  writeFileSync(input, sarif);
  const r = spawnSync(
    MULTITOOL,
    ['validate', input, '--output', output, '--log', 'ForceOverwrite', '--level', 'Error;Warning', '--rule-kind', 'Sarif;Gh'],
    { encoding: 'utf8', timeout: 120_000, env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } },
  );
  expect(r.error, String(r.error)).toBeUndefined();
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  const log = JSON.parse(readFileSync(output, 'utf8'));
  const run = log.runs[0];
  expect(run.invocations?.[0]?.executionSuccessful, JSON.stringify(run.invocations)).toBe(true);
  return (run.results ?? [])
    .map((x: { ruleId: string; level?: string; message: { text?: string; arguments?: string[] } }) => ({
      ruleId: x.ruleId,
      level: x.level ?? 'warning',
      message: x.message.text ?? (x.message.arguments ?? []).join(' | '),
    }))
    .filter((p: Problem) => p.level === 'error' || p.level === 'warning');
}

describe('SARIF passes sarif-multitool validate', () => {
  it('the canonical report', () => {
    const sarif = render('sarif', canonicalReport(), { color: false, version: '1.2.3', rules: RULES });
    expect(validate(sarif)).toEqual([]);
  });

  it('a clean scan', () => {
    const sarif = render('sarif', canonicalReport({ clean: true }), { color: false, version: '1.2.3', rules: RULES });
    expect(validate(sarif)).toEqual([]);
  });

  it('a real history scan and a real tree scan from the CLI', () => {
    const key = openaiProjectKey();
    const token = githubToken();
    const repo = makeRepo([
      { files: { 'src/app.js': `const openai = "${key}";\n`, 'docs/a b#c.md': `token ${token}\n` } },
      { files: { 'src/app.js': 'const openai = process.env.OPENAI_API_KEY;\n' } },
    ]);
    dirs.push(repo);
    // `keyscan docs` writes repository paths (docs/a%20b%23c.md) under a %SRCROOT% with an absolute file: URI.
    for (const [args, cwd] of [
      [['git', '--format', 'sarif'], repo],
      [['dir', '.', '--format', 'sarif'], repo],
      [['docs', '--format', 'sarif'], repo],
      [['.', '--format', 'sarif'], join(repo, 'docs')],
    ] as const) {
      const r = keyscan([...args], { cwd });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).not.toContain(key);
      expect(validate(r.stdout), args.join(' ')).toEqual([]);
    }
  });

  it('reports what it finds in a broken log (the check is real)', () => {
    const sarif = JSON.parse(render('sarif', canonicalReport(), { color: false, version: '1.2.3', rules: RULES }));
    delete sarif.runs[0].tool.driver.name;
    sarif.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    const problems = validate(JSON.stringify(sarif));
    expect(problems.length).toBeGreaterThan(0);
  });
});
