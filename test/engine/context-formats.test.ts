// Credentials that are recognised by their structure or by what stands beside them in the same file,
// through the real engine and built-in rules: JWK private members, NATS NKey seeds (CRC-16), Twilio
// auth tokens beside their account SID, Firebase Realtime Database URLs with `auth=`. Every value is
// built at run time (fresh keys from node:crypto, random strings), none is written in this file.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scanFragment } from '../../src/engine/scan.js';
import { builtinRuleSet } from '../../src/rules.js';
import { natsSeed, randomString, seed } from '../helpers/fakes.js';

const ruleSet = builtinRuleSet();
seed(2613);
const HEX = '0123456789abcdef';

function scan(path: string, text: string): [string, string, string][] {
  return scanFragment({ text, path, startLine: 1, origin: 'file' }, ruleSet).map((m) => [m.rule.id, m.confidence, m.secret]);
}

type Jwk = Record<string, string>;
const ecKey = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }) as Jwk;
const edKey = () => generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }) as Jwk;
const rsaKey = () => generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'jwk' }) as Jwk;

describe('JWK private members', () => {
  it('reports `d` of an EC key in a pretty-printed JWKS, kty first', () => {
    const k = ecKey();
    const text = JSON.stringify({ keys: [{ kty: k.kty, crv: k.crv, kid: 'sig-1', x: k.x, y: k.y, d: k.d }] }, null, 2);
    expect(scan('config/jwks.json', text)).toEqual([['jwk-private-key', 'high', k.d]]);
  });
  it('reports `d` when the members are sorted (d before kty) and in YAML', () => {
    const k = edKey();
    expect(scan('keys/ed.json', JSON.stringify({ crv: k.crv, d: k.d, kty: k.kty, x: k.x }))).toEqual([['jwk-private-key', 'high', k.d]]);
    const yaml = `signing:\n  jwk:\n    kty: ${k.kty}\n    crv: ${k.crv}\n    x: ${k.x}\n    d: ${k.d}\n`;
    expect(scan('config/auth.yml', yaml)).toEqual([['jwk-private-key', 'high', k.d]]);
  });
  it('reports `k` of a symmetric key in JavaScript, and one finding for a whole RSA key', () => {
    const k = randomBytes(32).toString('base64url');
    expect(scan('src/keys.js', `export const hmacJwk = { kty: 'oct', alg: 'HS256', k: '${k}' };`)).toEqual([['jwk-private-key', 'high', k]]);
    const rsa = rsaKey();
    expect(scan('keys/rsa.json', JSON.stringify(rsa))).toEqual([['jwk-private-key', 'high', rsa.d]]);
  });
  it('reports the CRT members of an RSA key that lacks `d`', () => {
    const rsa = rsaKey();
    delete rsa.d;
    const found = scan('keys/rsa.json', JSON.stringify(rsa));
    expect(found.map((f) => f[0])).toEqual(Array(5).fill('jwk-rsa-private-factor'));
    expect(found.map((f) => f[2]).sort()).toEqual([rsa.p, rsa.q, rsa.dp, rsa.dq, rsa.qi].sort());
  });
  it('leaves public JWKs and a lone `d` outside any JWK alone', () => {
    const { d, ...pub } = ecKey();
    expect(scan('config/jwks.json', JSON.stringify({ keys: [pub] }))).toEqual([]);
    expect(scan('data/points.json', JSON.stringify({ d, label: 'not a key' }))).toEqual([]);
    // `kty` in another object: a brace stands between.
    expect(scan('config/mixed.json', JSON.stringify([pub, { d }]))).toEqual([]);
  });
});

describe('NATS NKey seeds', () => {
  it('reports a checksum-valid seed anywhere, with high confidence', () => {
    for (const type of ['U', 'A', 'O'] as const) {
      const s = natsSeed(type);
      expect(scan('config/app.conf', `seed: ${s}`)).toEqual([['nats-nkey-seed-checked', 'high', s]]);
    }
  });
  it('reports the seed of a .creds file under its own rule', () => {
    const s = natsSeed('U');
    const creds = `-----BEGIN USER NKEY SEED-----\n${s}\n------END USER NKEY SEED------\n`;
    expect(scan('secrets/app.creds', creds)).toEqual([['nats-creds-seed', 'high', s]]);
  });
  it('drops a seed whose checksum fails, even next to a NATS name', () => {
    const s = natsSeed('U');
    const broken = `${s.slice(0, 20)}${s[20] === 'Q' ? 'R' : 'Q'}${s.slice(21)}`;
    expect(scan('config/app.conf', `seed: ${broken}`)).toEqual([]);
    expect(scan('.env', `NATS_NKEY_SEED=${broken}`)).toEqual([]);
  });
});

describe('Twilio auth token beside its account SID', () => {
  const sid = `AC${randomString(32, HEX)}`;
  const token = randomString(32, HEX);
  it('reports the token with high confidence when the SID stands anywhere in the file', () => {
    const filler = Array.from({ length: 40 }, (_, i) => `LOG_LEVEL_${i} = "info"`).join('\n');
    const text = `ACCOUNT_SID = "${sid}"\n${filler}\nAUTH_TOKEN = "${token}"\n`;
    expect(scan('app/settings.py', text)).toEqual([['twilio-auth-token-beside-sid', 'high', token]]);
  });
  it('reports the SID alone as nothing, and the token alone as a generic secret', () => {
    expect(scan('app/settings.py', `ACCOUNT_SID = "${sid}"\n`)).toEqual([]);
    expect(scan('app/settings.py', `AUTH_TOKEN = "${token}"\n`)).toEqual([['generic-secret', 'medium', token]]);
  });
  it('raises twilio-auth-token (a Twilio name near the value) to high when the SID is in the file', () => {
    expect(scan('.env', `TWILIO_AUTH_TOKEN=${token}\n`)).toEqual([['twilio-auth-token', 'medium', token]]);
    expect(scan('.env', `TWILIO_ACCOUNT_SID=${sid}\nTWILIO_AUTH_TOKEN=${token}\n`)).toEqual([['twilio-auth-token', 'high', token]]);
  });
  it('raises an API key secret to high when its SK key SID is in the file', () => {
    const secret = `${randomString(31)}7`;
    expect(scan('.env', `TWILIO_API_SECRET=${secret}\n`)).toEqual([['twilio-api-key-secret', 'medium', secret]]);
    expect(scan('.env', `TWILIO_API_KEY=SK${randomString(32, HEX)}\nTWILIO_API_SECRET=${secret}\n`)).toEqual([['twilio-api-key-secret', 'high', secret]]);
  });
  it("leaves another provider's 32-hex secret in the same file to that provider", () => {
    const found = scan('app/settings.py', `ACCOUNT_SID = "${sid}"\nFACEBOOK_SECRET = "${token}"\n`);
    expect(found.map((f) => f[0])).toEqual(['facebook-app-secret']);
  });
  it('does not lend the SID to a 32-hex value under a name that is no secret', () => {
    expect(scan('app/settings.py', `ACCOUNT_SID = "${sid}"\nrequest_id = "${token}"\n`)).toEqual([]);
  });
});

describe('Firebase Realtime Database URL with auth=', () => {
  it('reports the secret of firebaseio.com and regional firebasedatabase.app URLs, in code too', () => {
    const secret = randomString(40);
    expect(scan('scripts/export.sh', `curl "https://acme-prod.firebaseio.com/users.json?auth=${secret}"`)).toEqual([['firebase-database-secret', 'high', secret]]);
    const url = `https://acme-7f3a2-default-rtdb.europe-west1.firebasedatabase.app/orders.json?print=pretty&auth=${secret}`;
    expect(scan('src/sync.ts', `const url = \`${url}\`;`)).toEqual([['firebase-database-secret', 'high', secret]]);
  });
  it('leaves a URL whose auth is a variable alone', () => {
    expect(scan('scripts/export.sh', 'curl "https://acme-prod.firebaseio.com/users.json?auth=$FIREBASE_SECRET"')).toEqual([]);
  });
});
