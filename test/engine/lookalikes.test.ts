// Placeholders, filler, words and code that generic rules must not report; where a match stands
// (tests, docs, comments, local hosts) lowers its confidence. Values are built here, never real keys.
import { describe, expect, it } from 'vitest';
import { contextReason } from '../../src/engine/place.js';
import { placeReason } from '../../src/findings/path-policy.js';
import { fillerReason, genericValueReason, placeholderReason } from '../../src/engine/placeholders.js';
import { scanFragment } from '../../src/engine/scan.js';
import { codeExpressionReason, looksLikeWords } from '../../src/engine/words.js';
import { builtinRuleSet } from '../../src/rules.js';
import { githubToken, randomString } from '../helpers/fakes.js';

const ruleSet = builtinRuleSet();
const scan = (text: string, path = 'src/app.ts') => scanFragment({ text, path, startLine: 1, origin: 'file' }, ruleSet);

describe('placeholderReason', () => {
  it.each([
    '<user:password>',
    '[PASSWORD]',
    '&lt;YOUR_PASSWORD&gt;',
    'REPLACE_WITH_YOUR_TOKEN',
    'CHANGE_ME_PLEASE',
    'INSERT_TOKEN',
    'ENTER_SECRET_KEY',
    'PUT_KEY_HERE',
    '#{password}',
    '{password}',
    '{db.password}',
    '%(password)s',
    '{{ secret }}',
    '$DB_PASSWORD',
    'randompassword',
    'your_secret',
    'strongpassword1',
    '@DB_PASSWORD@',
    '%DB_PASSWORD%',
    '/disk/:encoded_token',
  ])('%s is a placeholder or interpolation', (v) => {
    expect(placeholderReason(v, v)).not.toBeNull();
  });

  it.each(['abcd1234abcd1234', 'a1b2c3d4e5', '1111', 'qwerty123', 'asdfghjkl', 'abcdef123456', 'zyxw9876', 'xyzxyzxyzxyz'])(
    '%s is filler',
    (v) => {
      expect(fillerReason(v)).not.toBeNull();
    },
  );

  it('keeps random values, scheme-prefixed hashes and real-looking passwords', () => {
    for (let i = 0; i < 200; i++) {
      const v = randomString(24);
      expect(placeholderReason(v, v), v).toBeNull();
    }
    for (const v of ['{SHA}X911av9W8ukKVF1hmnAgeTb27Ng=', 'hunter2pass', 'Tr0ub4dor&3', 'OaeKrW3-5W&xhK=FB4hH']) {
      expect(placeholderReason(v, v), v).toBeNull();
    }
  });
});

describe('words and code', () => {
  it.each(['auth/invalid-api-key', 'your-api-v2-token', 'TOKEN-12345', 'CredentialLoggerInstance', 'projects/x/secrets/x/versions/x'])(
    '%s reads as words',
    (v) => {
      expect(looksLikeWords(v)).toBe(true);
    },
  );

  it('does not read random tokens, hex or UUIDs as words', () => {
    for (let i = 0; i < 200; i++) {
      const v = randomString(20);
      expect(looksLikeWords(v, true), v).toBe(false);
    }
    expect(looksLikeWords('bcd2f1b8-9a78-44d3-8a7a-4dd07d7cf635')).toBe(false);
    expect(looksLikeWords('Marble.Saffron923', true)).toBe(false);
  });

  it('keeps a literal in a password field a password, and drops token values that are words', () => {
    expect(genericValueReason('hunter2pass', 8, 2.8, 'password')).toBeNull();
    expect(genericValueReason('auth/wrong-password', 8, 2.8, 'password')).not.toBeNull();
    expect(genericValueReason('TOKEN-12345', 8, 2.8, 'secret')).not.toBeNull();
    expect(genericValueReason('active_storage/disk#update', 8, 2.8, 'secret')).not.toBeNull();
    expect(genericValueReason('redis://:password@host', 8, 2.8, 'password')).not.toBeNull();
  });

  it.each([
    'Uint8Array',
    'SensitiveString2048',
    'AUTH0_SECRET',
    'config.secret!',
    'fields?.ai21ApiKey',
    'this.#config.DD_API_KEY',
    'AccessToken_1.default',
    'ClientSecret$inboundSchema',
    'Buffer|Uint8Array|Blob|string',
    'r.password,c.host=r.host,c.port=r.port',
    'Hh;E.isAsyncKeyword=WK;E.isAwaitExpression=tD',
    'e.accessToken',
  ])('%s is code, not a literal', (v) => {
    expect(codeExpressionReason(v)).not.toBeNull();
  });

  it('does not read unquoted secrets as code', () => {
    for (let i = 0; i < 200; i++) {
      const v = randomString(32);
      expect(codeExpressionReason(v), v).toBeNull();
    }
    const jwtLike = `eyJhbGciOiJIUzI1NiJ9.${randomString(40)}.${randomString(43)}`;
    expect(codeExpressionReason(jwtLike)).toBeNull();
    expect(codeExpressionReason('OaeKrW3-5W&xhK=FB4hH')).toBeNull();
  });

  it('drops unquoted generic values in source code, keeps them in env files', () => {
    const value = randomString(20);
    expect(scan(`  apiKey: SensitiveString2048;`, 'clients/app.d.ts')).toEqual([]);
    expect(scan(`  client_secret: ${value},`, 'src/app.ts')).toEqual([]);
    expect(scan(`CLIENT_SECRET=${value}`, 'deploy/prod.env').map((m) => m.secret)).toEqual([value]);
  });
});

describe('placeReason', () => {
  it.each([
    't/lib-httpd/passwd',
    'contrib/credential/netrc/test.netrc',
    'pkg/auth/token_test.go',
    'tests/test_client.py',
    'test_settings.py',
    'spec/models/user_spec.rb',
    'src/test/java/com/acme/ClientTest.java',
    'Acme.Tests/ClientTests.cs',
    'src/__tests__/client.ts',
    'src/client.test.ts',
    'internal/testdata/config.json',
    'railties/lib/rails/generators/rails/app/templates/config/database.yml.tt',
    'config/database.yml.example',
    'config/settings.sample.yml',
    '.env.example',
    'docs/setup.md',
    'README.md',
    'apis/iam-2010-05-08.examples.json',
  ])('%s is a low-confidence place', (path) => {
    expect(placeReason(path)).not.toBeNull();
  });

  it.each(['src/client.ts', 'config/database.yml', '.env', 'deploy/prod.env', 'lib/contest.rb', 'src/latest/config.js', 'attestation/keys.go'])(
    '%s is not',
    (path) => {
      expect(placeReason(path)).toBeNull();
    },
  );
});

describe('contextReason', () => {
  it('lowers doc comments, commented examples and local connection strings', () => {
    expect(contextReason(' *     token: "', '",', '', 'src/a.ts')).not.toBeNull();
    expect(contextReason('# DATABASE_URL="postgres://myuser:', '@localhost/somedatabase"', '', 'lib/a.rb')).not.toBeNull();
    expect(contextReason('DATABASE_URL="postgres://myuser:', '@localhost/somedatabase"', '', 'config/a.yml')).not.toBeNull();
    expect(contextReason('For example, `', '`', '', 'src/a.ts')).not.toBeNull();
  });

  it('lowers what a line above introduces as an example, commands aimed at example domains, commented localhost URLs', () => {
    // curl's own help text: `"   Example:\n"` then `"   curl -u user:pw https://example.com\n"`.
    expect(contextReason('"   curl --location-trusted -u user:', ' https://example.com\\n"', '"              Example:\\n"', 'src/tool_hugehelp.c')).not.toBeNull();
    expect(contextReason('curl -u deploy:', ' https://api.example.org/v1', '', 'deploy.sh')).not.toBeNull();
    expect(contextReason('#   url = "postgresql://foo:', '@localhost:9000/foo_test"', '#', 'lib/resolver.rb')).toBe('a connection to a local or example host');
    // The example domain must be the host, not a longer name that merely contains it.
    expect(contextReason('curl -u deploy:', ' https://example.com.acme.io/v1', '', 'deploy.sh')).toBeNull();
    expect(contextReason('curl -u deploy:', ' https://api.acme.io/v1', 'Deploy:', 'deploy.sh')).toBeNull();
  });

  it('drops a word that a vendor rule finds near the provider name', () => {
    expect(scan('static ngx_module_t  ngx_http_geoip_module_ctx = {\n    ngx_http_geoip_add_variables,          /* preconfiguration */\n', 'src/geoip.c')).toEqual([]);
    const key = randomString(16);
    expect(scan(`MAXMIND_LICENSE_KEY=${key}\n`, 'deploy/prod.env').map((m) => m.rule.id)).toContain('maxmind-legacy-license-key');
  });

  it('drops digests named by their algorithm (go.sum h1:, integrity sha512-, image sha256:) and command-line options', () => {
    const digest = Buffer.from(randomString(32)).toString('base64');
    expect(scan(`github.com/hashicorp/consul/api v1.18.0 h1:${digest}\n`, 'go.sum')).toEqual([]);
    expect(scan(`gossip encrypt key h1:${digest}\n`, 'notes.txt')).toEqual([]);
    expect(scan(`consul encrypt key = "${digest}"\n`, 'deploy/consul.hcl').length).toBeGreaterThan(0);
    expect(scan(`'password' => '--password='.$connection['password'],\n`, 'src/DbCommand.php')).toEqual([]);
    expect(scan(`$this->_login="anonymous";\n$this->_password="anon@ftp.com";\n`, 'src/class-ftp.php')).toEqual([]);
    expect(scan('\ts = append(s, "Secret: "+fmt.Sprintf("%#v", this.Secret)+",\\n")\n', 'auth.pb.go')).toEqual([]);
  });

  it('a distinctive key in a doc comment is low; commented-out code keeps it medium', () => {
    const key = githubToken();
    expect(scan(`/**\n * Creates a client.\n *\n * Usage:\n *\n *\n *   new Client({ token: '${key}' })\n */`).map((m) => m.confidence)).toEqual(['low']);
    expect(scan(`// const client = new Client({ token: '${key}' });`).map((m) => m.confidence)).toEqual(['medium']);
  });

  it('lowers a generic password set a few lines below a local host setting', () => {
    const pw = randomString(12);
    expect(scan(`db = {\n  host: "localhost",\n  username: "sa",\n  password: "${pw}",\n}\n`, 'src/init.js').map((m) => m.confidence)).toEqual(['low']);
    expect(scan(`db = {\n  host: "db.acme.io",\n  username: "sa",\n  password: "${pw}",\n}\n`, 'src/init.js').map((m) => m.confidence)).not.toContain('low');
  });

  it('lowers a value a few lines below "For example:" (a code block in a description)', () => {
    const pw = randomString(14);
    const block = (intro: string) => `description: |\n  ${intro}\n  \`\`\`\n  {\n    "registry.acme.io": {\n      "password": "${pw}"\n    }\n`;
    expect(scan(block('The value is an auth object. For example:'), 'api/swagger.yaml').map((m) => m.confidence)).toEqual(['low']);
    expect(scan(block('The value is an auth object.'), 'api/swagger.yaml').map((m) => m.confidence)).not.toContain('low');
    expect(scan(block('The value is an auth object.'), 'api/swagger.yaml')).toHaveLength(1);
  });

  it('keeps live places: code, env files (commented too), remote hosts, CLI flags', () => {
    expect(contextReason('const token = "', '";', '', 'src/a.ts')).toBeNull();
    expect(contextReason('# OPENAI_API_KEY=', '', '', '.env')).toBeNull();
    expect(contextReason('DATABASE_URL="postgres://app:', '@db.internal.acme.io/app"', '', 'config/a.yml')).toBeNull();
    expect(contextReason('  --password ', ' \\', '', 'deploy.sh')).toBeNull();
  });

  it('reports a key in a doc comment with low confidence, in code with its own', () => {
    const key = githubToken();
    const [doc] = scan(`/**\n * @example\n *   new Client({ token: '${key}' })\n */`);
    expect(doc.confidence).toBe('low');
    const [live] = scan(`const client = new Client({ token: '${key}' });`);
    expect(live.confidence).toBe('high');
  });
});

describe('rules scoped by file kind (paths)', () => {
  const b64 = Buffer.from(`deploy:${randomString(16)}`).toString('base64');
  it('reads .npmrc _auth/_password only in npmrc-like files', () => {
    const line = `_auth=${b64}\n`;
    expect(scan(line, '.npmrc').map((m) => m.rule.id)).toEqual(['npm-npmrc-auth']);
    expect(scan(line, 'projects/web/.npmrc').map((m) => m.rule.id)).toEqual(['npm-npmrc-auth']);
    expect(scan(`  opts._auth = "${b64}"\n`, 'lib/client.rb').map((m) => m.rule.id)).not.toContain('npm-npmrc-auth');
    expect(scan(`_password=${b64}\n`, 'src/net.c').map((m) => m.rule.id)).not.toContain('npm-npmrc-password');
  });

  it('reads htpasswd lines outside source code only', () => {
    const line = `admin:{SHA}${Buffer.from(randomString(20)).toString('base64').slice(0, 27)}=\n`;
    expect(scan(line, 'conf/.htpasswd').map((m) => m.rule.id)).toEqual(['htpasswd-sha']);
    expect(scan(line, 'src/auth.rb').map((m) => m.rule.id)).not.toContain('htpasswd-sha');
  });

  it('rejects a rule with a broken paths list', async () => {
    const { compileRule } = await import('../../src/engine/compile.js');
    const spec = { id: 'x-y', provider: 'x', title: 't', description: 'd', severity: 'low' as const, keywords: ['abc'], pattern: '(?<secret>abc\\d+)', examples: [], negative_examples: [] };
    expect(() => compileRule({ ...spec, paths: [] }, 'test', false)).toThrow(/paths/);
    expect(() => compileRule({ ...spec, paths: ['*.{a,b'] }, 'test', false)).toThrow(/paths/);
    expect(compileRule({ ...spec, paths: ['*.npmrc', '!test/**'] }, 'test', false).appliesTo?.('test/x.npmrc')).toBe(false);
  });
});

describe('public identifiers', () => {
  it('does not report a Firebase web config apiKey, but does report a bare Google API key', () => {
    const key = `AIza${randomString(35)}`;
    expect(scan(`const firebaseConfig = {\n  apiKey: "${key}",\n  authDomain: "acme.firebaseapp.com",\n};`)).toEqual([]);
    expect(scan(`GOOGLE_MAPS_KEY=${key}`, 'deploy/prod.env').map((m) => m.rule.id)).toEqual(['google-api-key']);
  });
});
