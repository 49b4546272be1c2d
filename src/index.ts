// The programmatic API.
export { scanText, scanPaths, type ApiOptions } from './scan.js';
export { run } from './cli/run.js';
export { loadBuiltinRules, builtinRuleSet } from './rules.js';
export { scanFragment } from './engine/scan.js';
export { scanDeep } from './engine/deep-scan.js';
export { KeyscanError } from './errors.js';
export { fakeTokens, type FakeToken } from './fakes/make.js';
export { fakeToken } from './fakes/api.js';
export type * from './types.js';
