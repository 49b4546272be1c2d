import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAwsRequest } from '../../src/verify/sigv4.js';
import { testOriginFrom, verifySecrets, type VerifyItem } from '../../src/verify/run.js';
import { VERIFIERS } from '../../src/verify/verifiers.js';
import { githubToken, randomString } from '../helpers/fakes.js';
import { makeRepo, removeDir } from '../helpers/repo.js';
import { runIn } from '../helpers/io.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

// A stand-in for every provider on the loopback address: it records each request and answers as the
// provider documents for a live key (`good`), a revoked one, or a rate limit.
const good = new Set<string>();
const seen: Seen[] = [];
let server: Server;
let origin = '';

function answer(req: Seen): { status: number; body: string } {
  const auth = String(req.headers.authorization ?? req.headers['x-api-key'] ?? req.headers['private-token'] ?? '');
  const key = new URL(req.url, 'http://x').searchParams.get('key') ?? '';
  const token = auth.replace(/^(?:Bearer|Basic) /, '');
  const decoded = auth.startsWith('Basic ') ? Buffer.from(token, 'base64').toString().split(':')[1] : token;
  if (req.url.startsWith('/api/auth.test')) return { status: 200, body: JSON.stringify(good.has(decoded) ? { ok: true } : { ok: false, error: 'invalid_auth' }) };
  if (key) return good.has(key) ? { status: 200, body: '{}' } : { status: 400, body: '{"error":{"status":"INVALID_ARGUMENT","details":[{"reason":"API_KEY_INVALID"}]}}' };
  if (auth.startsWith('AWS4-HMAC-SHA256')) {
    const keyId = /Credential=([A-Z0-9]+)\//.exec(auth)![1];
    return good.has(keyId) ? { status: 200, body: '<GetCallerIdentityResult/>' } : { status: 403, body: '<Code>InvalidClientTokenId</Code>' };
  }
  if (decoded === 'ratelimited') return { status: 429, body: '' };
  return good.has(decoded) ? { status: 200, body: '{}' } : { status: 401, body: '{}' };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const s: Seen = { method: req.method!, url: req.url!, headers: req.headers, body };
      seen.push(s);
      const a = answer(s);
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const HEX = '0123456789abcdef';
// One request per verifier: method, path on the provider's host, and the header the provider documents.
const CASES: { rule: string; secret: () => string; context?: (s: string) => string; method: string; path: RegExp; header: (s: string, seen: Seen) => boolean }[] = [
  { rule: 'openai-project-key', secret: () => `sk-proj-${randomString(40)}`, method: 'GET', path: /^\/v1\/models$/, header: (s, r) => r.headers.authorization === `Bearer ${s}` },
  { rule: 'anthropic-api-key', secret: () => `sk-ant-api03-${randomString(40)}`, method: 'GET', path: /^\/v1\/models/, header: (s, r) => r.headers['x-api-key'] === s && r.headers['anthropic-version'] === '2023-06-01' },
  { rule: 'github-pat-classic', secret: () => `ghp_${randomString(36)}`, method: 'GET', path: /^\/rate_limit$/, header: (s, r) => r.headers.authorization === `Bearer ${s}` },
  { rule: 'gitlab-pat', secret: () => `glpat-${randomString(20)}`, method: 'GET', path: /^\/api\/v4\/personal_access_tokens\/self$/, header: (s, r) => r.headers['private-token'] === s },
  { rule: 'slack-bot-token', secret: () => `xoxb-${randomString(30)}`, method: 'POST', path: /^\/api\/auth\.test$/, header: (s, r) => r.headers.authorization === `Bearer ${s}` },
  { rule: 'stripe-secret-key', secret: () => `sk_live_${randomString(30)}`, method: 'GET', path: /^\/v1\/balance$/, header: (s, r) => r.headers.authorization === `Bearer ${s}` },
  { rule: 'npm-access-token', secret: () => `npm_${randomString(36)}`, method: 'GET', path: /^\/-\/whoami$/, header: (s, r) => r.headers.authorization === `Bearer ${s}` },
  { rule: 'huggingface-access-token', secret: () => `hf_${randomString(34)}`, method: 'GET', path: /^\/api\/whoami-v2$/, header: (s, r) => r.headers.authorization === `Bearer ${s}` },
  { rule: 'sendgrid-api-key', secret: () => `SG.${randomString(22)}.${randomString(43)}`, method: 'GET', path: /^\/v3\/scopes$/, header: (s, r) => r.headers.authorization === `Bearer ${s}` },
  {
    rule: 'twilio-auth-token',
    secret: () => randomString(32, HEX),
    context: (s) => `TWILIO_ACCOUNT_SID=AC${'0123456789abcdef'.repeat(2)}\nTWILIO_AUTH_TOKEN=${s}`,
    method: 'GET',
    path: /^\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\.json$/,
    header: (s, r) => Buffer.from(String(r.headers.authorization).slice(6), 'base64').toString().endsWith(`:${s}`),
  },
  { rule: 'google-api-key', secret: () => `AIza${randomString(35)}`, method: 'GET', path: /^\/v1beta\/models\?pageSize=1&key=/, header: () => true },
];

describe('--verify', () => {
  it('sends each verifier its documented read-only request and reads live and revoked answers', async () => {
    for (const c of CASES) {
      const live = c.secret();
      const dead = c.secret();
      good.add(live);
      const items: VerifyItem[] = [live, dead].map((s) => ({ key: s, rule: c.rule, secret: s, context: c.context?.(s) ?? s }));
      seen.length = 0;
      const results = await verifySecrets(items, { testOrigin: origin, perHostMs: 0 });
      expect(results.get(live)?.status, c.rule).toBe('live');
      expect(results.get(dead)?.status, c.rule).toBe('revoked');
      expect(seen.length, c.rule).toBe(2);
      const req = seen.find((r) => JSON.stringify(r).includes(encodeURIComponent(live)) || JSON.stringify(r).includes(live) || String(r.headers.authorization).length > 6)!;
      expect(req.method, c.rule).toBe(c.method);
      expect(req.url, c.rule).toMatch(c.path);
      expect(seen.some((r) => c.header(live, r)), c.rule).toBe(true);
      // Nothing but the provider's request is ever sent: no secret in the details.
      for (const v of results.values()) expect(v.detail).not.toContain(live);
    }
  });

  it('signs the AWS STS request with SigV4 and pairs the key id with its secret from the context', async () => {
    const keyId = `AKIA${randomString(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`;
    const secret = randomString(40);
    good.add(keyId);
    seen.length = 0;
    const items = [{ key: 'a', rule: 'aws-secret-access-key', secret, context: `aws_access_key_id = ${keyId}\naws_secret_access_key = ${secret}` }];
    const results = await verifySecrets(items, { testOrigin: origin, perHostMs: 0 });
    expect(results.get('a')?.status).toBe('live');
    expect(seen[0].method).toBe('POST');
    expect(seen[0].body).toBe('Action=GetCallerIdentity&Version=2011-06-15');
    expect(String(seen[0].headers.authorization)).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${keyId}/\\d{8}/us-east-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$`));
    const alone = await verifySecrets([{ key: 'b', rule: 'aws-secret-access-key', secret, context: secret }], { testOrigin: origin });
    expect(alone.get('b')).toEqual({ status: 'unknown', detail: 'needs both the access key id and the secret access key' });
  });

  it('matches the AWS SigV4 reference signature (get-vanilla)', () => {
    const headers = signAwsRequest({
      method: 'GET',
      host: 'example.amazonaws.com',
      path: '/',
      body: '',
      region: 'us-east-1',
      service: 'service',
      keyId: 'AKIDEXAMPLE',
      secret: ['wJalrXUtnFEMI', 'K7MDENG+bPxRfiCYEXAMPLEKEY'].join('/'),
      date: new Date('2015-08-30T12:36:00Z'),
    });
    expect(headers.Authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });

  it('says unknown for rate limits, timeouts, unreachable hosts and keys it cannot check', async () => {
    const r = await verifySecrets(
      [
        { key: 'rl', rule: 'npm-access-token', secret: 'ratelimited', context: '' },
        { key: 'nv', rule: 'datadog-api-key', secret: randomString(32, HEX), context: '' },
      ],
      { testOrigin: origin, perHostMs: 0 },
    );
    expect(r.get('rl')).toEqual({ status: 'unknown', detail: 'registry.npmjs.org answered 429 (rate limited)' });
    expect(r.get('nv')?.status).toBe('unknown');
    const silent = createServer(() => undefined);
    await new Promise<void>((res) => silent.listen(0, '127.0.0.1', res));
    const port = (silent.address() as AddressInfo).port;
    const t = await verifySecrets([{ key: 't', rule: 'npm-access-token', secret: 'x', context: '' }], { testOrigin: `http://127.0.0.1:${port}`, timeoutMs: 300 });
    expect(t.get('t')).toEqual({ status: 'unknown', detail: 'no answer from registry.npmjs.org within 0.3 s' });
    silent.closeAllConnections();
    silent.close();
    const closed = await verifySecrets([{ key: 'c', rule: 'npm-access-token', secret: 'x', context: '' }], { testOrigin: 'http://127.0.0.1:1' });
    expect(closed.get('c')?.detail).toMatch(/^registry\.npmjs\.org unreachable/);
  });

  it('asks once per secret, and only ever the provider\'s own host or a loopback test origin', async () => {
    const s = `hf_${randomString(34)}`;
    seen.length = 0;
    await verifySecrets([1, 2, 3].map(() => ({ key: s, rule: 'huggingface-access-token', secret: s, context: s })), { testOrigin: origin, perHostMs: 0 });
    expect(seen.length).toBe(1);
    for (const v of VERIFIERS) {
      const req = v.request(`x${randomString(40)}`, `AC${'ab'.repeat(16)} AKIA${'A'.repeat(16)}`);
      if (typeof req === 'string') continue;
      expect(new URL(req.url).hostname).toBe(v.host);
      expect(new URL(req.url).protocol).toBe('https:');
    }
    expect(() => testOriginFrom({ KEYSCAN_TEST_VERIFY_ORIGIN: 'http://10.0.0.1:80' })).toThrow(/loopback/);
    expect(() => testOriginFrom({ KEYSCAN_TEST_VERIFY_ORIGIN: 'https://attacker.example' })).toThrow(/loopback/);
    expect(testOriginFrom({ KEYSCAN_TEST_VERIFY_ORIGIN: origin })).toBe(origin);
  });
});

describe('keyscan --verify', () => {

  it('marks each finding live or revoked in the report, --only-live keeps the live ones, and nothing is sent without it', async () => {
    const live = githubToken('ghp_');
    const dead = githubToken('ghp_');
    good.add(live);
    const dir = makeRepo([{ files: { 'deploy.sh': `export GITHUB_TOKEN=${live}\n`, 'ci.sh': `export GH_TOKEN=${dead}\n` } }]);
    try {
      seen.length = 0;
      const plain = await runIn(dir, ['dir', '--format', 'json'], { KEYSCAN_TEST_VERIFY_ORIGIN: origin });
      expect(seen.length).toBe(0);
      expect(JSON.parse(plain.out).findings.every((f: { verified?: string }) => f.verified === undefined)).toBe(true);
      const r = await runIn(dir, ['dir', '--format', 'json', '--verify'], { KEYSCAN_TEST_VERIFY_ORIGIN: origin });
      const byFile = Object.fromEntries((JSON.parse(r.out).findings as { file: string; verified: string }[]).map((f) => [f.file, f.verified]));
      expect(byFile).toEqual({ 'ci.sh': 'revoked', 'deploy.sh': 'live' });
      expect(seen.every((q) => q.url === '/rate_limit')).toBe(true);
      expect(r.out).not.toContain(live);
      const only = await runIn(dir, ['dir', '--format', 'json', '--only-live'], { KEYSCAN_TEST_VERIFY_ORIGIN: origin });
      expect((JSON.parse(only.out).findings as { file: string }[]).map((f) => f.file)).toEqual(['deploy.sh']);
      const human = await runIn(dir, ['dir', '--verify', '--no-color'], { KEYSCAN_TEST_VERIFY_ORIGIN: origin });
      expect(human.out).toMatch(/LIVE: the provider accepted it/);
      const bad = await runIn(dir, ['dir', '--verify'], { KEYSCAN_TEST_VERIFY_ORIGIN: 'http://192.0.2.1:80' });
      expect(bad.code).toBe(2);
      expect(bad.err).toMatch(/loopback/);
    } finally {
      removeDir(dir);
    }
  });
});
