// Look-alikes of shape (issue 13): prefixed tokens of the wrong length, credential words inside longer
// identifiers, provider names inside package names and lockfile entries, Maven/Gradle coordinates, a
// JWT-shaped value after `Basic`, and type names after credential fields. Other projects' negative
// examples are full of these; a prefixed rule must pin its length, and a vendor rule must not take
// `@plivo/node` for a Plivo context.
import type { DecoyMaker } from './lookalikes.js';
import { type Group, type LangId, L, decoy } from './pieces.js';
import { B62, B64URL, HEX, LOWER, DIGITS, type Rng } from './prng.js';

const B36L = LOWER + DIGITS;

/** Formats with one documented length (FORMATS.md; rules pin them): prefix, body alphabet, body length. */
const EXACT: [string, string, number][] = [
  ['gsk_', B62, 52],
  ['xai-', B62, 80],
  ['vcp_', B64URL, 56],
  ['EAAA', B64URL, 60],
  ['dckr_pat_', B64URL, 27],
  ['glsoat-', B64URL, 20],
  ['glimt-', B64URL, 20],
  ['glagent-', B64URL, 20],
  ['glptt-', HEX, 40],
  ['pplx-', B62, 48],
  ['lin_api_', B62, 40],
  ['sbp_', B36L, 40],
  ['dop_v1_', HEX, 64],
  ['shpat_', HEX, 32],
  ['tgp_v1_', B64URL, 43],
  ['sk-or-v1-', HEX, 64],
  ['rubygems_', HEX, 48],
];

/** Names no credential rule reads as a credential: the value is judged by its own shape alone. */
const NEUTRAL_NAMES = ['BUILD_LABEL', 'RELEASE_TAG', 'SAMPLE_REF', 'DOCS_ANCHOR', 'FIXTURE_NAME'];

function wrongLength(r: Rng): Group {
  const [prefix, alphabet, n] = r.pick(EXACT);
  const longer = r.chance(0.5);
  const length = longer ? n + r.int(4, 12) : n - r.int(4, 8);
  const body = r.chars(alphabet, length);
  return { key: 'shapes', items: [{ name: r.pick(NEUTRAL_NAMES), value: decoy(prefix + body, longer ? 'too-long' : 'too-short') }], noSdk: true };
}

/** Identifiers that hold a credential word inside a longer word: `compass` is no pass, `keyboard` no key. */
const INSIDE_WORDS = ['COMPASS_HEADING', 'BYPASS_MODE', 'PASSENGER_REF', 'KEYBOARD_LAYOUT', 'MONKEY_PATCH_TARGET', 'TOKENIZER_NAME', 'AUTHOR_HANDLE', 'SECRETARY_DESK', 'KEYSTONE_REGION', 'ENCOMPASS_SCOPE'];

function keywordInside(r: Rng): Group {
  return { key: 'shapes', items: [{ name: r.pick(INSIDE_WORDS), value: decoy(r.chars(B62, r.int(16, 24)), 'keyword-inside-identifier') }], noSdk: true };
}

/** Providers whose vendor rules take a 40-character hex or base62 value: a lockfile's sha1 has that shape. */
const PACKAGE_VENDORS = ['plivo', 'particle', 'gitea', 'bitly', 'hunter', 'duo', 'crowdstrike', 'cloudsmith', 'appcenter', 'huawei-cloud'];

/** A lockfile or install line naming a provider's package, with the sha1 a registry adds after `#`. */
function packageName(r: Rng, lang: LangId) {
  const name = r.pick(PACKAGE_VENDORS);
  const version = `${r.int(1, 9)}.${r.int(0, 20)}.${r.int(0, 9)}`;
  const sha = decoy(r.chars(HEX, 40), 'package-name');
  const scoped = r.chance(0.5);
  const url = scoped
    ? L`https://registry.yarnpkg.com/@${name}/node/-/node-${version}.tgz#${sha}`
    : L`https://registry.yarnpkg.com/${name}/-/${name}-${version}.tgz#${sha}`;
  const spec = scoped ? `@${name}/node@^${version}` : `${name}@^${version}`;
  switch (lang) {
    case 'yaml':
      return [L`"${spec}":`, L`  version: "${version}"`, L`  resolved: "${url}"`];
    case 'md':
      return [L`Pinned in yarn.lock as \`${spec}\`:`, L`    resolved "${url}"`];
    case 'sh':
      return [L`# ${spec}`, L`curl -fsSLO "${url}"`];
    default:
      return null;
  }
}

/** Maven and Gradle coordinates of JWT and provider libraries: `group:artifact:version` is no assignment. */
function coordinate(r: Rng, lang: LangId) {
  const coord = decoy(
    r.pick(['io.jsonwebtoken:jjwt-api', 'io.jsonwebtoken:jjwt-impl', 'com.auth0:java-jwt', 'com.nimbusds:nimbus-jose-jwt', 'com.okta.sdk:okta-sdk-api', 'com.plivo:plivo-java', 'com.twilio.sdk:twilio']) +
      `:${r.int(0, 12)}.${r.int(0, 40)}.${r.int(0, 9)}`,
    'maven-coordinate',
  );
  switch (lang) {
    case 'java':
      return [L`// build.gradle: implementation "${coord}"`];
    case 'md':
      return [L`Add \`implementation("${coord}")\` to your Gradle build.`];
    case 'sh':
      return [L`mvn dependency:get -Dartifact=${coord}`];
    case 'yaml':
      return [L`dependencies:`, L`  - "${coord}"`];
    default:
      return null;
  }
}

/** A JWT-shaped value after `Basic`: a Basic credential is base64 of user:password, never a JWT. */
function jwtInBasic(r: Rng, lang: LangId) {
  const seg = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const jwt = decoy(`${seg({ alg: 'HS256', typ: 'JWT' })}.${seg({ sub: r.chars(DIGITS, 8), iat: 1700000000 + r.int(0, 9999999) })}.${r.chars(B64URL, 43)}`, 'jwt-in-basic');
  switch (lang) {
    case 'sh':
      return [L`curl -H "Authorization: Basic ${jwt}" https://api.internal/v1/jobs`];
    case 'md':
      return [L`A malformed request sends \`Authorization: Basic ${jwt}\` and gets 401.`];
    case 'py':
    case 'ipynb':
      return [L`BAD_HEADER = "Basic ${jwt}"  # rejected by the gateway`];
    default:
      return null;
  }
}

/** Type names and type expressions after credential fields in TypeScript declarations. */
function typeAfterField(r: Rng, lang: LangId) {
  if (lang !== 'ts') return null;
  const t = (text: string) => decoy(text, 'type-name');
  return r.pick([
    () => [L`  apiKey?: ${t('ApiKeyCredentials')};`],
    () => [L`  readonly clientSecret: ${t('SecretValue<string>')};`],
    () => [L`  token: ${t('AccessTokenResponse')} | undefined;`],
    () => [L`  apiKey: ${t('KeyCredential')} | TokenCredential,`],
    () => [L`  privateKey: ${t('CryptoKeyPair')}["privateKey"];`],
  ])();
}

export const SHAPE_DECOYS: DecoyMaker[] = [
  { kind: 'wrong-length', make: (r) => wrongLength(r) },
  { kind: 'keyword-inside-identifier', make: (r) => keywordInside(r) },
  { kind: 'package-name', make: (r, lang) => packageName(r, lang) },
  { kind: 'maven-coordinate', make: (r, lang) => coordinate(r, lang) },
  { kind: 'jwt-in-basic', make: (r, lang) => jwtInBasic(r, lang) },
  { kind: 'type-after-field', make: (r, lang) => typeAfterField(r, lang) },
];
