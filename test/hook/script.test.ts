import { describe, expect, it } from 'vitest';
import { findBlock, hookBlock, insertBlock, isEmptyScript, isShellScript, newHookFile, readBlock, removeBlock } from '../../src/hook/script.js';

const opts = { hook: 'pre-commit' as const, bin: 'node_modules/.bin/keyscan' };

describe('hook script blocks', () => {
  it('go in after the shebang and come out byte for byte', () => {
    const original = '#!/usr/bin/env bash\nset -euo pipefail\nnpm test\nexit 0\n';
    const installed = insertBlock(original, hookBlock(opts), 'pre-commit');
    expect(installed.startsWith(`#!/usr/bin/env bash\n# >>> keyscan pre-commit >>>`)).toBe(true);
    expect(installed).toMatch(/# <<< keyscan pre-commit <<< [0-9a-f]{12}\nset -euo pipefail\nnpm test\nexit 0\n$/);
    expect(removeBlock(installed, 'pre-commit')).toBe(original);
  });

  it('go at the top of a script without a shebang (husky)', () => {
    const original = 'npx lint-staged\n';
    const installed = insertBlock(original, hookBlock(opts), 'pre-commit');
    expect(installed.endsWith('npx lint-staged\n')).toBe(true);
    expect(removeBlock(installed, 'pre-commit')).toBe(original);
  });

  it('replace an older block instead of adding a second one', () => {
    const once = insertBlock('#!/bin/sh\necho hi\n', hookBlock(opts), 'pre-commit');
    const twice = insertBlock(once, hookBlock({ ...opts, bin: 'web/node_modules/.bin/keyscan' }), 'pre-commit');
    expect(twice.match(/>>> keyscan pre-commit >>>/g)).toHaveLength(1);
    expect(twice).toContain("'web/node_modules/.bin/keyscan'");
    expect(insertBlock(once, hookBlock(opts), 'pre-commit')).toBe(once);
  });

  it('keep pre-commit and pre-push blocks apart', () => {
    const both = insertBlock(newHookFile(opts), hookBlock({ ...opts, hook: 'pre-push' }), 'pre-push');
    expect(findBlock(both, 'pre-commit')).not.toBeNull();
    expect(removeBlock(both, 'pre-push')).toBe(newHookFile(opts));
  });

  it('never call a bare npx keyscan', () => {
    for (const hook of ['pre-commit', 'pre-push'] as const) {
      const text = hookBlock({ ...opts, hook });
      expect(text).not.toMatch(/npx (?!--no-install)keyscan/);
      expect(text).toContain('exit 1');
    }
  });

  it('tell a block as keyscan wrote it from one edited by hand, and read back its options', () => {
    const text = insertBlock('#!/bin/sh\necho mine\n', hookBlock({ ...opts, bin: "it's/keyscan" }), 'pre-commit');
    const state = readBlock(text, 'pre-commit');
    expect(state.kind).toBe('pristine');
    expect(state.kind === 'pristine' && state.options.bin).toBe("it's/keyscan");
    const added = readBlock(text.replace('fi\n', 'fi\necho user\n'), 'pre-commit');
    expect(added).toMatchObject({ kind: 'edited', userLines: [10], editedKeyscanLines: [] });
    const changed = readBlock(text.replace(' staged ', ' staged -q '), 'pre-commit');
    expect(changed).toMatchObject({ kind: 'edited', userLines: [], editedKeyscanLines: [10] });
    const cut = readBlock(text.replace(/# <<< keyscan pre-commit <<<.*\n/, ''), 'pre-commit');
    expect(cut).toMatchObject({ kind: 'broken', startLine: 2, whole: true });
    expect(cut.kind === 'broken' && cut.span.text.endsWith('|| exit $?\n')).toBe(true);
    expect(hookBlock(opts)).not.toContain('.git/hooks');
  });

  it('tell shell scripts from others', () => {
    expect(isShellScript('#!/bin/sh\n')).toBe(true);
    expect(isShellScript('#!/usr/bin/env bash\n')).toBe(true);
    expect(isShellScript('#!/usr/bin/env -S bash -e\n')).toBe(true);
    expect(isShellScript('echo no shebang\n')).toBe(true);
    expect(isShellScript('#!/usr/bin/env node\n')).toBe(false);
    expect(isShellScript('#!/usr/bin/python3\n')).toBe(false);
    expect(isEmptyScript('#!/bin/sh\n\n')).toBe(true);
    expect(isEmptyScript('#!/bin/sh\necho\n')).toBe(false);
  });
});
