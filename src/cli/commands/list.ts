// Every command, by usage and description only. A run loads the one module it needs: the others
// (and what they import: the YAML parser, the diff library, the hook managers) stay on disk.
import { BASELINE_FILE } from '../../findings/baseline.js';
import type { CommandEntry } from './types.js';

export const COMMANDS: CommandEntry[] = [
  {
    command: ['dir [paths..]', 'scan [paths..]', '$0 [paths..]'],
    describe: 'scan files on disk under each PATH (default .)',
    load: async () => (await import('./dir.js')).dirCommand,
  },
  {
    command: 'files <files..>',
    describe: 'scan exactly these files (for lint-staged and the pre-commit framework)',
    load: async () => (await import('./dir.js')).filesCommand,
  },
  { command: 'stdin', describe: 'scan standard input', load: async () => (await import('./dir.js')).stdinCommand },
  {
    command: 'rules',
    describe: 'list the rules; --test checks every rule against its own examples',
    load: async () => (await import('./rules.js')).rulesCommand,
  },
  {
    command: 'baseline [path]',
    describe: `write every current finding, by fingerprint only, to ${BASELINE_FILE}`,
    load: async () => (await import('./baseline.js')).baselineCommand,
  },
  {
    command: 'staged [files..]',
    describe:
      'scan what is staged for commit (added and changed lines only); the pre-commit hook runs this. FILE... (lint-staged, the pre-commit framework): only those files',
    load: async () => (await import('./staged.js')).stagedCommand,
  },
  {
    command: 'git [repo]',
    describe: 'scan every commit reachable from any ref (branches, tags, remotes, stash)',
    load: async () => (await import('./git.js')).gitCommand,
  },
  {
    command: 'ci [remote]',
    describe: 'scan the commits of this push or merge request (GitHub Actions, GitLab CI, --since, or a pre-push hook)',
    load: async () => (await import('./ci.js')).ciCommand,
  },
  {
    command: 'install',
    describe: 'add keyscan to the pre-commit hook (husky, lefthook, pre-commit framework or .git/hooks); never replaces a hook',
    load: async () => (await import('./install.js')).installCommand,
  },
  {
    command: 'uninstall',
    describe: 'remove what keyscan install added (and nothing else) from the pre-commit and pre-push hooks',
    load: async () => (await import('./install.js')).uninstallCommand,
  },
  {
    command: 'fake <name>',
    describe: "print a token in a provider's real shape that cannot be live, for test fixtures (keyscan never reports it)",
    load: async () => (await import('./fake.js')).fakeCommand,
  },
  {
    command: 'fix [paths..]',
    describe: 'move keys found in working-tree files into .env and read them from the environment (a dry run unless --write)',
    load: async () => (await import('./fix.js')).fixCommand,
  },
];
