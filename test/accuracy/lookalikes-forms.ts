// Look-alikes from other projects' negative examples (issue 13): placeholders in forms keyscan once
// missed, typed filler, interpolation of every language, labels and error codes assigned to token
// names, and type names in declarations. Each maker writes one in the syntax of the language given.
import type { DecoyMaker } from './lookalikes.js';
import { type Group, type LangId, L, decoy } from './pieces.js';
import { B62, type Rng } from './prng.js';

function group(name: string, text: string, kind: string): Group {
  return { key: 'generic', items: [{ name, value: decoy(text, kind) }], noSdk: true };
}

const SECRET_NAMES = ['API_TOKEN', 'SECRET_KEY', 'CLIENT_SECRET', 'AUTH_TOKEN', 'ACCESS_KEY'];
const PASSWORD_NAMES = ['DB_PASSWORD', 'SMTP_PASSWORD', 'ADMIN_PASSWORD', 'REDIS_PASSWORD'];

function placeholderForm(r: Rng): string {
  return r.pick([
    '[PASSWORD]',
    '[YOUR_API_TOKEN]',
    '&lt;YOUR_PASSWORD&gt;',
    '&lt;api-token&gt;',
    `REPLACE_WITH_YOUR_${r.pick(['TOKEN', 'KEY', 'SECRET'])}`,
    'CHANGE_ME_BEFORE_DEPLOY',
    'INSERT_API_KEY_HERE',
    'ENTER_YOUR_SECRET',
    'PUT_TOKEN_HERE',
    '<user:password>',
  ]);
}

function filler(r: Rng): string {
  const unit = r.chars(B62, r.int(3, 5));
  return r.pick([
    'abcd1234abcd1234',
    'a1b2c3d4e5f6g7h8',
    'qwertyuiop123456',
    'abcdefgh12345678',
    'zxcvbnm987654321',
    unit.repeat(r.int(3, 5)),
    '1111111111111111',
  ]);
}

/** A connection string or header built by interpolation, in the language's own syntax. */
function interpolation(r: Rng, lang: LangId) {
  const v = (text: string) => decoy(text, 'interpolation');
  switch (lang) {
    case 'cs':
      return [L`var cs = $"Server=db;User Id=app;Password=${v('{password}')};";`];
    case 'py':
    case 'ipynb':
      return r.pick([() => [L`url = f"postgresql://app:${v('{db_password}')}@db/app"`], () => [L`dsn = "password=${v('%(password)s')} host=db"`]])();
    case 'rb':
      return r.pick([
        () => [L`url = "postgres://app:${v('#{password}')}@db/app"`],
        () => [L`  "/disk/:encoded_token" => "${v('active_storage/disk#update')}",`],
      ])();
    case 'ts':
    case 'js':
      return [L`const auth = \`token=${v('${token}')}\`;`];
    case 'sh':
      return [L`curl -H "X-Api-Token: ${v('$API_TOKEN')}" https://api.internal/v1/jobs`];
    case 'md':
      return [L`Connect with \`postgres://${v('<user:password>')}@db.internal/app\`.`];
    default:
      return null;
  }
}

/** Error codes and labels assigned to token-named constants. */
function label(r: Rng, lang: LangId) {
  const code = decoy(r.pick(['auth/invalid-api-key', 'auth/invalid-custom-token', 'token-expired-error', 'missing-access-token']), 'label');
  switch (lang) {
    case 'ts':
    case 'js':
      return [L`  INVALID_API_KEY: '${code}',`];
    case 'py':
    case 'ipynb':
      return [L`ERROR_INVALID_TOKEN = "${code}"`];
    case 'go':
      return [L`const ErrInvalidToken = "${code}"`];
    case 'java':
      return [L`public static final String INVALID_TOKEN = "${code}";`];
    case 'rb':
      return [L`INVALID_TOKEN = "${code}".freeze`];
    default:
      return null;
  }
}

/** Declarations whose right-hand side is a type or member, not a value. */
function typeName(r: Rng, lang: LangId) {
  const t = (text: string) => decoy(text, 'type-name');
  switch (lang) {
    case 'ts':
      return r.pick([
        () => [L`  apiKey: ${t(`SensitiveString${r.pick([64, 256, 2048])}`)};`],
        () => [L`  clientSecret: ${t('ClientSecret$inboundSchema')},`],
        () => [L`    type AccountToken = ${t('Stripe_.V2.Core.AccountToken')};`],
      ])();
    case 'js':
      return r.pick([() => [L`  token: ${t('this.#config.authToken')},`], () => [L`jwt.AccessToken = ${t('AccessToken_1.default')};`]])();
    default:
      return null;
  }
}

export const FORM_DECOYS: DecoyMaker[] = [
  { kind: 'placeholder-form', make: (r) => group(r.pick([...SECRET_NAMES, ...PASSWORD_NAMES]), placeholderForm(r), 'placeholder-form') },
  { kind: 'filler', make: (r) => group(r.pick(SECRET_NAMES), filler(r), 'filler') },
  { kind: 'interpolation', make: (r, lang) => interpolation(r, lang) },
  { kind: 'label', make: (r, lang) => label(r, lang) },
  { kind: 'type-name', make: (r, lang) => typeName(r, lang) },
];
