// keyscan rules [--test]
import type { Argv } from 'yargs';
import { loadConfig } from '../../config.js';
import { testAllRules } from '../../engine/ruletest.js';
import { builtinRuleSet } from '../../rules.js';
import type { Command } from './types.js';

interface RulesArgs {
  test: boolean;
  format: 'human' | 'json';
  config?: string;
}

export const rulesCommand: Command<RulesArgs> = {
  builder: (y: Argv) =>
    y
      .option('test', { type: 'boolean', default: false, describe: 'run every rule against its examples and negative examples' })
      .option('format', { choices: ['human', 'json'] as const, default: 'human' as const })
      .option('config', { type: 'string', describe: 'configuration with custom rules (default .keyscan.yaml)' }) as Argv<RulesArgs>,
  async handler(args, io) {
    const config = loadConfig(io.cwd, args.config, io.cwd);
    const ruleSet = builtinRuleSet([], config.rules);
    if (args.test) {
      const failures = testAllRules(ruleSet);
      const examples = ruleSet.rules.reduce((n, r) => n + r.examples.length + r.negative_examples.length, 0);
      for (const f of failures) io.stdout.write(`FAIL ${f.rule} ${f.kind} #${f.index + 1}: ${f.problem}\n`);
      io.stdout.write(`${ruleSet.rules.length} rules, ${examples} examples: ${failures.length === 0 ? 'all pass' : `${failures.length} failing`}\n`);
      return failures.length === 0 ? 0 : 1;
    }
    if (args.format === 'json') {
      const rows = ruleSet.rules.map((r) => ({
        id: r.id,
        provider: r.provider,
        title: r.title,
        severity: r.severity,
        confidence: r.confidence,
        keywords: r.keywords,
        validator: r.validator ?? null,
        remediation: r.remediation ?? {},
      }));
      io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    const width = ruleSet.rules.reduce((w, r) => Math.max(w, r.id.length), 0);
    for (const r of ruleSet.rules) {
      io.stdout.write(`${r.id.padEnd(width)}  ${r.severity.padEnd(8)}  ${r.title}${r.validator ? ` [${r.validator}]` : ''}\n`);
    }
    const providers = new Set(ruleSet.rules.map((r) => r.provider)).size;
    io.stdout.write(`${ruleSet.rules.length} rules for ${providers} providers\n`);
    return 0;
  },
};
