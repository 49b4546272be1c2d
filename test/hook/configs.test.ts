import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { addToLefthook, addToPreCommit, ManualEditError, modernPreCommit, removeFromConfig } from '../../src/hook/configs.js';

const BIN = 'node_modules/.bin/keyscan';

describe('lefthook configuration', () => {
  const original = `# shared hooks
pre-commit:
  parallel: true
  commands:
    lint:
      glob: "*.{js,ts}"
      run: npx eslint {staged_files}   # keep this comment

pre-push:
  commands:
    test:
      run: npm test
`;

  it('gets a keyscan command in the hook and loses exactly it again', () => {
    const added = addToLefthook(original, 'lefthook.yml', BIN, 'pre-commit');
    const doc = parse(added);
    expect(doc['pre-commit'].commands.keyscan.run).toBe(`${BIN} staged`);
    expect(doc['pre-commit'].commands.lint.run).toBe('npx eslint {staged_files}');
    expect(added).toContain('# keep this comment');
    expect(addToLefthook(added, 'lefthook.yml', BIN, 'pre-commit')).toBe(added);
    expect(removeFromConfig(added, 'pre-commit')).toBe(original);
  });

  it('passes git’s refs and remote to the pre-push command', () => {
    const added = addToLefthook(original, 'lefthook.yml', BIN, 'pre-push');
    expect(parse(added)['pre-push'].commands.keyscan).toEqual({ run: `${BIN} ci --pre-push {1}`, use_stdin: true });
    expect(removeFromConfig(added, 'pre-push')).toBe(original);
  });

  it('adds the hook when the file has none, and a commands map when the hook has none', () => {
    const empty = addToLefthook('', 'lefthook.yml', BIN, 'pre-commit');
    expect(parse(empty)['pre-commit'].commands.keyscan.run).toBe(`${BIN} staged`);
    const noCommands = 'pre-commit:\n  parallel: true\n';
    const added = addToLefthook(noCommands, 'lefthook.yml', BIN, 'pre-commit');
    expect(parse(added)['pre-commit']).toEqual({ parallel: true, commands: { keyscan: { run: `${BIN} staged` } } });
    expect(removeFromConfig(added, 'pre-commit')).toBe(noCommands);
  });

  it('refuses to guess at a layout it cannot edit safely, and prints the entry', () => {
    expect(() => addToLefthook('pre-commit: {commands: {}}\n', 'lefthook.yml', BIN, 'pre-commit')).toThrow(ManualEditError);
  });
});

describe('pre-commit framework configuration', () => {
  const original = `repos:
- repo: https://github.com/pre-commit/pre-commit-hooks
  rev: v5.0.0
  hooks:
  - id: trailing-whitespace
`;

  it('gets a local keyscan hook that runs the installed bin, and loses exactly it again', () => {
    const added = addToPreCommit(original, '.pre-commit-config.yaml', BIN, 'pre-commit');
    const repos = parse(added).repos;
    expect(repos).toHaveLength(2);
    expect(repos[1].repo).toBe('local');
    expect(repos[1].hooks[0]).toMatchObject({ id: 'keyscan', entry: `${BIN} staged`, language: 'system', pass_filenames: false });
    expect(addToPreCommit(added, '.pre-commit-config.yaml', BIN, 'pre-commit')).toBe(added);
    expect(removeFromConfig(added, 'pre-commit')).toBe(original);
  });

  it('adds a pre-push stage hook, with stage names the installed framework takes', () => {
    const legacy = addToPreCommit(original, '.pre-commit-config.yaml', BIN, 'pre-push');
    expect(parse(legacy).repos[1].hooks[0]).toMatchObject({ id: 'keyscan-pre-push', entry: `${BIN} ci --pre-push`, stages: ['push'] });
    const modern = addToPreCommit(original, '.pre-commit-config.yaml', BIN, 'pre-push', 'modern');
    expect(parse(modern).repos[1].hooks[0]).toMatchObject({ stages: ['pre-push'] });
    const pinned = addToPreCommit(`minimum_pre_commit_version: '3.2.0'\n${original}`, '.pre-commit-config.yaml', BIN, 'pre-commit');
    expect(parse(pinned).repos[1].hooks[0]).toMatchObject({ stages: ['pre-commit'] });
    expect(modernPreCommit('pre-commit 3.0.4')).toBe(false);
    expect(modernPreCommit('pre-commit 3.2.0')).toBe(true);
    expect(modernPreCommit('pre-commit 4.0.1')).toBe(true);
  });

  it('counts a keyscan hook the user already has as installed', () => {
    const mine = `${original}- repo: https://example.com/keyscan\n  rev: v1\n  hooks:\n  - id: keyscan\n`;
    expect(addToPreCommit(mine, '.pre-commit-config.yaml', BIN, 'pre-commit')).toBe(mine);
  });
});
