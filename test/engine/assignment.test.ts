// The generic-assignment parser (src/engine/assignment.ts) through the real engine and built-in rules:
// every idiom in every language it reads, the look-alikes it must leave alone, and long lines.
// Values are built at run time (no credential-shaped literal in this file): `@P@` is a password,
// `@S@` a secret, `@J@` a JWT.
import { describe, expect, it } from 'vitest';
import { findAssignments } from '../../src/engine/assignment.js';
import { classifyName } from '../../src/engine/names.js';
import { scanFragment } from '../../src/engine/scan.js';
import { builtinRuleSet } from '../../src/rules.js';
import { randomString, seed } from '../helpers/fakes.js';

const ruleSet = builtinRuleSet();
seed(1306);
const PASSWORD = `${randomString(6)}!${randomString(1, '23456789')}`;
const SECRET = `${randomString(27)}${randomString(1, '23456789')}`;
const b64url = (s: string) => Buffer.from(s).toString('base64url');
const JWT = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(`{"sub":"${randomString(8)}","iat":1700000000}`)}.${randomString(43, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_')}`;

function fill(template: string): { text: string; value: string | null } {
  const value = template.includes('@P@') ? PASSWORD : template.includes('@S@') ? SECRET : null;
  return { text: template.replace('@P@', PASSWORD).replace('@S@', SECRET).replace('@J@', JWT), value };
}

function scan(path: string, text: string) {
  return scanFragment({ text, path, startLine: 1, origin: 'file' }, ruleSet);
}

// [idiom, path, text, rule that reports the value]
const FOUND: [string, string, string, string][] = [
  // Python
  ['py attribute', 'app/models.py', '        self.password = "@P@"', 'generic-password'],
  ['py typed', 'app/settings.py', 'DB_PASSWORD: str = "@P@"', 'generic-password'],
  ['py auth tuple', 'app/client.py', 'r = requests.get(url, auth=("admin", "@P@"))', 'generic-password'],
  ['py HTTPBasicAuth', 'app/client.py', 'session.auth = HTTPBasicAuth("api", "@P@")', 'generic-password'],
  ['py AES.new', 'app/crypto.py', 'cipher = AES.new(b"@S@", AES.MODE_GCM)', 'generic-secret'],
  ['py hmac.new', 'app/crypto.py', 'sig = hmac.new(b"@S@", body, hashlib.sha256)', 'generic-secret'],
  ['py subscript', 'app/settings.py', 'os.environ["API_KEY"] = "@S@"', 'generic-secret'],
  ['py comparison', 'app/auth.py', 'if api_key == "@S@":', 'generic-secret'],
  ['py salt', 'app/settings.py', 'SALT = "@S@"', 'generic-secret'],
  ['py password salt', 'app/settings.py', 'PASSWORD_SALT = "@S@"', 'generic-secret'],
  ['py Fernet', 'app/crypto.py', 'f = Fernet(b"@S@")', 'generic-secret'],
  ['py jwt.encode HS256', 'app/auth.py', 'tok = jwt.encode(claims, "@S@", algorithm="HS256")', 'generic-secret'],
  ['py getenv default', 'app/settings.py', 'DB_PASSWORD = os.getenv("DB_PASSWORD", "@P@")', 'generic-password'],
  // JavaScript / TypeScript
  ['ts object field', 'src/config.ts', "  password: '@P@',", 'generic-password'],
  ['ts const', 'src/config.ts', 'export const apiKey = "@S@";', 'generic-secret'],
  ['ts typed', 'src/config.ts', 'const dbPassword: string = "@P@";', 'generic-password'],
  ['js createCipheriv', 'src/crypto.js', 'const c = crypto.createCipheriv("aes-256-cbc", "@S@", iv);', 'generic-secret'],
  ['js jwt.sign', 'src/auth.js', 'const t = jwt.sign(payload, "@S@", { expiresIn: "1h" });', 'generic-secret'],
  ['js strict comparison', 'src/auth.js', 'if (token === "@S@") {', 'generic-secret'],
  ['js suffix camel', 'src/config.js', 'secretKeyProd: "@S@",', 'generic-secret'],
  ['js template literal', 'src/config.js', 'const sessionSecret = `@S@`;', 'generic-secret'],
  // Go
  ['go var typed', 'pkg/config/config.go', 'var dbPassword string = "@P@"', 'generic-password'],
  ['go short decl', 'cmd/main.go', '\tsmtpPassword := "@P@"', 'generic-password'],
  ['go struct field', 'cmd/main.go', '\tToken: "@S@",', 'generic-secret'],
  ['go raw string', 'cmd/main.go', 'const apiKey = `@S@`', 'generic-secret'],
  ['go []byte key', 'cmd/main.go', 'var jwtKey = []byte("@S@")', 'generic-secret'],
  ['go []byte short decl', 'cmd/main.go', '\tjwtSecret := []byte("@S@")', 'generic-secret'],
  // Java / Kotlin
  ['java SecretKeySpec', 'src/Crypto.java', 'Key k = new SecretKeySpec("@S@".getBytes(), "AES");', 'generic-secret'],
  ['java Cipher.init', 'src/Crypto.java', 'cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec("@S@".getBytes(UTF_8), "AES"));', 'generic-secret'],
  ['java PasswordAuthentication', 'src/Mail.java', 'return new PasswordAuthentication("svc", "@P@".toCharArray());', 'generic-password'],
  ['java UsernamePasswordCredentials', 'src/Http.java', 'creds = new UsernamePasswordCredentials("deploy","@P@");', 'generic-password'],
  ['java setKey', 'src/Crypto.java', 'cipher.setKey("@S@");', 'generic-secret'],
  ['java jjwt signWith HS256', 'src/Jwt.java', 'return Jwts.builder().setSubject(u).signWith(SignatureAlgorithm.HS256, "@S@").compact();', 'generic-secret'],
  ['java Algorithm.HMAC256', 'src/Jwt.java', 'Algorithm alg = Algorithm.HMAC256("@S@");', 'generic-secret'],
  ['java constant', 'src/Db.java', '    private static final String DB_PASSWORD = "@P@";', 'generic-password'],
  ['java setter', 'src/Db.java', 'dataSource.setPassword("@P@");', 'generic-password'],
  ['java builder', 'src/Db.java', 'builder.username("app").password("@P@").build();', 'generic-password'],
  // C#
  ['cs const', 'src/Api/Settings.cs', '        private const string AdminPassword = "@P@";', 'generic-password'],
  ['cs NetworkCredential', 'src/Api/Mail.cs', 'client.Credentials = new NetworkCredential("mailer", "@P@");', 'generic-password'],
  ['cs verbatim', 'src/Api/Settings.cs', 'var apiSecret = @"@S@";', 'generic-secret'],
  ['cs SymmetricSecurityKey', 'src/Api/Jwt.cs', 'var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("@S@"));', 'generic-secret'],
  // Ruby
  ['rb hash field', 'spec/factories/users.rb', '    password_confirmation: "@P@",', 'generic-password'],
  ['rb symbol colon', 'config/initializers/api.rb', "  auth_token: '@S@',", 'generic-secret'],
  ['rb hash rocket', 'config/initializers/api.rb', "  :password => '@P@',", 'generic-password'],
  ['rb or-assign', 'config/initializers/api.rb', 'ENV["SESSION_SECRET"] ||= "@S@"', 'generic-secret'],
  // PHP
  ['php concat-assign', 'app/Db.php', "$password .= '@P@';", 'generic-password'],
  ['php array', 'config/database.php', "    'password' => '@P@',", 'generic-password'],
  ['php define', 'config/app.php', "define('DB_PASSWORD', '@P@');", 'generic-password'],
  ['php property', 'app/Client.php', "$this->apiKey = '@S@';", 'generic-secret'],
  ['php WordPress LOGGED_IN_KEY', 'wp-config.php', "define('LOGGED_IN_KEY',    '@S@');", 'generic-secret'],
  ['php WordPress NONCE_SALT', 'wp-config.php', "define('NONCE_SALT',       '@S@');", 'generic-secret'],
  // Makefiles
  ['make ?=', 'Makefile', 'DB_PASSWORD ?= @P@', 'generic-password-unquoted'],
  ['make ::=', 'Makefile', 'API_TOKEN ::= @S@', 'generic-secret-unquoted'],
  ['make :::=', 'Makefile', 'ADMIN_PASSWORD :::= @P@', 'generic-password-unquoted'],
  ['make :=', 'Makefile', 'CLIENT_SECRET := @S@', 'generic-secret-unquoted'],
  ['make column-aligned', 'Makefile', 'SECRET_KEY      =      @S@', 'generic-secret-unquoted'],
  // env, compose, shell, properties, YAML
  ['env', '.env', 'POSTGRES_PASSWORD=@P@', 'generic-password-unquoted'],
  ['env SMTP_PASS', '.env', 'SMTP_PASS=@P@', 'generic-password-unquoted'],
  ['env commented', '.env.local', '# MAILGUN_API_KEY=@S@', 'generic-secret-unquoted'],
  ['env column-aligned', '.env', 'DB_PASSWORD                              = "@P@"', 'generic-password'],
  ['compose list', 'docker-compose.yml', '      - POSTGRES_PASSWORD=@P@', 'generic-password-unquoted'],
  ['compose map', 'docker-compose.yml', '      POSTGRES_PASSWORD: @P@', 'generic-password-unquoted'],
  ['docker run -e', 'scripts/db.sh', 'docker run -d -e MYSQL_ROOT_PASSWORD=@P@ mysql:8', 'generic-password-unquoted'],
  ['shell export', 'scripts/db.sh', 'export REDIS_PASS="@P@"', 'generic-password'],
  ['shell command prefix', 'scripts/run.sh', 'MAILJET_SECRET_KEY="@S@" ./bin/worker.sh', 'generic-secret'],
  ['properties', 'src/main/resources/application.properties', 'spring.datasource.password=@P@', 'generic-password-unquoted'],
  ['yaml suffix', 'config/app.yml', 'mysql_password_prod: @P@', 'generic-password-unquoted'],
  ['ini unquoted suffix', 'conf/service.ini', '[service]\napikey_service = @S@', 'generic-secret-unquoted'],
  ['properties unquoted suffix', 'conf/app.properties', 'apikey_service=@S@', 'generic-secret-unquoted'],
  ['properties column-aligned', 'conf/app.properties', 'SECRET_KEY      =      @S@', 'generic-secret-unquoted'],
  ['env unquoted salt', '.env', 'PASSWORD_SALT=@S@', 'generic-secret-unquoted'],
  ['compose default of a reference', 'docker-compose.yml', '      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-@P@}', 'generic-password-unquoted'],
  ['shell default of a reference, quoted', 'scripts/db.sh', 'export DB_PASSWORD="${DB_PASSWORD:-@P@}"', 'generic-password'],
  ['Spring default of a placeholder', 'src/main/resources/application.yml', '  secret: ${JWT_SECRET:@S@}', 'generic-secret-unquoted'],
  ['name with suffix', 'config/app.py', 'apikey_service = "@S@"', 'generic-secret'],
  // URLs and headers
  ['query password', 'docs/setup.txt', 'https://reports.acme.io/export?user=ops&password=@P@&format=csv', 'generic-password-unquoted'],
  ['firebase auth', 'scripts/export.sh', 'curl "https://acme-prod.firebaseio.com/users.json?auth=@S@"', 'firebase-database-secret'],
  ['firebase auth in code', 'src/sync.js', 'const url = "https://acme-prod.firebaseio.com/users.json?auth=@S@";', 'firebase-database-secret'],
  ['query auth', 'scripts/export.sh', 'curl "https://reports.acme.io/export.json?auth=@S@"', 'generic-secret-unquoted'],
  ['Authorization: Token', 'scripts/api.sh', 'curl -H "Authorization: Token @S@" https://api.acme.io/v1/me', 'generic-bearer-token'],
  ['curl -u continuation', 'scripts/upload.sh', 'curl -fsS https://repo.acme.io/upload \\\n  -u "deploy:@P@" \\\n  -T build.tgz', 'generic-basic-auth-flag'],
  // XML
  ['xml element', 'settings.xml', '<server><id>x</id><password>@P@</password></server>', 'generic-xml-secret'],
  ['xml add key', 'Web.config', '    <add key="SmtpPassword" value="@P@" />', 'generic-password'],
  ['xml entry name', 'conf/app.xml', '<entry name="api.token" value="@S@"/>', 'generic-secret'],
  // JSON in notebooks
  ['notebook escaped', 'nb/eval.ipynb', '    "api_key = \\"@S@\\"\\n",', 'generic-secret'],
];

describe('assignment parser: idioms', () => {
  for (const [idiom, path, template, rule] of FOUND) {
    it(`${idiom} (${path})`, () => {
      const { text, value } = fill(template);
      const matches = scan(path, text);
      expect(matches.map((m) => [m.rule.id, m.secret]), text).toContainEqual([rule, value]);
    });
  }
});

// [look-alike, path, text]: nothing may be reported.
const NOT_FOUND: [string, string, string][] = [
  ['Maven coordinate', 'build.gradle', "    implementation 'io.jsonwebtoken:jjwt-api:0.11.5'"],
  ['Maven coordinate bare', 'docs/deps.txt', 'io.jsonwebtoken:jjwt-api:0.12.6'],
  ['TypeScript type', 'src/types.ts', '  token: TokenType;'],
  ['TypeScript type with digit', 'src/types.ts', '  token: TokenV2;'],
  ['route string', 'config/routes.rb', '  "/disk/:encoded_token" => "active_storage/disk#update",'],
  ['C# interpolation', 'src/Db.cs', 'var cs = $"Server=db;User Id=app;Password={password};";'],
  ['password_field', 'app/forms.py', 'password_field = "pw-input-2"'],
  ['i18n label', 'config/locales/en.yml', '  password: "Password"'],
  ['i18n sentence', 'config/locales/en.yml', '  password: "Enter your password"'],
  ['function call', 'app/auth.py', 'password = get_password("svc-2")'],
  ['php concatenation', 'app/db.php', "$password = 'pre-2024!' . $suffix;"],
  ['call with literal', 'src/auth.ts', 'const apiKey = loadKey("vault/app-2");'],
  ['method result', 'src/auth.ts', 'const token = await client.getToken(2);'],
  ['py env', 'app/settings.py', 'DB_PASSWORD = os.environ["DB_PASSWORD"]'],
  ['js env', 'src/config.ts', 'const apiKey = process.env.API_KEY_2;'],
  ['rb env', 'config/app.rb', 'api_key = ENV.fetch("API_KEY")'],
  ['php env', 'config/app.php', "'password' => env('DB_PASSWORD'),"],
  ['java env', 'src/Db.java', 'String password = System.getenv("DB_PASSWORD");'],
  ['cs env', 'src/Db.cs', 'var password = Environment.GetEnvironmentVariable("DB_PASSWORD");'],
  ['go env', 'cmd/main.go', 'password := os.Getenv("DB_PASSWORD")'],
  ['shell env', 'scripts/db.sh', 'export PGPASSWORD="${DB_PASSWORD}"'],
  ['compose env', 'docker-compose.yml', '      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-}'],
  ['gha secret', '.github/workflows/ci.yml', '          DB_PASSWORD: ${{ secrets.DB_PASSWORD }}'],
  ['helm value', 'charts/api/templates/secret.yaml', '  password: {{ .Values.dbPassword2 | quote }}'],
  ['windows env', 'scripts/setup.bat', 'set DB_PASSWORD=%DB_PASSWORD%'],
  ['ini interpolation', 'setup.cfg', 'password = %(db_password)s'],
  ['empty value', 'app/settings.py', 'PASSWORD = ""'],
  ['placeholder', '.env', 'API_KEY=your-api-key-here'],
  ['masked', 'app/settings.py', 'password = "********"'],
  ['angle placeholder', 'README.txt', 'password: "<password>"'],
  ['code identifier', 'app/db.py', 'password = user_input2'],
  ['password hash', 'app/models.py', 'password_hash = "pbkdf2-sha256-29000"'],
  ['token type', 'app/auth.py', 'token_type = "Bearer-2"'],
  ['comparison with identifier', 'app/auth.py', 'if password == confirm2:'],
  ['JWT in Basic header', 'scripts/api.sh', 'curl -H "Authorization: Basic @J@" https://api.acme.io'],
  ['sudo -u', 'scripts/db.sh', 'sudo -u postgres psql -c "select 1"'],
  ['scope resolution', 'src/auth.cpp', 'auto t = Token::from(raw2);'],
  ['capitalised placeholder', 'docs/api.md', 'Authorization: PVEAPIToken=USER@REALM!TOKENID=UUID'],
  ['reference with an empty default', 'docker-compose.yml', '      API_TOKEN: ${API_TOKEN:-}'],
  ['default inside a longer string', 'scripts/db.sh', 'export DB_URL="${DB_PASSWORD:-x9}@db2"'],
  ['Go code between two raw strings', 'auth.pb.go', '\t\t`Secret:` + fmt.Sprintf("%v", this.Secret) + `,`,'],
  ['php concatenation without spaces', 'src/Console/DbCommand.php', "            'password' => '--password='.$connection['password'],"],
  ['anonymous FTP password', 'includes/class-ftp.php', '\t\t$this->_password="anon@ftp.com";'],
  ['bytes wrapper around a call', 'cmd/main.go', 'var jwtKey = []byte(os.Getenv("JWT_KEY2"))'],
  ['signWith a variable', 'src/Jwt.java', 'Jwts.builder().signWith(SignatureAlgorithm.HS256, secret2).compact();'],
  ['Fernet of a generated key', 'app/crypto.py', 'f = Fernet(Fernet.generate_key())'],
];

describe('assignment parser: look-alikes', () => {
  for (const [what, path, template] of NOT_FOUND) {
    it(what, () => {
      const { text } = fill(template);
      expect(scan(path, text).map((m) => `${m.rule.id}: ${m.secret}`), text).toEqual([]);
    });
  }
});

describe('assignment parser: values', () => {
  it('an unquoted YAML value may hold `=` (not a type annotation)', () => {
    const value = `${PASSWORD.slice(0, 4)}=${PASSWORD.slice(4)}`;
    expect(scan('config/app.yml', `db_password: ${value}`).map((m) => [m.rule.id, m.secret])).toEqual([['generic-password-unquoted', value]]);
  });
  it('a generated salt of random printable characters holding `{Ab2}` is no template (WordPress, Django)', () => {
    const salt = `${SECRET.slice(0, 6)})_+{${SECRET.slice(6, 9)}}[${SECRET.slice(9, 14)}]|=${SECRET.slice(14)}`;
    expect(scan('wp-config.php', `define('SECURE_AUTH_SALT', '${salt}');`).map((m) => [m.rule.id, m.secret])).toEqual([['generic-secret', salt]]);
    // A connection-string template keeps its `{password}`: few symbols.
    expect(scan('src/Db.cs', 'var cs = $"Server={host};Database=app2;User Id={user};Password={password};";')).toEqual([]);
  });
  it('a type annotation still leads to the value', () => {
    expect(scan('app/settings.py', `api_secret: Optional[str] = "${SECRET}"`).map((m) => [m.rule.id, m.secret])).toEqual([['generic-secret', SECRET]]);
  });
});

describe('assignment parser: names', () => {
  it('reads suffixes, camel case and provider prefixes', () => {
    for (const n of ['password_db', 'dbPassword', 'DB_PASS', 'rabbitmqDefaultPass', 'self.password', 'password_confirmation', 'PWD']) {
      expect(classifyName(n), n).toBe('password');
    }
    for (const n of ['apikey_service', 'secretKeyProd', 'HUBSPOT_API_KEY', 'auth_token', 'SALT', 'aesKey', 'Token', 'client-secret', 'PASSWORD_SALT', 'SECRET_SALT', 'NONCE_SALT', 'NONCE_KEY', 'LOGGED_IN_KEY', 'SECURE_AUTH_SALT']) {
      expect(classifyName(n), n).toBe('secret');
    }
  });
  it('leaves names that are about a credential, not the credential', () => {
    for (const n of ['password_hash', 'passwordField', 'token_type', 'TOKEN_URL', 'secret_name', 'api_key_header', 'csrf_token', 'bypass', 'compass', 'password.length', 'PASSWORD_MIN_LENGTH', 'public_key', 'access_key_id', 'next_page_token', 'nonce', 'salt_length', 'password_salt_length', 'logged_in']) {
      expect(classifyName(n), n).toBeNull();
    }
  });
});

describe('assignment parser: long lines stay linear', () => {
  const big = 1 << 20;
  const shapes: [string, string][] = [
    ['one keyword repeated', 'password'.repeat(big / 8)],
    ['unterminated assignments', 'password="a'.repeat(big / 11)],
    ['names without operators', 'db_password_token_secret_'.repeat(big / 25)],
    ['open XML elements', '<password>'.repeat(big / 10)],
    ['call arguments', '("password", '.repeat(big / 13)],
    ['long identifier', `${'a'.repeat(big)}password = "x"`],
    ['spaces', `password${' '.repeat(big)}= "x"`],
  ];
  for (const [what, line] of shapes) {
    it(`${what}: 1 MiB on one line, then a real assignment is still found`, () => {
      const text = `${line}\napi_secret = "${SECRET}"\n`;
      const matches = scan('src/big.txt', text);
      expect(matches.filter((m) => m.secret === SECRET).map((m) => m.rule.id)).toEqual(['generic-secret']);
    });
  }
  it('the parser alone reads a 1 MiB line of assignments, each once', () => {
    const line = `password="${PASSWORD}" `.repeat(Math.floor(big / (PASSWORD.length + 12)));
    const found = findAssignments(line, /pass/gi, false);
    expect(found.length).toBe(Math.floor(big / (PASSWORD.length + 12)));
    expect(new Set(found.map((a) => a.value))).toEqual(new Set([PASSWORD]));
  });
});

describe('literals of letters only', () => {
  const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  it('reads a lowercase word or random mixed-case letters in a password field as a password', () => {
    for (const value of ['terces', 'aditya', 'hGAkWvjFqT']) {
      expect(scan('spec/user_spec.rb', `@user.password = "${value}"\n`).map((m) => m.secret)).toEqual([value]);
    }
  });

  it('reads long random letters as a secret, but not words, field names or autocomplete tokens', () => {
    const token = randomString(20, LETTERS).replace(/^./, 'q').replace(/.$/, 'Z');
    expect(scan('src/app.ts', `const token = "${token}";\n`).map((m) => m.secret)).toEqual([token]);
    for (const text of [
      'invalidSequenceTokenCode  = "InvalidSequenceTokenException"',
      'secret = "MyApplicationSecret"',
      'autocomplete: "current-password"',
      'fields = { password: "new_password" }',
      'password = "password"',
      'token = tokenProvider',
      'const AcquireTokenSilentAsync = "acquireTokenSilentAsync";',
      'const PASSWORD_TOO_WEAK = "passwordTooWeak";',
      'Masterpass = "masterpass"',
      'PassThrough: "PassThrough",',
      'const NativeInteractionClientAcquireTokenRedirect = "nativeInteractionClientAcquireToken";',
      'var r=this.sign(e.secretAccessKey,this.stringToSign()),i="AWS "+e.accessKeyId+":"+r;',
      'SHA256_TOKEN_TO_REFRESH: "token_sha256_to_refresh",',
      "logPhase(framework, 'clean direct test', preflight.ok ? 'pass' : 'incomplete')",
      "if (typeof this.password === 'function') {",
      "packet.writeString('mysql_native_password', 'latin1');",
      "const PREVIEW_ENCRYPTION_KEY = 'previewModeEncryptionKey';",
    ]) {
      expect(scan('src/app.go', `${text}\n`), text).toEqual([]);
    }
  });
});
