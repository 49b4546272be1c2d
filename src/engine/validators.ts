// Offline validators: a format's checksum or inner structure. Each takes the secret and says
// whether it can be a live credential. A token that fails is not reported (see DECISIONS.md).
import {
  bech32Valid,
  crc32,
  decodeBase64,
  isPrintableAscii,
  toBase36,
  toBase62,
} from './checksums.js';
import { JWT_VALIDATORS } from './jwt.js';

export type Validator = (secret: string) => boolean;

/** GitHub classic (ghp_/gho_/ghu_/ghs_/ghr_ 40-char) and npm_: CRC32 of the 30-char payload, base62, 6 chars. */
function githubCrc(secret: string): boolean {
  if (secret.length !== 40) return false;
  const payload = secret.slice(4, 34);
  return toBase62(crc32(payload), 6) === secret.slice(34);
}

/** GitLab routable tokens: prefix + b64url + `.01.` + 2-char b36 length + 7-char b36 CRC32 of all before. */
function gitlabRoutable(secret: string): boolean {
  // Runner tokens carry a `t<digit>_` type marker after the prefix; other families do not.
  const m = /^((?:glrt-(?:t\d_)?)|[a-z]+-)([A-Za-z0-9_-]+)\.([0-9a-z]{2})\.([0-9a-z]{2})([0-9a-z]{7})$/.exec(secret);
  if (!m) return false;
  const body = secret.slice(0, secret.length - 7);
  if (toBase36(crc32(body), 7) !== m[5]) return false;
  return parseInt(m[4], 36) === m[2].length;
}

/** glpat-: the classic 20-char form has no checksum; a routable form must pass its CRC. */
function gitlabToken(secret: string): boolean {
  return secret.includes('.') ? gitlabRoutable(secret) : true;
}

/** Grafana glsa_: last 8 hex = little-endian CRC32 of the first 37 characters. */
function grafanaServiceAccount(secret: string): boolean {
  if (secret.length !== 46) return false;
  const crc = crc32(secret.slice(0, 37));
  const le = Buffer.alloc(4);
  le.writeUInt32LE(crc);
  return le.toString('hex') === secret.slice(38).toLowerCase();
}

/** Atlassian ATATT / Bitbucket ATBB: last 8 uppercase hex = CRC32 of everything before. */
function atlassianCrc(secret: string): boolean {
  if (secret.length < 12) return false;
  const body = secret.slice(0, -8);
  return crc32(body).toString(16).toUpperCase().padStart(8, '0') === secret.slice(-8);
}

function ageSecretKey(secret: string): boolean {
  return bech32Valid(secret);
}

/** PyPI macaroon: base64url v2 macaroon whose location is pypi.org or test.pypi.org. */
function pypiMacaroon(secret: string): boolean {
  const bytes = decodeBase64(secret.replace(/^pypi-/, ''));
  if (!bytes || bytes.length < 40) return false;
  if (bytes[0] !== 0x02 || bytes[1] !== 0x01) return false;
  const len = bytes[2];
  const location = bytes.subarray(3, 3 + len).toString('latin1');
  return location === 'pypi.org' || location === 'test.pypi.org';
}

function decodeJsonSegment(segment: string): Record<string, unknown> | null {
  const bytes = decodeBase64(segment);
  if (!bytes || !isPrintableAscii(bytes)) return null;
  try {
    const value = JSON.parse(bytes.toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/** JWT: header decodes to JSON with `alg`, payload decodes to JSON, signature present. */
function jwt(secret: string): boolean {
  const parts = secret.split('.');
  if (parts.length !== 3) return false;
  const header = decodeJsonSegment(parts[0]);
  if (!header || typeof header.alg !== 'string') return false;
  if (!decodeJsonSegment(parts[1])) return false;
  return header.alg.toLowerCase() === 'none' || parts[2].length >= 16;
}

/** A JWT that is a secret key (Supabase service_role and similar), not the public anon key. */
function jwtServiceRole(secret: string): boolean {
  if (!jwt(secret)) return false;
  const payload = decodeJsonSegment(secret.split('.')[1]);
  return payload?.role === 'service_role';
}

/** A JWT meant to be public: the Supabase `anon` key and similar browser keys. */
function jwtPublicRole(secret: string): boolean {
  if (!jwt(secret)) return false;
  const role = decodeJsonSegment(secret.split('.')[1])?.role;
  return role === 'anon' || role === 'public';
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** AWS access key ID: 4-char prefix + 16 base32 chars (no 0, 1, 8, 9). */
function awsKeyId(secret: string): boolean {
  if (!/^(AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}$/.test(secret)) return false;
  // New-generation keys encode an account id; it must decode to a 12-digit number.
  if (secret[4] === 'I' || secret[4] === 'J') return true;
  let bits = 0n;
  for (const ch of secret.slice(4)) bits = (bits << 5n) | BigInt(BASE32.indexOf(ch));
  const first48 = bits >> 32n; // 80 bits decoded; the first 6 bytes
  const account = (first48 & 0x7fffffffff80n) >> 7n;
  return account < 1000000000000n;
}

/** Grafana Cloud glc_: base64 of JSON with keys o, n, k, m. */
function grafanaCloud(secret: string): boolean {
  const json = decodeJsonSegment(secret.replace(/^glc_/, ''));
  return !!json && 'k' in json && ('o' in json || 'n' in json);
}

/** Grafana legacy API key eyJrIjoi…: JSON with k, n, id. */
function grafanaLegacy(secret: string): boolean {
  const json = decodeJsonSegment(secret);
  return !!json && 'k' in json && 'n' in json;
}

/** Discord bot token: first segment decodes to a numeric snowflake. */
function discordBot(secret: string): boolean {
  const first = secret.split('.')[0];
  const bytes = decodeBase64(first);
  return !!bytes && /^\d{17,20}$/.test(bytes.toString('latin1'));
}

/** Base64 that decodes to `user:password` (Basic auth, docker config auths, npm _auth). */
function basicAuthPair(secret: string): boolean {
  const bytes = decodeBase64(secret);
  if (!bytes || !isPrintableAscii(bytes)) return false;
  const text = bytes.toString('latin1');
  // A JSON object (a JWT's header sent as "Basic eyJ…") holds colons but no user:password.
  if (text.startsWith('{')) return false;
  const idx = text.indexOf(':');
  // A JSON object (a JWT header after `Basic `) has colons too, but is no user:password pair.
  return idx > 0 && idx < text.length - 1 && !text.startsWith('{');
}

/** Sentry org token: sntrys_ + base64 JSON with iat + _ + secret. */
function sentryOrg(secret: string): boolean {
  const body = secret.replace(/^sntrys_/, '');
  const segment = body.slice(0, body.lastIndexOf('_'));
  const json = decodeJsonSegment(segment);
  return !!json && 'iat' in json;
}

/** 1Password service account: ops_ + base64 JSON. */
function onePassword(secret: string): boolean {
  return !!decodeJsonSegment(secret.replace(/^ops_/, ''));
}

/** Bedrock long-lived key: ABSK + base64 decoding to BedrockAPIKey-… */
function bedrockKey(secret: string): boolean {
  const bytes = decodeBase64(secret.slice(4));
  return !!bytes && bytes.toString('latin1').startsWith('BedrockAPIKey-');
}

/** CRC-16/XMODEM (polynomial 0x1021, initial 0), as NATS NKeys append it. */
function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const b of bytes) {
    crc ^= b << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/**
 * NATS NKey seed: 58 base32 characters = 36 bytes: two prefix bytes (the seed marker 18 << 3 and the
 * key type: user, account, operator, server, cluster, curve), 32 bytes of Ed25519 seed, and the
 * CRC-16/XMODEM of those 34 bytes, little-endian.
 */
function nkeySeed(secret: string): boolean {
  if (!/^S[A-Z2-7]{57}$/.test(secret)) return false;
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of secret) {
    value = ((value << 5) | BASE32.indexOf(ch)) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  if (bytes.length !== 36 || bytes[0] >> 3 !== 18) return false;
  const type = ((bytes[0] & 7) << 5) | (bytes[1] >> 3);
  if (![20 << 3, 0, 14 << 3, 13 << 3, 2 << 3, 23 << 3].includes(type)) return false;
  return crc16(Uint8Array.from(bytes.slice(0, 34))) === (bytes[34] | (bytes[35] << 8));
}

export const VALIDATORS: Record<string, Validator> = {
  ...JWT_VALIDATORS,
  'github-crc32': githubCrc,
  'gitlab-token': gitlabToken,
  'gitlab-routable': gitlabRoutable,
  'grafana-glsa-crc32': grafanaServiceAccount,
  'atlassian-crc32': atlassianCrc,
  'age-bech32': ageSecretKey,
  'pypi-macaroon': pypiMacaroon,
  jwt,
  'jwt-service-role': jwtServiceRole,
  'jwt-public-role': jwtPublicRole,
  'aws-key-id': awsKeyId,
  'grafana-cloud-json': grafanaCloud,
  'grafana-legacy-json': grafanaLegacy,
  'discord-bot': discordBot,
  'basic-auth-b64': basicAuthPair,
  'sentry-org-json': sentryOrg,
  '1password-json': onePassword,
  'bedrock-key': bedrockKey,
  'nkey-seed-crc16': nkeySeed,
};

/**
 * Validators that check a checksum or a fixed structure of the provider's own format: a token that
 * fails one of these is a broken copy of that format, and no looser rule may report it. (The others
 * tell kinds apart — which role a JWT carries — and a failure says nothing about other rules.)
 */
export const CHECKSUM_VALIDATORS = new Set([
  'github-crc32',
  'gitlab-token',
  'gitlab-routable',
  'grafana-glsa-crc32',
  'atlassian-crc32',
  'age-bech32',
  'pypi-macaroon',
  'aws-key-id',
  'nkey-seed-crc16',
]);
