import { describe, expect, it } from 'vitest';
import { scanDeep } from '../../src/engine/deep-scan.js';
import { isIdToken, jwtWeakness, parseJwt } from '../../src/engine/jwt.js';
import { builtinRuleSet } from '../../src/rules.js';
import { randomString } from '../helpers/fakes.js';

const ruleSet = builtinRuleSet();
const NOW = 1_800_000_000;
const seg = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const sig = () => randomString(43, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_');
const jwt = (payload: object, header: object = { alg: 'HS256', typ: 'JWT' }, signature = sig()) => `${seg(header)}.${seg(payload)}.${signature}`;
const service = () => jwt({ sub: `svc-${randomString(6)}`, scope: 'orders:write', iat: NOW - 100, exp: NOW + 86400 });
const scan = (text: string) => scanDeep({ text, path: 'src/app.ts', startLine: 1, origin: 'file' }, ruleSet, { nowSeconds: NOW });
const found = (text: string) => scan(text).map((m) => [m.rule.id, m.rule.provider, m.confidence, m.rule.severity]);

describe('JWTs by structure', () => {
  it('finds a JWT bare in a CLI line, a JSON array, a form parameter and a URL', () => {
    const t = service();
    for (const text of [`deploy --auth ${t} --env prod`, `["${t}", "${service()}"]`, `grant_type=jwt-bearer&assertion=${t}&x=1`, `https://hooks.acme.io/run/${t}`]) {
      const ms = scan(text);
      expect(ms.map((m) => m.rule.id)).toContain('jwt-token');
      expect(ms.some((m) => m.secret === t)).toBe(true);
    }
  });

  it('does not fire inside a Basic header, on a Maven coordinate or on the jwt.io sample', () => {
    expect(found(`Authorization: Basic ${service()}`)).toEqual([]);
    expect(found('implementation "io.jsonwebtoken:jjwt-api:0.12.6" // io.jsonwebtoken:jjwt-impl')).toEqual([]);
    expect(found(`see ${jwt({ sub: '1234567890', name: 'John Doe', iat: 1516239022 })} on jwt.io`)).toEqual([]);
  });

  it('expired, alg none and two-segment tokens are low confidence, saying why', () => {
    const expired = scan(`t = ${jwt({ sub: 'ci', exp: NOW - 60 })}`)[0];
    expect([expired.rule.id, expired.confidence]).toEqual(['jwt-token', 'low']);
    expect(expired.lowered).toMatch(/expired JWT/);
    const none = `${seg({ alg: 'none' })}.${seg({ sub: 'ops', admin: true })}.`;
    const two = `${seg({ alg: 'HS256', typ: 'JWT' })}.${seg({ sub: 'batch', scope: 'export' })}`;
    for (const t of [none, two]) {
      const [m] = scan(`X-Debug: ${t} end`);
      expect([m.rule.id, m.confidence, m.secret]).toEqual(['jwt-token', 'low', t]);
      expect(jwtWeakness(t)).toMatch(/unsigned/);
    }
    expect(jwtWeakness(jwt({ exp: NOW - 60 }))).toBeNull(); // no clock given: not judged
  });

  it('an OIDC ID token is public; the same claims without nonce are a credential', () => {
    const claims = { iss: 'https://acme.eu.auth0.com/', sub: 'auth0|64f0', aud: randomString(16), iat: NOW, exp: NOW + 3600 };
    const id = jwt({ ...claims, nonce: randomString(12) });
    expect(isIdToken(parseJwt(id)!)).toBe(true);
    expect(found(`id_token=${id}`)).toEqual([]);
    expect(found(`access_token=${jwt(claims)}`)).toEqual([['auth0-jwt', 'auth0', 'high', 'high']]);
  });

  it('a known issuer names the provider', () => {
    const cases: [string, object][] = [
      ['okta', { iss: 'https://acme.okta.com/oauth2/default', sub: 'svc' }],
      ['azure', { iss: 'https://sts.windows.net/3f1c9b2a-7d4e-4b8a-9c2f-5e6d7a8b9c0d/', appid: 'x' }],
      ['firebase', { iss: 'https://securetoken.google.com/acme-prod', sub: 'u1' }],
      ['google', { iss: 'deploy@acme-prod.iam.gserviceaccount.com', aud: 'https://run.googleapis.com/' }],
      ['clerk', { iss: 'https://clever-otter-42.clerk.accounts.dev', sub: 'user_2a' }],
      ['aws', { iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI', token_use: 'access' }],
      ['github', { iss: 'https://token.actions.githubusercontent.com', sub: 'repo:acme/api:ref:refs/heads/main' }],
      ['keycloak', { iss: 'https://sso.acme.io/realms/internal', azp: 'billing' }],
      ['supabase', { iss: 'https://qwertyuiopasdfgh.supabase.co/auth/v1', role: 'authenticated', sub: 'u' }],
    ];
    for (const [provider, claims] of cases) {
      const [m, ...rest] = scan(`value: ${jwt({ ...claims, iat: NOW, exp: NOW + 3600 })}`);
      expect(rest).toEqual([]);
      expect([m.rule.provider, m.confidence]).toEqual([provider, 'high']);
    }
  });

  it('Supabase service_role is high and critical; the anon key stays a public identifier', () => {
    const ref = randomString(20, 'abcdefghijklmnopqrstuvwxyz');
    const claims = { iss: 'supabase', ref, iat: NOW - 1000, exp: NOW + 10 * 365 * 86400 };
    expect(found(`k = ${jwt({ ...claims, role: 'service_role' })}`)).toEqual([['supabase-service-role-key', 'supabase', 'high', 'critical']]);
    expect(found(`k = ${jwt({ ...claims, role: 'anon' })}`)).toEqual([]);
  });

  it('a whole JWT base64-encoded again (ZXlK…) is found through the decode step', () => {
    const t = service();
    const twice = Buffer.from(t).toString('base64');
    expect(twice.startsWith('ZXlK')).toBe(true);
    const [m, ...rest] = scan(`payload: ${twice}`);
    expect(rest).toEqual([]);
    expect([m.rule.id, m.secret, m.decoded, m.column]).toEqual(['jwt-token', t, 'base64', 10]);
  });
});
