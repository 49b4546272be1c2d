// fakeToken(provider) for the programmatic API: one fake token of the provider's (or rule's) first format.
import { builtinRuleSet } from '../rules.js';
import { fakeTokens } from './make.js';

export function fakeToken(providerOrRule: string): string {
  return fakeTokens(providerOrRule, builtinRuleSet())[0].token;
}
