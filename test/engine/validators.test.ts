import { describe, expect, it } from 'vitest';
import { BECH32_ALPHABET, bech32Checksum, crc32, toBase36, toBase62 } from '../../src/engine/checksums.js';
import { VALIDATORS } from '../../src/engine/validators.js';
import { awsKeyId, corrupt, githubToken, natsSeed, randomString } from '../helpers/fakes.js';

describe('checksums', () => {
  it('crc32 matches zlib on known vectors', () => {
    expect(crc32('')).toBe(0);
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('The quick brown fox jumps over the lazy dog')).toBe(0x414fa339);
  });
  it('base62 and base36 pad to width', () => {
    expect(toBase62(0, 6)).toBe('000000');
    expect(toBase62(61, 2)).toBe('0z');
    expect(toBase36(35, 3)).toBe('00z');
  });
});

describe('validators', () => {
  it('nkey-seed-crc16 accepts NATS seeds of every key type and rejects a changed character or a public key', () => {
    for (const type of ['U', 'A', 'O', 'N', 'C', 'X'] as const) {
      const seed = natsSeed(type);
      expect(seed).toMatch(new RegExp(`^S${type}A[A-P][A-Z2-7]{54}$`));
      expect(VALIDATORS['nkey-seed-crc16'](seed), seed).toBe(true);
      const flipped = `${seed.slice(0, 30)}${seed[30] === 'Q' ? 'R' : 'Q'}${seed.slice(31)}`;
      expect(VALIDATORS['nkey-seed-crc16'](flipped), flipped).toBe(false);
    }
    // Same length and alphabet, but not a seed: a public key, or a seed's body with the wrong marker.
    expect(VALIDATORS['nkey-seed-crc16'](`U${natsSeed().slice(1)}`)).toBe(false);
    expect(VALIDATORS['nkey-seed-crc16'](natsSeed().slice(0, 57))).toBe(false);
  });

  it('github-crc32 accepts valid ghp_/npm_ tokens and rejects a changed character', () => {
    for (const prefix of ['ghp_', 'gho_', 'npm_']) {
      const t = githubToken(prefix);
      expect(VALIDATORS['github-crc32'](t)).toBe(true);
      expect(VALIDATORS['github-crc32'](corrupt(t))).toBe(false);
    }
  });

  it('gitlab-routable checks the CRC and the length field', () => {
    const b64 = Buffer.concat([Buffer.from(randomString(16)), Buffer.from('o:1\nu:1'), Buffer.from([7])]).toString('base64url');
    const body = `glpat-${b64}.01.${toBase36(b64.length, 2)}`;
    const token = body + toBase36(crc32(body), 7);
    expect(VALIDATORS['gitlab-routable'](token)).toBe(true);
    expect(VALIDATORS['gitlab-routable'](corrupt(token, 8))).toBe(false);
    expect(VALIDATORS['gitlab-token'](`glpat-${randomString(20)}`)).toBe(true);
  });

  it('grafana-glsa-crc32 reads the CRC little-endian', () => {
    const head = `glsa_${randomString(32)}`;
    const le = Buffer.alloc(4);
    le.writeUInt32LE(crc32(head));
    const token = `${head}_${le.toString('hex')}`;
    expect(VALIDATORS['grafana-glsa-crc32'](token)).toBe(true);
    expect(VALIDATORS['grafana-glsa-crc32'](corrupt(token, 7))).toBe(false);
  });

  it('atlassian-crc32 covers everything before the 8 hex digits', () => {
    const head = `ATATT3xFfGF0${randomString(160, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_')}=`;
    const token = head + crc32(head).toString(16).toUpperCase().padStart(8, '0');
    expect(VALIDATORS['atlassian-crc32'](token)).toBe(true);
    expect(VALIDATORS['atlassian-crc32'](corrupt(token, 20))).toBe(false);
  });

  it('age-bech32 accepts a valid secret key and rejects a changed one', () => {
    const data = Array.from({ length: 52 }, (_, i) => (i * 7 + 3) % 32);
    const check = bech32Checksum('age-secret-key-', data);
    const key = `AGE-SECRET-KEY-1${[...data, ...check].map((v) => BECH32_ALPHABET[v]).join('').toUpperCase()}`;
    expect(VALIDATORS['age-bech32'](key)).toBe(true);
    expect(VALIDATORS['age-bech32'](key.slice(0, 30) + (key[30] === 'Q' ? 'P' : 'Q') + key.slice(31))).toBe(false);
  });

  it('pypi-macaroon requires the pypi.org location', () => {
    const bytes = Buffer.concat([Buffer.from([2, 1, 8]), Buffer.from('pypi.org'), Buffer.from(randomString(80))]);
    expect(VALIDATORS['pypi-macaroon'](`pypi-${bytes.toString('base64url')}`)).toBe(true);
    const other = Buffer.concat([Buffer.from([2, 1, 8]), Buffer.from('evil.org'), Buffer.from(randomString(80))]);
    expect(VALIDATORS['pypi-macaroon'](`pypi-${other.toString('base64url')}`)).toBe(false);
  });

  it('jwt wants a JSON header with alg and a JSON payload', () => {
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc({ sub: '1', role: 'service_role' })}.${randomString(43)}`;
    expect(VALIDATORS.jwt(token)).toBe(true);
    expect(VALIDATORS['jwt-service-role'](token)).toBe(true);
    const anon = `${enc({ alg: 'HS256' })}.${enc({ role: 'anon' })}.${randomString(43)}`;
    expect(VALIDATORS['jwt-service-role'](anon)).toBe(false);
    expect(VALIDATORS.jwt(`${randomString(20)}.${randomString(20)}.${randomString(20)}`)).toBe(false);
  });

  it('aws-key-id checks the prefix and base32 alphabet', () => {
    expect(VALIDATORS['aws-key-id'](awsKeyId())).toBe(true);
    expect(VALIDATORS['aws-key-id']('AKIA' + '0'.repeat(16))).toBe(false);
  });
});
