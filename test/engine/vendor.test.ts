import { describe, expect, it } from 'vitest';
import { buildRuleSet, compileRule } from '../../src/engine/compile.js';
import { type Candidate, keywordHits, scanFragment, vendorCandidates } from '../../src/engine/scan.js';
import { nameKeywords, nameParts, wholeName, wholeNameAt } from '../../src/engine/vendor.js';
import type { RuleSpec } from '../../src/types.js';
import { randomString } from '../helpers/fakes.js';

const HEX = '0123456789abcdef';

function vendorRule(over: Partial<RuleSpec> = {}): RuleSpec {
  return {
    id: 'acmeweather-api-key',
    provider: 'acmeweather',
    title: 'Acme Weather API key',
    description: 'test rule',
    severity: 'medium',
    vendor: { names: ['acme weather', 'acmewx'], value: '[a-f0-9]{32}' },
    entropy: 3,
    examples: [],
    negative_examples: [],
    ...over,
  } as RuleSpec;
}

const rule = compileRule(vendorRule(), 'test', false);
const ruleSet = buildRuleSet([rule]);
const found = (text: string) => scanFragment({ text, path: 'src/app.ts', startLine: 1, origin: 'file' }, ruleSet).map((m) => m.secret);

describe('vendor-context rules', () => {
  it('compile to keywords, medium confidence and a lower priority than prefixed rules', () => {
    expect(rule.keywords).toEqual(['acmeweather', 'acme weather', 'acme_weather', 'acme.weather', 'acme-weather', 'acmewx']);
    expect(rule.confidence).toBe('medium');
    expect(rule.priority).toBe(-5);
  });

  it('find the value in every idiom near the name', () => {
    const v = randomString(32, HEX);
    for (const text of [
      `ACME_WEATHER_API_KEY=${v}`,
      `acmeWeather:\n  apiKey: "${v}"`,
      `{"acme-weather": {"token": "${v}"}}`,
      `AcmeWeather SECRET ${v}`,
      `curl "https://api.acmeweather.example/v1/now?city=Oslo&apikey=${v}"`,
      `acmewx-cli fetch --token ${v}`,
      `const client = new AcmeWeatherClient();\n\nclient.setKey("${v}");`,
      `key = "${v}"  # acme weather`,
      `X-AcmeWx-Key: ${v}`,
    ]) {
      expect(found(text), text).toEqual([v]);
    }
  });

  it('match the name only as a whole word', () => {
    const re = new RegExp(wholeName('okta'));
    for (const yes of ['okta', 'OKTA_TOKEN', 'oktaToken', 'myOkta', 'Okta.key', 'oktatoken']) expect(re.test(yes), yes).toBe(true);
    for (const no of ['rookTable', 'ROOKTABLE', 'oktane', 'brookta']) expect(re.test(no), no).toBe(false);
    const sumo = new RegExp(wholeName('sumo logic'));
    expect(sumo.test('sumOfExposures')).toBe(false);
    expect(new RegExp(wholeName('sumo')).test('const sumOfExposures = 0')).toBe(false);
    expect(sumo.test('SUMO_LOGIC_ACCESS_KEY')).toBe(true);
    expect(sumo.test('sumologic')).toBe(true);
    expect(nameParts('SumoLogic')).toEqual(['sumo', 'logic']);
  });

  it('do not take a package name, lockfile path or Maven coordinate for the provider', () => {
    const re = new RegExp(wholeName('okta'));
    for (const no of ['@okta/okta-auth-js', 'node_modules/okta', 'registry/okta/-/okta-2.0.3.tgz', '"okta-sdk@^7.0.0":', 'com.okta.sdk:okta-sdk-api:8.2.5', 'implementation "com.okta:okta-java:1.0"']) {
      expect(re.test(no), no).toBe(false);
    }
    for (const yes of ['OKTA_API_TOKEN=', 'https://dev-1.okta.com/api', 'okta:\n  token:', 'okta@example.com']) expect(re.test(yes), yes).toBe(true);
    // The sha1 after `#` in a yarn.lock entry is no provider's key, however near the package's name.
    const sha = randomString(32, HEX);
    for (const text of [
      `"acme-weather@^2.0.0":\n  version "2.0.3"\n  resolved "https://registry.yarnpkg.com/acme-weather/-/acme-weather-2.0.3.tgz#${sha}"`,
      `"@acmewx/node@^7.0.0":\n  resolved "https://registry.yarnpkg.com/@acmewx/node/-/node-7.0.1.tgz#${sha}"`,
      `    "node_modules/acmewx": { "resolved": "https://r.example/acmewx/-/acmewx-1.0.0.tgz#${sha}" }`,
    ]) {
      expect(found(text), text).toEqual([]);
    }
  });

  it('do not report a value away from the name, without a key word, of the wrong length, or named as an id', () => {
    const v = randomString(32, HEX);
    for (const text of [
      `KEY=${v}`,
      `const weatherman = 1;\napi_key = "${v}"`,
      `ACME_WEATHER_API_KEY=${v}ab`,
      `acme weather commit ${v}`,
      `ACME_WEATHER_TRACE_ID=${v}`,
      `acme weather\n\n\n\n\n\napi_key=${v}`,
    ]) {
      expect(found(text), text).toEqual([]);
    }
  });

  it('give a value claimed by two vendor rules to the one whose name stands nearer', () => {
    const other = compileRule(vendorRule({ id: 'zetaweather-api-key', provider: 'zetaweather', vendor: { names: ['zeta weather'], value: '[a-f0-9]{32}' } }), 'test', false);
    const both = buildRuleSet([rule, other]);
    const [a, z] = [randomString(32, HEX), randomString(32, HEX)];
    const text = `ACME_WEATHER_API_KEY=${a}\nZETA_WEATHER_API_KEY=${z}\n`;
    const got = scanFragment({ text, path: 'src/app.ts', startLine: 1, origin: 'file' }, both).map((m) => [m.rule.id, m.secret]);
    expect(got).toEqual([
      ['acmeweather-api-key', a],
      ['zetaweather-api-key', z],
    ]);
    const swapped = `ZETA_WEATHER_API_KEY=${z}\nACME_WEATHER_API_KEY=${a}\n`;
    const got2 = scanFragment({ text: swapped, path: 'src/app.ts', startLine: 1, origin: 'file' }, both).map((m) => m.rule.id);
    expect(got2).toEqual(['zetaweather-api-key', 'acmeweather-api-key']);
  });

  it('reject broken vendor blocks with the rule id', () => {
    expect(() => compileRule(vendorRule({ vendor: { names: [], value: 'x' } }), 't', false)).toThrow(/acmeweather-api-key.*names/);
    expect(() => compileRule(vendorRule({ vendor: { names: ['ab'], value: '[a-f]{32}' } }), 't', false)).toThrow(/3 letters/);
    expect(() => compileRule(vendorRule({ vendor: { names: ['acme'], value: '([a-f]{32})' } }), 't', false)).toThrow(/capture/);
    expect(() => compileRule(vendorRule({ pattern: 'x' }), 't', false)).toThrow(/no pattern/);
  });
});

describe('vendor rules run as a shared value regex and sticky context (engine/scan.ts vendorCandidates)', () => {
  /** Every match of the rule's whole documented pattern, as [start, secret]. */
  const byPattern = (r: ReturnType<typeof compileRule>, text: string) => {
    const re = new RegExp(r.regex.source, r.regex.flags);
    const out: [number, string][] = [];
    for (let m = re.exec(text); m; m = re.exec(text)) out.push([m.indices!.groups!.secret[0], m.groups!.secret]);
    return out;
  };
  const bySplit = (r: ReturnType<typeof compileRule>, text: string) => {
    const out: Candidate[] = [];
    vendorCandidates(out, text, 0, r.vendorValue!, r.vendorContext!, undefined, undefined, Infinity, 0);
    return out.map((c) => [c.start, c.secret] as [number, string]);
  };

  it('find exactly what the whole pattern finds, on every built-in vendor rule example and on crafted text', async () => {
    const { loadBuiltinRules } = await import('../../src/rules.js');
    const vendors = loadBuiltinRules().filter((r) => r.vendor);
    expect(vendors.length).toBeGreaterThan(100);
    let compared = 0;
    for (const r of vendors) {
      for (const text of [...r.examples, ...r.negative_examples]) {
        expect(bySplit(r, text), `${r.id}: ${text}`).toEqual(byPattern(r, text));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
    // A value whose context fails at one start and holds one character later; two values on a line.
    const v = randomString(32, HEX);
    const w = randomString(32, HEX);
    for (const text of [`acmewx ${v}|${w}`, `key ${v} ${w} acme weather`, `acmewx_token=${v}\n\n\n\nx=${w}`, `${v}\nacmewx key ${w}`]) {
      expect(bySplit(rule, text), text).toEqual(byPattern(rule, text));
    }
    const loose = compileRule(vendorRule({ vendor: { names: ['acmewx'], value: '[0-9]{4}\\|[a-f0-9]{8,12}' } }), 'test', false);
    for (const text of [`acmewx key 1234|abcdef0123 5678|0123456789ab`, `acmewx key 12345|abcdef0123|ffffffff`]) {
      expect(bySplit(loose, text), text).toEqual(byPattern(loose, text));
    }
    // The name stands 203 characters after the first value: out of reach from it (200), in reach from the
    // second, which starts inside the first. The search must go on one character later, not past the value.
    const chained = compileRule(vendorRule({ vendor: { names: ['acmewx'], value: '[0-9]{4}\\|[0-9]{4}' } }), 'test', false);
    const text = `key 1111|2222|3333${' '.repeat(203 - 14)}acmewx`;
    expect(byPattern(chained, text)).toEqual([[9, '2222|3333']]);
    expect(bySplit(chained, text)).toEqual(byPattern(chained, text));
  });
});

describe('the keyword pass gates vendor names where they stand whole', () => {
  // A hit wholeNameAt turns away must be one where no spelling of the name can match: the regex holds
  // every place the filter keeps (the filter is the regex's word boundaries without its package checks).
  it('keeps every place where wholeName matches, on random text around names', () => {
    const names = ['acme weather', 'chec', 'exa', 'GitHub', 'sumo logic'];
    const pieces = ['chec', 'check', 'CHECK', 'Chec', 'exa', 'example', 'myExa', 'exakey', 'exaToken', 'exa_', 'github', 'gitHub', 'git_hub', 'git-hubs', 'sumologic', 'sumo_logicapi', 'acme.weather', 'acmeweatherz', '9', 'Z', 'a', '_', '-', '.', ' ', '\n', '@', '/', 'key', 'secret', 'app'];
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) % 1000003) / 1000003;
    let kept = 0;
    let turnedAway = 0;
    for (let round = 0; round < 3000; round++) {
      let text = '';
      for (let k = 0; k < 6; k++) text += pieces[Math.floor(rnd() * pieces.length)];
      for (const name of names) {
        const re = new RegExp(wholeName(name), 'y');
        for (const spelling of nameKeywords(nameParts(name))) {
          for (let at = text.toLowerCase().indexOf(spelling.toLowerCase()); at !== -1; at = text.toLowerCase().indexOf(spelling.toLowerCase(), at + 1)) {
            re.lastIndex = at;
            const m = re.exec(text);
            const whole = m !== null && m[0].length === spelling.length;
            const gate = wholeNameAt(text, at, spelling.length);
            if (whole) expect(gate, `${JSON.stringify(text)} at ${at}: ${spelling}`).toBe(true);
            if (gate) kept++;
            else turnedAway++;
          }
        }
      }
    }
    // The filter does turn hits away (inside `check`, `example`), or it would gate nothing.
    expect(turnedAway).toBeGreaterThan(100);
    expect(kept).toBeGreaterThan(100);
  });

  it('opens no window for a name inside a longer word, and finds the key beside the whole name', () => {
    const key = 'd41c8fd98f00b204e9800998ecf8427e';
    expect(found(`const check = acmewx; // checked\nACMEWX_KEY = "${key}"`)).toEqual([key]);
    const hits = keywordHits('acmewxs acmewx_key', ruleSet);
    expect(hits.get(rule)).toEqual([8]);
    expect(keywordHits('acmewxs zacmewx', ruleSet).get(rule)).toBeUndefined();
    expect(keywordHits('myAcmewx', ruleSet).get(rule)).toEqual([2]);
    expect(keywordHits('ZACMEWX', ruleSet).get(rule)).toBeUndefined();
  });
});
