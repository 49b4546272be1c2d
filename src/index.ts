// The programmatic API.
export { scanText, scanPaths } from './scan.js';
export { run } from './cli/run.js';
export { loadBuiltinRules, builtinRuleSet } from './rules.js';
export { scanFragment } from './engine/scan.js';
export { KeyscanError } from './errors.js';
export type * from './types.js';
