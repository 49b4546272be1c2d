// The generic-assignment matrix: a hand-written password or secret (no provider format) in every idiom
// of every language that the assignment parser (src/engine/assignment.ts) reads, and the look-alikes it
// must leave alone (coordinates, type names, routes, interpolations, labels, calls, env references in
// every language, placeholders). One file per idiom and value, so no line borrows another's context.
// Recall is reported per idiom; every finding in a look-alike file is a false positive.
//
//   generateAssignments(seed, dir) → Manifest (planted: VALUES_PER_IDIOM per idiom, variant = the idiom)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Manifest } from './generator.js';
import { type IdiomScore, idiomScores } from './matrix.js';
import { scanProject, score, type Score } from './measure.js';
import { B62, B64URL, DIGITS, HEX, LOWER, Rng } from './prng.js';
import { natsSeed } from './tokens.js';

const VALUES_PER_IDIOM = 3;
const V = '\u0001V\u0001';

export interface AssignmentIdiom {
  id: string;
  /** The file name (its extension tells the engine whether it is source code). */
  file: string;
  kind: 'password' | 'secret';
  /** Lines of the file; the one holding V is the planted line. */
  lines: string[];
  /** Characters the value may hold besides letters and digits (URLs, XML, curl -u are stricter). */
  symbols?: string;
  /** A value of the idiom's own shape (a NATS seed, a JWK member, a WordPress salt); default by kind. */
  make?: (r: Rng) => string;
  /** The family recorded for the planted value; default `generic-<kind>`. */
  family?: string;
}

const P = (id: string, file: string, lines: string[], symbols?: string): AssignmentIdiom => ({ id, file, kind: 'password', lines, symbols });
const S = (id: string, file: string, lines: string[]): AssignmentIdiom => ({ id, file, kind: 'secret', lines });
/** A value of its own shape and family; `@R43@` in the lines is filled with 43 random base64url characters, `@H32@` with hex. */
const F = (id: string, file: string, family: string, make: (r: Rng) => string, lines: string[]): AssignmentIdiom => ({ id, file, kind: 'secret', lines, make, family });
/** The characters WordPress's secret-key service draws from (no quote or backslash: they would end the PHP literal). */
const WP_CHARS = `${B62}!@#$%^&*()-_ []{}<>~+=,.;:/?|`;

/**
 * A WordPress-style salt: 64 random printable characters. Drawn again when it happens to hold a template
 * opener (`${`, `#{`, `{{`, `}}`, `$(`, `%(`) or a word between spaces: keyscan reads those as a template
 * or a phrase, a documented limit (DECISIONS.md, Generic assignments).
 */
function wordpressSalt(r: Rng): string {
  for (;;) {
    const s = r.chars(B62, 2) + r.chars(WP_CHARS, 62);
    if (!/\$\{|#\{|\{\{|\}\}|\$\(|%\(/.test(s) && !/(?:^|\s)[A-Za-z]{3,}[,.!?:;]?(?=\s|$)/.test(s)) return s;
  }
}

export const ASSIGNMENT_IDIOMS: AssignmentIdiom[] = [
  // Python
  P('py-attribute', 'models.py', ['class Mailer:', '    def __init__(self):', `        self.password = "${V}"`]),
  P('py-typed', 'settings.py', ['class Settings(BaseSettings):', `    smtp_password: str = "${V}"`]),
  P('py-auth-tuple', 'client.py', ['import requests', `resp = requests.get(URL, auth=("admin", "${V}"), timeout=10)`]),
  P('py-httpbasicauth', 'client.py', [`session.auth = HTTPBasicAuth("api", "${V}")`]),
  S('py-aes-new', 'crypto.py', ['from Crypto.Cipher import AES', `cipher = AES.new(b"${V}", AES.MODE_GCM)`]),
  S('py-comparison', 'auth.py', ['def check(api_key):', `    if api_key == "${V}":`, '        return True']),
  S('py-salt', 'settings.py', [`SALT = "${V}"`]),
  S('py-password-salt', 'settings.py', [`PASSWORD_SALT = "${V}"`]),
  S('py-fernet', 'crypto.py', ['from cryptography.fernet import Fernet', `f = Fernet(b"${V}")`]),
  P('py-column-aligned', 'settings.py', ['DEBUG                  = False', `DB_PASSWORD            = "${V}"`]),
  P('py-name-suffix', 'settings.py', [`password_db = "${V}"`]),
  // JavaScript / TypeScript
  P('ts-object-field', 'fixtures.ts', ['export const admin = {', '  email: "admin@acme.io",', `  password: '${V}',`, '};']),
  P('ts-typed-const', 'config.ts', [`const adminPassword: string = "${V}";`]),
  S('js-create-cipheriv', 'crypto.js', [`const cipher = crypto.createCipheriv("aes-256-cbc", "${V}", iv);`]),
  S('js-jwt-sign', 'auth.js', [`  return jwt.sign(payload, "${V}", { expiresIn: "1h" });`]),
  S('js-strict-comparison', 'auth.js', [`if (apiKey === "${V}") {`, '  next();', '}']),
  S('js-name-suffix-camel', 'config.js', ['module.exports = {', `  secretKeyProd: "${V}",`, '};']),
  // Go
  P('go-var-typed', 'config.go', ['package config', '', `var dbPassword string = "${V}"`]),
  P('go-short-decl', 'main.go', ['package main', '', 'func main() {', `\tsmtpPassword := "${V}"`, '}']),
  S('go-byte-key', 'auth.go', ['package auth', '', `var jwtKey = []byte("${V}")`]),
  S('go-struct-field', 'client.go', ['var cfg = Config{', '\tBaseURL: "https://api.acme.io",', `\tToken: "${V}",`, '}']),
  // Java
  S('java-secretkeyspec', 'Crypto.java', [`        Key key = new SecretKeySpec("${V}".getBytes(StandardCharsets.UTF_8), "AES");`]),
  P('java-password-authentication', 'Mail.java', [`        return new PasswordAuthentication("mailer", "${V}".toCharArray());`]),
  P('java-username-password-credentials', 'Http.java', [`        creds.setCredentials(AuthScope.ANY, new UsernamePasswordCredentials("deploy", "${V}"));`]),
  S('java-setkey', 'Crypto.java', [`        cipher.setKey("${V}");`]),
  S('java-jjwt-signwith', 'Jwt.java', [`        return Jwts.builder().setSubject(user).signWith(SignatureAlgorithm.HS256, "${V}").compact();`]),
  S('java-hmac256', 'Jwt.java', [`        Algorithm algorithm = Algorithm.HMAC256("${V}");`]),
  P('java-setter', 'Db.java', [`        dataSource.setPassword("${V}");`]),
  // C#
  P('cs-const', 'Settings.cs', ['    public static class Settings', '    {', `        public const string AdminPassword = "${V}";`, '    }']),
  S('cs-symmetric-security-key', 'Jwt.cs', [`            var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("${V}"));`]),
  P('cs-network-credential', 'Mail.cs', [`            client.Credentials = new NetworkCredential("mailer", "${V}");`]),
  // Ruby
  P('rb-password-confirmation', 'seeds.rb', ['User.create!(', '  email: "ops@acme.io",', `  password_confirmation: "${V}",`, ')']),
  S('rb-auth-token', 'api.rb', ['API = {', `  auth_token: '${V}',`, '}']),
  P('rb-hash-rocket', 'db.rb', ['DB = {', `  :password => '${V}',`, '}']),
  // PHP
  P('php-concat-assign', 'Mailer.php', ['<?php', "$smtpPassword = '';", `$smtpPassword .= '${V}';`]),
  P('php-array', 'database.php', ['<?php', 'return [', "    'username' => 'app',", `    'password' => '${V}',`, '];']),
  S('php-property', 'Client.php', ['<?php', `        $this->apiKey = '${V}';`]),
  F('php-wordpress-salt', 'wp-config.php', 'generic-secret', wordpressSalt, ['<?php', "define('DB_NAME', 'wordpress');", `define('NONCE_SALT',       '${V}');`]),
  // Makefiles
  P('make-conditional', 'Makefile', [`DB_PASSWORD ?= ${V}`, '', 'migrate:', '\t./bin/migrate']),
  S('make-immediate', 'Makefile', [`API_TOKEN ::= ${V}`]),
  P('make-posix-immediate', 'Makefile', [`ADMIN_PASSWORD :::= ${V}`]),
  S('make-simple', 'Makefile', [`CLIENT_SECRET := ${V}`]),
  S('make-column-aligned', 'Makefile', ['DEBUG           =      0', `SECRET_KEY      =      ${V}`]),
  // INI and .properties: unquoted, a suffix after the keyword, column-aligned
  S('ini-unquoted-suffix', 'service.ini', ['[service]', 'url = https://api.acme.io', `apikey_service = ${V}`]),
  S('properties-column-aligned', 'app.properties', ['server.port     =      8080', `SECRET_KEY      =      ${V}`]),
  // env, compose, shell, properties
  P('env-smtp-pass', '.env', ['SMTP_HOST=mail.acme.io', `SMTP_PASS=${V}`]),
  S('env-commented', '.env', ['# copy to .env and fill in', `# INTERNAL_API_KEY=${V}`]),
  P('compose-list', 'docker-compose.yml', ['services:', '  db:', '    image: postgres:16', '    environment:', `      - POSTGRES_PASSWORD=${V}`]),
  P('compose-default', 'docker-compose.yml', ['services:', '  db:', '    environment:', `      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD:-${V}}`]),
  S('spring-default', 'application.yml', ['jwt:', `  secret: \${JWT_SECRET:${V}}`]),
  P('compose-map', 'docker-compose.yml', ['services:', '  mail:', '    environment:', `      SMTP_PASS: ${V}`]),
  P('docker-run-e', 'db.sh', ['#!/bin/sh', `docker run -d --name db -e MYSQL_ROOT_PASSWORD=${V} mysql:8`]),
  P('query-password', 'export.sh', [`curl -s "https://reports.acme.io/export?user=ops&password=${V}&format=csv"`], '!*-_~'),
  S('firebase-auth', 'sync.sh', [`curl -s "https://acme-prod.firebaseio.com/users.json?auth=${V}"`]),
  S('authorization-token', 'api.sh', [`curl -H "Authorization: Token ${V}" https://api.acme.io/v1/me`]),
  P('curl-user-continuation', 'upload.sh', ['curl -fsS https://repo.acme.io/upload \\', `  -u "deploy:${V}" \\`, '  -T build.tgz'], '!*^-_~'),
  P('yaml-name-suffix', 'app.yml', ['database:', `  mysql_password_prod: ${V}`]),
  // Provider shapes the generic parser does not read: JWK private members, NATS seeds, a Twilio token beside its SID
  F('jwk-ec-d', 'jwks.json', 'jwk', (r) => r.chars(B64URL, 43), ['{', '  "keys": [', '    {', '      "kty": "EC",', '      "crv": "P-256",', '      "x": "@R43@",', '      "y": "@R43@",', `      "d": "${V}"`, '    }', '  ]', '}']),
  F('jwk-okp-sorted', 'key.json', 'jwk', (r) => r.chars(B64URL, 43), [`{"crv":"Ed25519","d":"${V}","kty":"OKP","x":"@R43@"}`]),
  F('jwk-oct-yaml', 'auth.yml', 'jwk', (r) => r.chars(B64URL, 43), ['signing:', '  jwk:', '    kty: oct', '    alg: HS256', `    k: ${V}`]),
  F('nats-seed-conf', 'leaf.conf', 'nats', natsSeed, ['leafnodes {', '  remotes = [{ url: "tls://connect.ngs.global" }]', '}', `seed: ${V}`]),
  F('twilio-beside-sid', 'sms.py', 'twilio', (r) => r.chars(HEX, 32), ['ACCOUNT_SID = "AC@H32@"', 'FROM_NUMBER = "+15005550006"', `AUTH_TOKEN = "${V}"`]),
  // XML
  P('xml-add-key', 'Web.config', ['<configuration>', '  <appSettings>', `    <add key="SmtpPassword" value="${V}" />`, '  </appSettings>', '</configuration>'], '!*^-_~'),
  P('xml-element', 'settings.xml', ['<servers>', '  <server>', '    <id>releases</id>', `    <password>${V}</password>`, '  </server>', '</servers>'], '!*^-_~'),
];

/** [id, file, lines]: nothing may be reported in these. */
export const ASSIGNMENT_LOOKALIKES: [string, string, string[]][] = [
  ['maven-coordinate', 'build.gradle', ['dependencies {', "    implementation 'io.jsonwebtoken:jjwt-api:0.11.5'", "    runtimeOnly 'io.jsonwebtoken:jjwt-impl:0.11.5'", '}']],
  ['maven-artifact', 'pom.xml', ['<dependency>', '  <groupId>io.jsonwebtoken</groupId>', '  <artifactId>jjwt-api</artifactId>', '  <version>0.12.6</version>', '</dependency>']],
  ['ts-type-name', 'types.ts', ['export interface Session {', '  token: TokenType;', '  password: PasswordV2;', '  apiKey?: ApiKeyRef;', '}']],
  ['rails-route', 'routes.rb', ['Rails.application.routes.draw do', '  get "/disk/:encoded_key/*filename" => "active_storage/disk#show", as: :disk', '  put "/disk/:encoded_token" => "active_storage/disk#update", as: :update_disk', 'end']],
  ['cs-interpolation', 'Db.cs', ['var cs = $"Server={host};Database=app;User Id={user};Password={password};";']],
  ['py-format', 'db.py', ['dsn = "host={host} user={user} password={password}".format(**cfg)', 'url = f"postgresql://{user}:{password}@{host}/app"']],
  ['password-field', 'forms.py', ['password_field = "pw-input-2"', 'passwordField = "#login-password-1"', 'password_label = "Password (8+ chars)"']],
  ['i18n-labels', 'en.yml', ['en:', '  password: "Password"', '  password_confirmation: "Confirm password"', '  token: "Enter your token"', '  api_key: "API key"']],
  ['function-calls', 'auth.py', ['password = get_password("svc-2")', 'api_key = load_key(path="keys/app-2.txt")', 'token = client.fetch_token(scope="read:2")']],
  ['js-calls', 'auth.ts', ['const apiKey = loadKey("vault/app-2");', 'const token = await client.getToken(2);', 'const password = hash(input, 12);']],
  ['env-py', 'settings.py', ['DB_PASSWORD = os.environ["DB_PASSWORD"]', 'API_KEY = os.getenv("API_KEY", "")', 'SECRET_KEY = config("SECRET_KEY")']],
  ['env-js', 'config.js', ['const apiKey = process.env.API_KEY_2;', 'const password = process.env["DB_PASSWORD"];', 'const token = import.meta.env.VITE_TOKEN;']],
  ['env-rb', 'app.rb', ['api_key = ENV.fetch("API_KEY")', 'password = ENV["DB_PASSWORD"]', 'token = Rails.application.credentials.api_token']],
  ['env-php', 'app.php', ['<?php', "'password' => env('DB_PASSWORD'),", "$apiKey = getenv('API_KEY');"]],
  ['env-java', 'Db.java', ['String password = System.getenv("DB_PASSWORD");', 'String apiKey = env.getProperty("api.key");']],
  ['env-cs', 'Db.cs', ['var password = Environment.GetEnvironmentVariable("DB_PASSWORD");', 'var apiKey = configuration["ApiKey"];']],
  ['env-go', 'main.go', ['password := os.Getenv("DB_PASSWORD")', 'var apiToken string = os.Getenv("API_TOKEN")']],
  ['env-shell', 'run.sh', ['export PGPASSWORD="${DB_PASSWORD}"', 'curl -u "$USER:$PASSWORD" https://repo.acme.io', 'docker run -e POSTGRES_PASSWORD=$POSTGRES_PASSWORD postgres']],
  ['env-compose', 'docker-compose.yml', ['    environment:', '      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-}', '      - API_TOKEN=${API_TOKEN}']],
  ['env-make', 'Makefile', ['DB_PASSWORD ?= $(shell cat .db-password)', 'API_TOKEN := ${API_TOKEN}']],
  ['env-xml', 'Web.config', ['<add key="SmtpPassword" value="%SMTP_PASSWORD%" />', '<password>${env.NEXUS_PASSWORD}</password>']],
  ['placeholders', '.env', ['API_KEY=your-api-key-here', 'DB_PASSWORD=', 'SECRET_KEY=<secret-key>', 'SMTP_PASS=********', 'AUTH_TOKEN=changeme']],
  ['comparisons-with-names', 'auth.py', ['if password == confirm_password2:', '    pass', 'if token != expected_token:', '    raise Unauthorized()']],
  ['names-about-secrets', 'models.py', ['password_hash = "pbkdf2-sha256-29000"', 'token_type = "Bearer-2"', 'TOKEN_URL = "https://auth.acme.io/oauth/token"', 'secret_name = "prod/app-2"', 'PASSWORD_MIN_LENGTH = "12"']],
  ['sudo-and-push', 'deploy.sh', ['sudo -u postgres psql -c "select 1"', 'git push -u origin main', 'docker run -u 1000:1000 alpine']],
  ['scope-and-types', 'auth.cpp', ['auto t = Token::from(raw2);', 'std::string password = read_password(2);']],
  ['php-concat-no-spaces', 'DbCommand.php', ['<?php', "            'password' => '--password='.$connection['password'],"]],
  ['anonymous-ftp', 'class-ftp.php', ['<?php', '\t\t$this->_password="anon@ftp.com";']],
  ['key-from-calls', 'keys.go', ['var jwtKey = []byte(os.Getenv("JWT_KEY2"))', 'f := Fernet(Fernet.generate_key())', 'tok := jwt.signWith(SignatureAlgorithm.HS256, secret2)']],
  ['go-code-between-strings', 'auth.pb.go', ['\t\t`Secret:` + fmt.Sprintf("%v", this.Secret) + `,`,', '\t\t`Secret:` + strings.Replace(this.Secret.String(), "SecretProjection", "SecretProjection", 1) + `,`,']],
  ['reference-defaults-empty', 'docker-compose.yml', ['    environment:', '      API_TOKEN: ${API_TOKEN:-}', '      DB_PASSWORD: ${DB_PASSWORD:-changeme}', '      HOME_DIR: ${HOME:-/root}']],
  ['wordpress-placeholder', 'wp-config-sample.php', ['<?php', "define('AUTH_KEY',         'put your unique phrase here');", "define('NONCE_SALT',       'put your unique phrase here');"]],
  ['public-jwk', 'jwks.json', ['{"keys":[{"kty":"EC","crv":"P-256","kid":"k2","x":"f2Qx9Lr0aVbT4mWcY7nZp1sKdE3hGjU8oIuRtXyA5Bw","y":"Zq4Vb8Nc2Mx6Lk0Jh3Gf7Ds1Ap5Oi9Uy2Tr6Ee4Ww8Q"}]}']],
  ['twilio-sid-alone', 'sms.py', ['ACCOUNT_SID = "AC0f3b8e2a9c4d7e1f6a5b0c9d8e7f6a52"', 'MESSAGING_SERVICE_SID = "MG2e7d4c1b8a5f0e3d6c9b2a1f4e7d0c38"']],
];

function value(r: Rng, idiom: AssignmentIdiom): string {
  if (idiom.make) return idiom.make(r);
  if (idiom.kind === 'secret') return r.chars(B62, r.pick([24, 32, 40])).replace(/^(.{5})./, `$1${r.chars(DIGITS, 1)}`);
  // No '.': a value of letters around one dot (`kTeMlx.AiZh7`) reads as a property path, and is dropped as one.
  const symbols = idiom.symbols ?? '!@^&*-_=+~';
  const n = r.int(8, 16);
  const body = r.chars(B62, n - 3) + r.chars(symbols, 1) + r.chars(DIGITS, 1);
  return r.chars(LOWER, 1) + r.shuffle(body.split('')).join('');
}

/** Write the matrix under `root`: one file per idiom and value, one per look-alike. */
export function generateAssignments(seed: number, root: string): Manifest {
  const r = new Rng(seed);
  const manifest: Manifest = { seed, root, theme: 'assignments', files: [], planted: [], decoys: [] };
  const write = (file: string, lines: string[]) => {
    const full = join(root, file);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, `${lines.join('\n')}\n`);
    manifest.files.push(file);
  };
  for (const idiom of ASSIGNMENT_IDIOMS) {
    for (let i = 0; i < VALUES_PER_IDIOM; i++) {
      const v = value(r, idiom);
      const file = `assign/${idiom.id}/${i}/${idiom.file}`;
      const fill = (l: string) => l.replace(/@R(\d+)@/g, (_, n) => r.chars(B64URL, Number(n))).replace(/@H(\d+)@/g, (_, n) => r.chars(HEX, Number(n)));
      write(file, idiom.lines.map((l) => fill(l).replace(V, () => v)));
      const line = idiom.lines.findIndex((l) => l.includes(V)) + 1;
      const family = idiom.family ?? `generic-${idiom.kind}`;
      manifest.planted.push({ file, line, family, tier: 'core', variant: idiom.id, secret: v, core: [v], within: [v] });
    }
  }
  for (const [id, name, lines] of ASSIGNMENT_LOOKALIKES) {
    const file = `lookalike/${id}/${name}`;
    write(file, lines);
    lines.forEach((text, i) => manifest.decoys.push({ file, line: i + 1, kind: `assignment-lookalike:${id}`, text }));
  }
  return manifest;
}

/** Generate, scan with the CLI and score: recall per idiom and the precision over idioms and look-alikes. */
export async function measureAssignments(seed: number, bin?: string): Promise<{ idioms: IdiomScore[]; score: Score }> {
  const root = mkdtempSync(join(tmpdir(), 'keyscan-assign-'));
  try {
    const manifest = generateAssignments(seed, root);
    const s = score([{ manifest, findings: await scanProject(root, bin) }]);
    return { idioms: idiomScores(manifest, s.misses, ASSIGNMENT_IDIOMS), score: s };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
