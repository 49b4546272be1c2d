// What a name says about the value assigned to it: a password, a secret (token, API key, salt…), or
// nothing we report. Pure functions over the identifier text; the assignment parser
// (engine/assignment.ts) calls them for every name it reads.

export type NameClass = 'password' | 'secret';

/** One word of a name (snake, kebab or camel case, upper-case runs kept together), lower-cased. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

const PASSWORD_WORD =
  /^(?:[a-z]*(?:password|passwd|passwort|passphrase|pwd|passcode)s?|(?:db|default|admin|root|user|smtp|redis|mysql|pg|postgres|mongo|rabbitmq|mail|ldap|bind|keystore|ftp|sftp|app|api|service|account|master|login|proxy|vpn)?pass)\d*$/;
const SECRET_WORD =
  /^(?:[a-z]*(?:secret|token|apikey|accesskey|secretkey|privatekey|signingkey|encryptionkey|masterkey|sessionkey|authkey|adminkey|appkey|applicationkey|clientkey|cipherkey|aeskey|hmackey|cryptokey)s?|salt|pepper|credentials?|auth)\d*$/;
/** The word before `key` that makes `<word> key` a secret (`api_key`, `secretKey`, `AES_KEY`). */
const KEY_QUALIFIER =
  /^(?:api|access|secret|private|signing|encryption|encrypt|master|session|auth|admin|app|application|client|cipher|aes|des|hmac|crypto|jwt|webhook|license)$/;

/**
 * Words that make a name something other than the credential itself: its hash, its type, its
 * label, its length rule, where to fetch it, an id (`password_hash`, `token_type`, `secret_name`,
 * `password_field`, `token_url`, `api_key_header`).
 */
const DENY_WORD = new Set(
  (
    'hash hashed hashes digest hint hints policy regex re pattern placeholder public publishable example sample dummy fake mock ' +
    'encrypted encoder encoded ciphertext type types kind url urls uri endpoint host port path file dir name names id ids uuid guid ' +
    'sid field fields label labels length len min max minimum maximum reset forgot strength expiry expires expiration expire ' +
    'ttl timeout lifetime age count size enabled enable disabled required optional input text title message messages msg error ' +
    'errors form button icon mask masked visible visibility show hide toggle validator validation validate rule rules mode format ' +
    'style class color prefix suffix header headers param params parameter query env var variable ref reference arn version ' +
    'location index idx limit counter bucket store storage cache manager provider factory generator helper util utils ' +
    'request response scope scopes audience issuer algorithm alg method grant verifier challenge prompt changed change update ' +
    'updated verify check checked status state count created date time at on is has should can use uses used keyid ' +
    'page next continuation cursor cancel captcha csrf xsrf policy nonce'
  ).split(' '),
);
const DENY_INSIDE = /csrf|xsrf|captcha|pagetoken|nexttoken|continuationtoken|cursortoken|publishable|placeholder|hashed/;

/** classifyName's answers by name: a file says `password` and `api_key` many times. Cleared past CLASS_CACHE_MAX. */
const CLASS_CACHE = new Map<string, NameClass | null>();
const CLASS_CACHE_MAX = 4096;

/** The class of a name, or null when it names no credential (or names something about one). */
export function classifyName(name: string): NameClass | null {
  let cls = CLASS_CACHE.get(name);
  if (cls === undefined) {
    if (CLASS_CACHE.size >= CLASS_CACHE_MAX) CLASS_CACHE.clear();
    CLASS_CACHE.set(name, (cls = classifyNameUncached(name)));
  }
  return cls;
}

function classifyNameUncached(name: string): NameClass | null {
  // The last segment of a property path decides: `self.password` is one, `password.length` is not.
  const last = name.replace(/^[$@:]+/, '').split(/\.|::|->/).pop() ?? '';
  const words = nameWords(last);
  if (words.length === 0 || words.length > 8) return null;
  // WordPress's eight secret keys and salts (AUTH_KEY … NONCE_SALT), and any name that ends in salt or
  // pepper: the last word says what it holds (`PASSWORD_SALT` is a salt, `NONCE_SALT` is no nonce).
  if (/^(?:(?:secure_)?auth|logged_in|nonce)_(?:key|salt)$/i.test(last)) return 'secret';
  const tail = words[words.length - 1];
  if (/^(?:salt|pepper)s?$/.test(tail) && !words.slice(0, -1).some((w) => DENY_WORD.has(w) && w !== 'nonce')) return 'secret';
  if (words.some((w) => DENY_WORD.has(w))) return null;
  if (DENY_INSIDE.test(nameWords(name).join(''))) return null;
  if (words.some((w) => PASSWORD_WORD.test(w))) return 'password';
  if (words.some((w) => SECRET_WORD.test(w))) return 'secret';
  for (let i = 1; i < words.length; i++) if (/^keys?$/.test(words[i]) && KEY_QUALIFIER.test(words[i - 1])) return 'secret';
  return null;
}

/**
 * Calls whose n-th argument is a credential: cipher and MAC keys, JWT signing secrets, and
 * credential constructors (the second argument, after the user name). Looked up by the call's last
 * one or two name segments, lower-cased.
 */
export const KEY_CALLS: Record<string, { arg: number; cls: NameClass }> = {
  secretkeyspec: { arg: 0, cls: 'secret' },
  'aes.new': { arg: 0, cls: 'secret' },
  'des.new': { arg: 0, cls: 'secret' },
  'des3.new': { arg: 0, cls: 'secret' },
  'hmac.new': { arg: 0, cls: 'secret' },
  createcipheriv: { arg: 1, cls: 'secret' },
  createdecipheriv: { arg: 1, cls: 'secret' },
  createhmac: { arg: 1, cls: 'secret' },
  'jwt.sign': { arg: 1, cls: 'secret' },
  'jwt.encode': { arg: 1, cls: 'secret' },
  // Fernet(b'…'), jjwt's signWith(SignatureAlgorithm.HS256, "…"), java-jwt's Algorithm.HMAC256("…").
  fernet: { arg: 0, cls: 'secret' },
  'multifernet.fernet': { arg: 0, cls: 'secret' },
  signwith: { arg: 1, cls: 'secret' },
  'algorithm.hmac256': { arg: 0, cls: 'secret' },
  'algorithm.hmac384': { arg: 0, cls: 'secret' },
  'algorithm.hmac512': { arg: 0, cls: 'secret' },
  // .NET: new SymmetricSecurityKey(Encoding.UTF8.GetBytes("…")), new HMACSHA256(…).
  symmetricsecuritykey: { arg: 0, cls: 'secret' },
  hmacsha256: { arg: 0, cls: 'secret' },
  hmacsha512: { arg: 0, cls: 'secret' },
  setkey: { arg: 0, cls: 'secret' },
  set_key: { arg: 0, cls: 'secret' },
  networkcredential: { arg: 1, cls: 'password' },
  usernamepasswordcredentials: { arg: 1, cls: 'password' },
  usernamepasswordauthenticationtoken: { arg: 1, cls: 'password' },
  passwordauthentication: { arg: 1, cls: 'password' },
  httpbasicauth: { arg: 1, cls: 'password' },
  httpdigestauth: { arg: 1, cls: 'password' },
  basicauth: { arg: 1, cls: 'password' },
  basic_auth: { arg: 1, cls: 'password' },
  basicawscredentials: { arg: 1, cls: 'secret' },
};

/** The key-call entry for a called name (`crypto.createCipheriv`, `AES.new`, `new NetworkCredential`). */
export function keyCall(name: string): { arg: number; cls: NameClass } | null {
  const segs = name.toLowerCase().split('.');
  const last = segs[segs.length - 1];
  const two = segs.slice(-2).join('.');
  return KEY_CALLS[two] ?? KEY_CALLS[last] ?? null;
}

/** Setter calls that take the credential as their only argument: `setPassword("…")`, `.withApiKey("…")`. */
export function setterClass(name: string, afterDot: boolean): NameClass | null {
  const last = name.split('.').pop() ?? '';
  const words = nameWords(last);
  if (words.length === 0) return null;
  if (/^(?:set|with|use)$/.test(words[0]) && words.length > 1) return classifyName(words.slice(1).join('_'));
  return afterDot ? classifyName(last) : null;
}
