// Fresh fake credentials in each provider's format (FORMATS.md §1–§4), drawn from the seeded PRNG.
// Written from the format descriptions, not from any rule's examples. Checksummed formats carry a
// valid checksum; `mutate` makes the checksum-invalid look-alikes.
import { b64, b64text, b64url, b64urlText, base36, base62, bech32Encode, crc32, varint } from './encoding.js';
import { natsSeedOf } from '../helpers/fakes.js';
import { B32, B36, B62, B64, B64URL, DIGITS, HEX, LETTERS, LOWER, Rng, UPPER } from './prng.js';

const OPENAI_MARKER = ['T3Bl', 'bkFJ'].join('');

function openaiHalves(rng: Rng, half: number, alphabet: string): [string, string] {
  const a = rng.chars(alphabet, half);
  let b = rng.chars(alphabet, half);
  // Every long sample seen ends in A (an observation, FORMATS §1a): mostly, not always.
  if (half >= 58 && rng.chance(0.8)) b = b.slice(0, -1) + 'A';
  return [a, b];
}

export function openaiKey(rng: Rng, kind: 'legacy' | 'proj56' | 'proj132' | 'proj164' | 'svcacct' | 'admin' | 'none' | 'named'): string {
  switch (kind) {
    case 'legacy': {
      const [a, b] = openaiHalves(rng, 20, B62);
      return `sk-${a}${OPENAI_MARKER}${b}`;
    }
    case 'proj56': {
      const [a, b] = openaiHalves(rng, 20, B62);
      return `sk-proj-${a}${OPENAI_MARKER}${b}`;
    }
    case 'proj132': {
      const [a, b] = openaiHalves(rng, 58, B64URL);
      return `sk-proj-${a}${OPENAI_MARKER}${b}`;
    }
    case 'proj164': {
      const [a, b] = openaiHalves(rng, 74, B64URL);
      return `sk-proj-${a}${OPENAI_MARKER}${b}`;
    }
    case 'svcacct': {
      const [a, b] = openaiHalves(rng, 74, B64URL);
      return `sk-svcacct-${a}${OPENAI_MARKER}${b}`;
    }
    case 'admin': {
      const [a, b] = openaiHalves(rng, 58, B64URL);
      return `sk-admin-${a}${OPENAI_MARKER}${b}`;
    }
    case 'none': {
      const [a, b] = openaiHalves(rng, rng.pick([58, 74]), B64URL);
      return `sk-None-${a}${OPENAI_MARKER}${b}`;
    }
    case 'named': {
      const name = rng.pick(['my-service', 'backend-worker', 'ci-bot', 'data-pipeline', 'svc-reports']);
      const [a, b] = openaiHalves(rng, rng.int(20, 40), B62);
      return `sk-${name}-${a}${OPENAI_MARKER}${b}`;
    }
  }
}

export const anthropicKey = (rng: Rng, admin = false): string =>
  `sk-ant-${admin ? 'admin01' : 'api03'}-${rng.chars(B64URL, 93)}AA`;
export const anthropicSession = (rng: Rng): string => `sk-ant-sid01-${rng.chars(B64URL, 93)}AA`;
export const anthropicOauth = (rng: Rng): string => `sk-ant-oat01-${rng.chars(B64URL, 93)}AA`;
export const deepseekKey = (rng: Rng): string => `sk-${rng.chars(HEX, 32)}`;
export const openrouterKey = (rng: Rng): string => `sk-or-v1-${rng.chars(HEX, 64)}`;
export const groqKey = (rng: Rng): string => `gsk_${rng.chars(B62, 52)}`;
export const xaiKey = (rng: Rng): string => `xai-${rng.chars(B62 + '_', 80)}`;
export const perplexityKey = (rng: Rng): string => `pplx-${rng.chars(B62, 48)}`;
export const hfToken = (rng: Rng): string => `hf_${rng.chars(rng.chance(0.75) ? LETTERS : B62, 34)}`;
export const hfOrgToken = (rng: Rng): string => `api_org_${rng.chars(LETTERS, 34)}`;
export const replicateToken = (rng: Rng): string => `r8_${rng.chars(B62, 37)}`;
export const googleApiKey = (rng: Rng): string => `AIzaSy${rng.chars(B64URL, 33)}`;
export const mistralKey = (rng: Rng): string => rng.chars(B62, 32);
export const cohereKey = (rng: Rng): string => rng.chars(B62, 40);
export const togetherKey = (rng: Rng): string => `tgp_v1_${rng.chars(B64URL, 43)}`;
export const fireworksKey = (rng: Rng): string => `fw_${rng.chars(B62, rng.int(24, 33))}`;
export const elevenlabsKey = (rng: Rng): string => `sk_${rng.chars(HEX, 48)}`;
export const langsmithKey = (rng: Rng): string => `lsv2_${rng.pick(['pt', 'sk'])}_${rng.chars(HEX, 32)}_${rng.chars(HEX, 10)}`;
export const pineconeKey = (rng: Rng): string => `pcsk_${rng.chars(B62, rng.int(5, 6))}_${rng.chars(B62, 63)}`;
export const nvidiaKey = (rng: Rng): string => `nvapi-${rng.chars(B64URL, 64)}`;
export const cerebrasKey = (rng: Rng): string => `csk-${rng.chars(B36, 48)}`;
export const stabilityKey = (rng: Rng): string => `sk-${rng.chars(B62, 48)}`;
export const openaiSession = (rng: Rng): string => `sess-${rng.chars(B62, 40)}`;

/** AWS access key id; new-generation ids encode a 12-digit account id (§4.9). */
export function awsKeyId(rng: Rng, prefix = 'AKIA'): string {
  if (rng.chance(0.2)) return `${prefix}${rng.pick(['I', 'J'])}${rng.chars(B32, 15)}`;
  const account = BigInt(rng.int(100000, 999999)) * 1000000n + BigInt(rng.int(0, 999999));
  const high = (account << 7n) | BigInt(rng.int(0, 127)); // 48 bits, top bit 0
  const low = BigInt(rng.int(0, 0xffff)) * 65536n + BigInt(rng.int(0, 0xffff)); // 32 bits
  let bits = (high << 32n) | low; // 80 bits → 16 base32 chars
  let out = '';
  for (let i = 0; i < 16; i++) {
    out = B32[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return prefix + out;
}
export const awsSecret = (rng: Rng): string => rng.chars(B64, 40);

/** ghp_/gho_/ghu_/ghs_/npm_: 30 random base62 + base62 CRC32 of those 30 (§4.1). */
export function crcToken(rng: Rng, prefix: string): string {
  const payload = rng.chars(B62, 30);
  return `${prefix}${payload}${base62(crc32(payload), 6)}`;
}

export const githubFineGrained = (rng: Rng): string =>
  `github_pat_11${rng.chars(UPPER + DIGITS, 20)}_${rng.chars(B62, 59)}`;
export const gitlabClassic = (rng: Rng): string => `glpat-${rng.chars(B64URL, 20)}`;

/** GitLab routable token (§4.3): b64url(16 random + payload + len) . 01 . len36 crc36. */
export function gitlabRoutable(rng: Rng, prefix = 'glpat-'): string {
  const fields: [string, string][] = [['o', rng.int(1, 5000).toString(36)]];
  if (rng.chance(0.3)) fields.push(['g', rng.int(1, 99999).toString(36)]);
  fields.push(['u', rng.int(1, 999999).toString(36)]);
  fields.sort(([a], [b]) => (a < b ? -1 : 1));
  const payload = Buffer.from(fields.map(([k, v]) => `${k}:${v}`).join('\n'), 'latin1');
  const encodable = Buffer.concat([rng.bytes(16), payload, Buffer.from([payload.length])]);
  const enc = b64url(encodable);
  const body = `${prefix}${enc}.01.${base36(enc.length, 2)}`;
  return body + base36(crc32(body), 7);
}

/** PyPI API token: a v2 macaroon for pypi.org (§4.7). */
export function pypiToken(rng: Rng): string {
  const location = Buffer.from('pypi.org');
  const identifier = Buffer.from(rng.uuid());
  const caveat = Buffer.from(
    rng.chance(0.5)
      ? JSON.stringify({ version: 1, permissions: 'user' })
      : JSON.stringify({ version: 1, permissions: { projects: [rng.pick(['acme-utils', 'fastgrid', 'pyledger', 'tinyq'])] } }),
  );
  const bytes = Buffer.concat([
    Buffer.from([0x02, 0x01, location.length]),
    location,
    Buffer.from([0x02, identifier.length]),
    identifier,
    Buffer.from([0x00, 0x02, ...varint(caveat.length)]),
    caveat,
    Buffer.from([0x00, 0x00, 0x06, 0x20]),
    rng.bytes(32),
  ]);
  return `pypi-${b64url(bytes)}`;
}

export const slackBot = (rng: Rng): string =>
  `xoxb-${rng.digits(rng.int(11, 13))}-${rng.digits(rng.int(11, 13))}-${rng.chars(B62, 24)}`;
export const slackUser = (rng: Rng): string =>
  `xoxp-${rng.digits(rng.int(11, 13))}-${rng.digits(rng.int(11, 13))}-${rng.digits(rng.int(11, 13))}-${rng.chars(HEX, 32)}`;
export const slackApp = (rng: Rng): string =>
  `xapp-1-A${rng.chars(UPPER + DIGITS, 10)}-${rng.digits(13)}-${rng.chars(HEX, 64)}`;
export const slackWebhook = (rng: Rng): string =>
  `https://hooks.slack.com/services/T${rng.chars(UPPER + DIGITS, rng.int(8, 10))}/B${rng.chars(UPPER + DIGITS, rng.int(8, 10))}/${rng.chars(B62, 24)}`;

export function discordBot(rng: Rng): string {
  const id = rng.digits(rng.pick([18, 19]));
  const first = b64(Buffer.from(id), false);
  return `${first}.${rng.chars(B64URL, 6)}.${rng.chars(B64URL, rng.chance(0.8) ? 38 : 27)}`;
}
export const discordWebhook = (rng: Rng): string =>
  `https://${rng.pick(['discord.com', 'discordapp.com'])}/api/webhooks/${rng.digits(rng.pick([18, 19]))}/${rng.chars(B64URL, 68)}`;
export const telegramBot = (rng: Rng): string => `${rng.digits(rng.int(8, 10))}:AA${rng.chars(B64URL, 33)}`;
export const twilioSid = (rng: Rng, prefix = 'AC'): string => `${prefix}${rng.chars(HEX, 32)}`;
export const sendgridKey = (rng: Rng): string => `SG.${rng.chars(B64URL, 22)}.${rng.chars(B64URL, 43)}`;
export const stripeKey = (rng: Rng, prefix: string): string =>
  rng.chance(0.5) ? `${prefix}${rng.chars(B62, 24)}` : `${prefix}51${rng.chars(B62, 97)}`;
export const shopifyToken = (rng: Rng): string =>
  `${rng.pick(['shpat_', 'shpca_', 'shppa_', 'shpss_'])}${rng.chars(HEX, 32)}`;

/** Atlassian API token: ATATT3xFfGF0 + b64url + '=' + uppercase-hex CRC32 of all before (§4.5). */
export function atlassianToken(rng: Rng): string {
  const body = `ATATT3xFfGF0${rng.chars(B64URL, 171)}=`;
  return body + crc32(body).toString(16).toUpperCase().padStart(8, '0');
}
/** Bitbucket app password: ATBB + 24 b62 + uppercase-hex CRC32. */
export function bitbucketToken(rng: Rng): string {
  const body = `ATBB${rng.chars(B62, 24)}`;
  return body + crc32(body).toString(16).toUpperCase().padStart(8, '0');
}

/** Grafana service-account token: glsa_ + 32 b62 + _ + little-endian hex CRC32 of the first 37 (§4.4). */
export function grafanaToken(rng: Rng): string {
  const head = `glsa_${rng.chars(B62, 32)}`;
  const le = Buffer.alloc(4);
  le.writeUInt32LE(crc32(head));
  return `${head}_${le.toString('hex')}`;
}

/** age X25519 identity (§4.6): Bech32 with HRP age-secret-key-, upper case. */
export const ageSecretKey = (rng: Rng): string => bech32Encode('age-secret-key-', rng.bytes(32)).toUpperCase();
export const ageRecipient = (rng: Rng): string => bech32Encode('age', rng.bytes(32));

export function sentryOrgToken(rng: Rng): string {
  const org = rng.pick(['acme', 'northwind', 'globex', 'initech', 'umbrella-labs']);
  const json = JSON.stringify({
    iat: Number(`${rng.int(1690000000, 1760000000)}.${rng.digits(6, false)}`),
    url: 'https://sentry.io',
    region_url: `https://${rng.pick(['us', 'de'])}.sentry.io`,
    org,
  });
  return `sntrys_${b64text(json)}_${rng.chars(rng.chance(0.5) ? B62 : B64, 43)}`;
}
export const sentryUserToken = (rng: Rng): string => `sntryu_${rng.chars(HEX, 64)}`;

// --- JWT ------------------------------------------------------------------------------------------

export function jwt(rng: Rng, payload: Record<string, unknown>, alg = 'HS256'): string {
  const header: Record<string, string> = { alg, typ: 'JWT' };
  if (alg.startsWith('RS') && rng.chance(0.7)) header.kid = rng.chars(B64URL, 20);
  const sig = rng.bytes(alg.startsWith('RS') ? 256 : 32);
  return `${b64urlText(JSON.stringify(header))}.${b64urlText(JSON.stringify(payload))}.${b64url(sig)}`;
}

export function userJwt(rng: Rng): string {
  const iat = rng.int(1700000000, 1760000000);
  const payload: Record<string, unknown> = rng.chance(0.5)
    ? { sub: rng.uuid(), email: `${rng.pick(['ada', 'grace', 'linus', 'margaret'])}@${rng.pick(['acme.io', 'example.org'])}`, role: rng.pick(['admin', 'user', 'ops']), iat, exp: iat + rng.pick([3600, 86400, 31536000]) }
    : { iss: rng.pick(['https://auth.acme.io/', 'api-gateway', 'https://login.internal.net']), sub: `svc_${rng.chars(LOWER + DIGITS, 10)}`, aud: rng.pick(['billing-api', 'https://api.acme.io']), scope: rng.pick(['read:all write:all', 'admin', 'orders:write']), iat, exp: iat + 31536000 };
  return jwt(rng, payload, rng.chance(0.7) ? 'HS256' : 'RS256');
}

export function supabaseJwt(rng: Rng, role: 'anon' | 'service_role', ref: string): string {
  const iat = rng.int(1650000000, 1740000000);
  return jwt(rng, { iss: 'supabase', ref, role, iat, exp: iat + 315360000 });
}

// --- PEM ------------------------------------------------------------------------------------------

export type PemKind = 'rsa' | 'ec' | 'openssh' | 'pkcs8';

function sshString(data: Buffer | string): Buffer {
  const b = typeof data === 'string' ? Buffer.from(data) : data;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += width) out.push(text.slice(i, i + width));
  return out;
}

export function ed25519Public(rng: Rng): Buffer {
  return Buffer.concat([sshString('ssh-ed25519'), sshString(rng.bytes(32))]);
}

/** A private key in PEM/OpenSSH armour: DER/SSH structure at the start, random key material after. */
export function privateKeyPem(rng: Rng, kind: PemKind): { begin: string; body: string[]; end: string } {
  let der: Buffer;
  let label: string;
  let width = 64;
  switch (kind) {
    case 'rsa':
      label = 'RSA PRIVATE KEY';
      der = Buffer.concat([Buffer.from('308204a40201000282010100', 'hex'), rng.bytes(1180)]);
      break;
    case 'pkcs8':
      label = 'PRIVATE KEY';
      der = Buffer.concat([Buffer.from('308204be020100300d06092a864886f70d0101010500048204a8308204a40201000282010100', 'hex'), rng.bytes(1178)]);
      break;
    case 'ec':
      label = 'EC PRIVATE KEY';
      der = Buffer.concat([
        Buffer.from('30770201010420', 'hex'),
        rng.bytes(32),
        Buffer.from('a00a06082a8648ce3d030107a144034200', 'hex'),
        Buffer.from([0x04]),
        rng.bytes(64),
      ]);
      break;
    case 'openssh': {
      label = 'OPENSSH PRIVATE KEY';
      width = 70;
      const pub = rng.bytes(32);
      const pubBlob = Buffer.concat([sshString('ssh-ed25519'), sshString(pub)]);
      const check = rng.bytes(4);
      const priv = Buffer.concat([
        check,
        check,
        sshString('ssh-ed25519'),
        sshString(pub),
        sshString(Buffer.concat([rng.bytes(32), pub])),
        sshString(`${rng.pick(['deploy', 'ci', 'ada', 'root'])}@${rng.pick(['build-01', 'laptop', 'bastion'])}`),
      ]);
      const padLen = (8 - (priv.length % 8)) % 8;
      const padded = Buffer.concat([priv, Buffer.from(Array.from({ length: padLen }, (_, i) => i + 1))]);
      const count = Buffer.alloc(4);
      count.writeUInt32BE(1);
      der = Buffer.concat([
        Buffer.from('openssh-key-v1\0', 'latin1'),
        sshString('none'),
        sshString('none'),
        sshString(''),
        count,
        sshString(pubBlob),
        sshString(padded),
      ]);
      break;
    }
  }
  return { begin: `-----BEGIN ${label}-----`, body: wrap(b64(der), width), end: `-----END ${label}-----` };
}

/** Certificates and public keys: the look-alikes of private keys. */
export function publicPem(rng: Rng, kind: 'cert' | 'pubkey'): { begin: string; body: string[]; end: string } {
  const label = kind === 'cert' ? 'CERTIFICATE' : 'PUBLIC KEY';
  const der =
    kind === 'cert'
      ? Buffer.concat([Buffer.from('308203', 'hex'), rng.bytes(2), Buffer.from('30820', 'hex'), rng.bytes(rng.int(700, 900))])
      : Buffer.concat([Buffer.from('30820122300d06092a864886f70d01010105000382010f003082010a0282010100', 'hex'), rng.bytes(256), Buffer.from('0203010001', 'hex')]);
  return { begin: `-----BEGIN ${label}-----`, body: wrap(b64(der), 64), end: `-----END ${label}-----` };
}

export function pemText(p: { begin: string; body: string[]; end: string }): string {
  return [p.begin, ...p.body, p.end].join('\n');
}

/** A chunk of the key body that any capture of the key must contain (one line, no wrapping). */
export function pemCore(p: { body: string[] }): string {
  const line = p.body[Math.min(2, p.body.length - 1)];
  return line.slice(8, 40);
}

// --- passwords and generic secrets ------------------------------------------------------------

const WORDS = [
  'harbor', 'falcon', 'maple', 'copper', 'sunset', 'glacier', 'orchid', 'tundra', 'cobalt', 'meadow',
  'lantern', 'saffron', 'quartz', 'thistle', 'ember', 'juniper', 'raven', 'walnut', 'zephyr', 'marble',
];
const SYMBOLS = '!@^&*-_=+.~';

/** A realistic chosen or generated password (never starts with a symbol; no quote, $, #, % or space). */
export function password(rng: Rng): string {
  const cap = (w: string) => w[0].toUpperCase() + w.slice(1);
  switch (rng.int(0, 4)) {
    case 0: {
      // password-manager style with symbols
      const n = rng.int(14, 24);
      let s = rng.chars(B62, 1) + rng.chars(B62 + SYMBOLS, n - 3) + rng.chars(SYMBOLS, 1) + rng.chars(DIGITS, 1);
      s = s[0] + rng.shuffle(s.slice(1).split('')).join('');
      return s;
    }
    case 1:
      return `${cap(rng.pick(WORDS))}${rng.pick(['-', '_', '.', ''])}${cap(rng.pick(WORDS))}${rng.digits(rng.int(2, 4), false)}${rng.pick(['!', '@', '*', '&', ''])}`;
    case 2:
      return rng.chars(B62, rng.int(16, 32));
    case 3:
      return rng.chars(HEX, rng.pick([24, 32, 40]));
    default:
      return b64(rng.bytes(rng.pick([18, 24, 32])), true).replace(/^[+/]/, 'Q');
  }
}

/** A generic API key or secret with no provider format. */
export function genericSecret(rng: Rng): string {
  switch (rng.int(0, 4)) {
    case 0:
      return rng.chars(B62, rng.pick([24, 32, 40]));
    case 1:
      return rng.chars(HEX, rng.pick([32, 40, 64]));
    case 2:
      return b64(rng.bytes(rng.pick([24, 32, 33])), true).replace(/^[+/]/, 'k');
    case 3:
      return `${rng.chars(B62, 8)}-${rng.chars(B62, 8)}-${rng.chars(B62, 8)}-${rng.chars(B62, 8)}`;
    default:
      return rng.chars(B64URL, rng.int(30, 48)).replace(/^[-_]/, 'x');
  }
}

/** One character changed in the part covered by the checksum: the token can no longer be live. */
export function mutate(rng: Rng, token: string, from: number, to: number, alphabet: string): string {
  const i = rng.int(from, to - 1);
  let c = token[i];
  while (c === token[i]) c = rng.pick(alphabet.split(''));
  return token.slice(0, i) + c + token.slice(i + 1);
}

export { b64, b64text, b64url, b64urlText, B32, B36, B62, B64, B64URL, DIGITS, HEX, LETTERS, LOWER, UPPER };

/** A NATS NKey seed (user, account or operator) with a valid CRC-16: 58 base32 characters. */
export function natsSeed(rng: Rng): string {
  return natsSeedOf(
    rng.pick(['U', 'A', 'O'] as const),
    Array.from({ length: 32 }, () => rng.int(0, 255)),
  );
}
