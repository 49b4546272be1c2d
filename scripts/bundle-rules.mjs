// Build step: parse rules/*.yaml once, check every rule compiles (including the backtracking check),
// and write dist/rules.jsonl (one rule a line) so the CLI starts without loading a YAML parser, and the rules' keyword
// automaton (dist/keywords.bin) so it starts without building it, and which rules each keyword unlocks
// (dist/rule-index.json) so it compiles a rule only when a text holds one of its keywords. The same for the
// mistakes catalogue (rules/mistakes.yaml → dist/mistakes.json).
import { writeFileSync } from 'node:fs';
import { bundledRuleLines, readRuleDocuments, rulesFromDocument } from '../dist/rules.js';
import { buildRuleSet, ruleIndexOf } from '../dist/engine/compile.js';
import { buildAutomaton, serializeAutomaton } from '../dist/engine/keywords.js';
import { mistakesFromDocument, readMistakesDocument } from '../dist/mistakes.js';

const docs = readRuleDocuments();
const rules = docs.flatMap((d) => rulesFromDocument(d.doc, d.file));
const ruleSet = buildRuleSet(rules);
writeFileSync(new URL('../dist/rules.jsonl', import.meta.url), bundledRuleLines(docs));
console.error(`bundled ${rules.length} rules from ${docs.length} files into dist/rules.jsonl`);
// The keyword automaton of the built-in rules, so a run reads it instead of building it (~25 ms).
const automaton = buildAutomaton([...ruleSet.keywords]);
writeFileSync(new URL('../dist/keywords.bin', import.meta.url), serializeAutomaton(automaton));
console.error(`built the automaton of ${automaton.keywords.length} keywords into dist/keywords.bin`);
// Which rules each keyword unlocks, so a run compiles a rule only when a text holds one of its keywords.
writeFileSync(new URL('../dist/rule-index.json', import.meta.url), JSON.stringify(ruleIndexOf(ruleSet)));
console.error('wrote which rules each keyword unlocks into dist/rule-index.json');

const mistakes = readMistakesDocument();
mistakesFromDocument(mistakes, 'rules/mistakes.yaml');
writeFileSync(new URL('../dist/mistakes.json', import.meta.url), JSON.stringify(mistakes));
console.error('bundled the mistakes catalogue into dist/mistakes.json');
