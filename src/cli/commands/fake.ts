// keyscan fake PROVIDER|RULE: print tokens of the provider's real shape that keyscan knows are not live.
import type { Argv } from 'yargs';
import { fakeTokens } from '../../fakes/make.js';
import { builtinRuleSet } from '../../rules.js';
import type { Command } from './types.js';

interface FakeArgs {
  name: string;
  format: 'human' | 'json';
}

export const fakeCommand: Command<FakeArgs> = {
  builder: (y: Argv) =>
    y
      .positional('name', { type: 'string', demandOption: true, describe: 'a provider (openai) or a rule id (openai-project-key)' })
      .option('format', { choices: ['human', 'json'] as const, default: 'human' as const }) as Argv<FakeArgs>,
  async handler(args, io) {
    const fakes = fakeTokens(args.name, builtinRuleSet());
    if (args.format === 'json') {
      io.stdout.write(`${JSON.stringify(fakes, null, 2)}\n`);
      return 0;
    }
    // One token alone prints bare, for `$(keyscan fake openai-project-key)`.
    if (fakes.length === 1) io.stdout.write(`${fakes[0].token}\n`);
    else for (const f of fakes) io.stdout.write(`${f.rule}\t${f.token}\n`);
    return 0;
  },
};
