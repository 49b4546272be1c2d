// Build step: parse rules/*.yaml once, check every rule compiles (including the backtracking check),
// and write dist/rules.json so the CLI starts without loading a YAML parser. The same for the
// mistakes catalogue (rules/mistakes.yaml → dist/mistakes.json).
import { writeFileSync } from 'node:fs';
import { readRuleDocuments, rulesFromDocument } from '../dist/rules.js';
import { buildRuleSet } from '../dist/engine/compile.js';
import { mistakesFromDocument, readMistakesDocument } from '../dist/mistakes.js';

const docs = readRuleDocuments();
const rules = docs.flatMap((d) => rulesFromDocument(d.doc, d.file));
buildRuleSet(rules);
writeFileSync(new URL('../dist/rules.json', import.meta.url), JSON.stringify(docs));
console.error(`bundled ${rules.length} rules from ${docs.length} files into dist/rules.json`);

const mistakes = readMistakesDocument();
mistakesFromDocument(mistakes, 'rules/mistakes.yaml');
writeFileSync(new URL('../dist/mistakes.json', import.meta.url), JSON.stringify(mistakes));
console.error('bundled the mistakes catalogue into dist/mistakes.json');
