// The programmatic API.
// Every type a public signature names is exported too (test/newcomer/package.test.ts compiles a
// consumer that names them, from ESM and from CommonJS).
export { scanText, scanPaths, type ApiOptions, type ScanPathsOptions } from './scan.js';
export { run } from './cli/run.js';
export type { Io } from './cli/io.js';
export { loadBuiltinRules, builtinRuleSet } from './rules.js';
export type { RuleSet } from './engine/compile.js';
export { scanFragment, type ScanOptions } from './engine/scan.js';
export { scanDeep } from './engine/deep-scan.js';
export { KeyscanError } from './errors.js';
export { fakeTokens, type FakeToken } from './fakes/make.js';
export { fakeToken } from './fakes/api.js';
export type * from './types.js';
