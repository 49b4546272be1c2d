// The negatives (FORMATS.md §5): placeholders, variable references, masked echoes, vendor
// documentation keys, checksum-invalid tokens, hashes and ids, encoded blobs, CSS class names and
// slugs, public identifiers, and password-shaped code that holds no password. Each maker writes
// one look-alike in the syntax of the language it is given.
import { b64, b64urlText } from './encoding.js';
import { type Group, type LangId, type Line, type Value, L, decoy, raw } from './pieces.js';
import { B32, B62, B64, B64URL, HEX, LOWER, DIGITS, UPPER, type Rng } from './prng.js';
import * as t from './tokens.js';
import { FORM_DECOYS } from './lookalikes-forms.js';
import { SHAPE_DECOYS } from './lookalikes-shapes.js';

export type DecoyOut = Group | Line[];

export interface DecoyMaker {
  kind: string;
  /** null when the look-alike has no natural form in this language. */
  make(rng: Rng, lang: LangId): DecoyOut | null;
}

const CODE: LangId[] = ['ts', 'js', 'py', 'go', 'java', 'rb', 'php', 'cs', 'sh', 'ipynb'];

/** The provider a variable name belongs to (OPENAI_API_KEY → openai), for SDK calls and sections. */
export function providerOf(name: string): string {
  if (/PASS/.test(name) || ['API_KEY', 'JWT_SECRET'].includes(name)) return 'generic';
  if (name === 'DATABASE_URL') return 'db';
  const first = name.split('_')[0].toLowerCase();
  const alias: Record<string, string> = { hf: 'huggingface', jira: 'atlassian', sops: 'age', dd: 'datadog', next: 'stripe', gh: 'github' };
  return alias[first] ?? first;
}

/** A look-alike group; its key is taken from the variable name, like a real credential's. */
function group(_kind: string, ...items: [string, Value][]): Group {
  const publicId = items.some(([, v]) => v.decoy?.kind.startsWith('public-id'));
  return { key: providerOf(items[items.length - 1][0]), items: items.map(([name, value]) => ({ name, value })), noSdk: publicId || undefined };
}

/** How each language reads an environment variable (or template variable). */
export function envRef(rng: Rng, lang: LangId, name: string): Value | null {
  const lower = name.toLowerCase();
  const camel = lower.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const pick = (options: [string, boolean][]): Value => {
    const [text, isExpr] = rng.pick(options);
    return decoy(text, 'env-reference', isExpr);
  };
  switch (lang) {
    case 'ts':
    case 'js':
      return pick([[`process.env.${name}`, true], [`process.env["${name}"]`, true], [`import.meta.env.VITE_${name}`, true], [`Deno.env.get("${name}")`, true]]);
    case 'py':
    case 'ipynb':
      return pick([[`os.environ["${name}"]`, true], [`os.getenv("${name}")`, true], [`os.environ.get("${name}", "")`, true], [`config("${name}")`, true]]);
    case 'go':
      return pick([[`os.Getenv("${name}")`, true]]);
    case 'java':
      return pick([[`System.getenv("${name}")`, true], [`env.getProperty("${lower.replace(/_/g, '.')}")`, true]]);
    case 'rb':
      return pick([[`ENV["${name}"]`, true], [`ENV.fetch("${name}")`, true], [`Rails.application.credentials.${lower}`, true]]);
    case 'php':
      return pick([[`getenv('${name}')`, true], [`$_ENV['${name}']`, true], [`env('${name}')`, true]]);
    case 'cs':
      return pick([[`Environment.GetEnvironmentVariable("${name}")`, true], [`configuration["${camel}"]`, true]]);
    case 'sh':
      return pick([[`"$${name}"`, true], [`"\${${name}}"`, true], [`"\${${name}:?missing}"`, true]]);
    case 'env':
    case 'compose':
    case 'properties':
      return pick([[`\${${name}}`, false], [`\${${name}:-}`, false]]);
    case 'dockerfile':
      return pick([[`\${${name}}`, false], [`$${name}`, false]]);
    case 'gha':
      return pick([[`\${{ secrets.${name} }}`, false], [`\${{ vars.${name} }}`, false], [`\${{ env.${name} }}`, false]]);
    case 'k8s':
      return pick([[`{{ .Values.${camel} }}`, false], [`{{ .Values.secrets.${camel} | quote }}`, true], [`{{ required "set ${camel}" .Values.${camel} }}`, false]]);
    case 'yaml':
      return pick([[`{{ vault_${lower} }}`, false], [`\${${name}}`, false], [`%{hiera('${lower}')}`, false]]);
    case 'json':
      return pick([[`\${${name}}`, false], [`{{${camel}}}`, false]]);
    case 'tf':
      return pick([[`var.${lower}`, true], [`data.aws_ssm_parameter.${lower}.value`, true], [`\${var.${lower}}`, false]]);
    case 'ini':
      return pick([[`%(${lower})s`, false], [`%${name}%`, false], [`\${${name}}`, false]]);
    case 'md':
      return pick([[`$${name}`, false], [`<${name}>`, false]]);
    default:
      return null;
  }
}

const PLACEHOLDER_NAMES: [string, string[]][] = [
  ['OPENAI_API_KEY', ['sk-...', 'sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'sk-proj-...', 'sk-proj-****', 'sk-your-key-here', 'YOUR_OPENAI_API_KEY']],
  ['ANTHROPIC_API_KEY', ['sk-ant-...', 'sk-ant-api03-xxxxxxxx', '<your-anthropic-key>']],
  ['GITHUB_TOKEN', ['ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'ghp_...', '<github-token>', 'github_pat_...']],
  ['STRIPE_SECRET_KEY', ['sk_live_...', 'sk_live_xxxxxxxxxxxxxxxxxxxxxxxx', 'sk_test_...', '<stripe-secret>']],
  ['AWS_SECRET_ACCESS_KEY', ['YOUR_SECRET_ACCESS_KEY', '<aws-secret>', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'REPLACE_ME']],
  ['AWS_ACCESS_KEY_ID', ['AKIAXXXXXXXXXXXXXXXX', 'YOUR_ACCESS_KEY_ID', '<access-key-id>']],
  ['SLACK_BOT_TOKEN', ['xoxb-your-token', 'xoxb-...', 'xoxb-XXXXXXXXXXXX-XXXXXXXXXXXX-XXXXXXXXXXXXXXXXXXXXXXXX']],
  ['DB_PASSWORD', ['changeme', 'password', '<password>', '********', 'CHANGE_ME', 'your-password-here', 'secret']],
  ['API_KEY', ['YOUR_API_KEY', 'your-api-key-here', '<your-key>', '<API_KEY>', '[REDACTED]', 'REDACTED', 'dummy', 'TODO', 'null', 'xxx', 'test', 'fake']],
  ['SENDGRID_API_KEY', ['SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'SG.your-key']],
  ['HF_TOKEN', ['hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'hf_...', '<hf-token>']],
  ['JWT_SECRET', ['change-this-in-production', 'your-jwt-secret', 'REDACTED']],
];

const PROVIDER_NAMES = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GITHUB_TOKEN', 'STRIPE_SECRET_KEY', 'AWS_SECRET_ACCESS_KEY', 'SLACK_BOT_TOKEN', 'DB_PASSWORD', 'SENDGRID_API_KEY', 'DATABASE_URL', 'API_KEY', 'GROQ_API_KEY', 'DD_API_KEY', 'TWILIO_AUTH_TOKEN', 'MISTRAL_API_KEY', 'COHERE_API_KEY', 'NPM_TOKEN'];

function fresh(rng: Rng): { name: string; token: string; prefix: string } {
  return rng.pick([
    () => ({ name: 'OPENAI_API_KEY', token: t.openaiKey(rng, 'proj164'), prefix: 'sk-proj-' }),
    () => ({ name: 'OPENAI_API_KEY', token: t.openaiKey(rng, 'legacy'), prefix: 'sk-' }),
    () => ({ name: 'GITHUB_TOKEN', token: t.crcToken(rng, 'ghp_'), prefix: 'ghp_' }),
    () => ({ name: 'ANTHROPIC_API_KEY', token: t.anthropicKey(rng), prefix: 'sk-ant-api03-' }),
    () => ({ name: 'STRIPE_SECRET_KEY', token: t.stripeKey(rng, 'sk_live_'), prefix: 'sk_live_' }),
    () => ({ name: 'SLACK_BOT_TOKEN', token: t.slackBot(rng), prefix: 'xoxb-' }),
    () => ({ name: 'AWS_ACCESS_KEY_ID', token: t.awsKeyId(rng), prefix: 'AKIA' }),
    () => ({ name: 'GROQ_API_KEY', token: t.groqKey(rng), prefix: 'gsk_' }),
  ])();
}

function masked(rng: Rng): { name: string; text: string } {
  const { name, token, prefix } = fresh(rng);
  const body = token.slice(prefix.length);
  const last = token.slice(-4);
  const text = rng.pick([
    `${prefix}${body.slice(0, 3)}...${last}`,
    `${prefix}...${last}`,
    `${prefix}****${last}`,
    `${prefix}${body.slice(0, 4)}…${last}`,
    `${prefix}${'*'.repeat(rng.int(8, 24))}${last}`,
    `${token.slice(0, 6)}${'•'.repeat(8)}${last}`,
  ]);
  return { name, text };
}

function logLine(lang: LangId, v: Value): Line[] | null {
  switch (lang) {
    case 'ts':
    case 'js':
      return [L`logger.info(\`using API key ${v}\`);`];
    case 'py':
    case 'ipynb':
      return [L`logger.info("using API key ${v}")`];
    case 'go':
      return [L`log.Printf("using token ${v} for %s", region)`];
    case 'java':
      return [L`log.info("using API key ${v}");`];
    case 'rb':
      return [L`Rails.logger.info("using token ${v}")`];
    case 'php':
      return [L`error_log('using token ${v}');`];
    case 'cs':
      return [L`_logger.LogInformation("Using key ${v}");`];
    case 'sh':
      return [L`echo "using token ${v}"`];
    case 'md':
      return [L`The dashboard shows the key as \`${v}\` after creation; copy it then.`];
    case 'env':
    case 'properties':
    case 'ini':
      return [L`# current key: ${v} (rotated 2024-03)`];
    case 'yaml':
    case 'k8s':
    case 'compose':
    case 'gha':
    case 'dockerfile':
      return [L`# key in use: ${v}`];
    case 'tf':
      return [L`# token ${v} is read from SSM, do not paste it here`];
    case 'json':
      return null;
    default:
      return null;
  }
}

function mutated(rng: Rng): { name: string; token: string; kind: string } {
  return rng.pick([
    () => ({ name: 'GITHUB_TOKEN', token: t.mutate(rng, t.crcToken(rng, rng.pick(['ghp_', 'gho_', 'ghu_', 'ghs_'])), 4, 40, B62), kind: 'checksum-invalid:github' }),
    () => ({ name: 'NPM_TOKEN', token: t.mutate(rng, t.crcToken(rng, 'npm_'), 4, 40, B62), kind: 'checksum-invalid:npm' }),
    () => {
      const tok = t.gitlabRoutable(rng);
      return { name: 'GITLAB_TOKEN', token: t.mutate(rng, tok, 6, tok.indexOf('.'), B62), kind: 'checksum-invalid:gitlab' };
    },
    () => ({ name: 'JIRA_API_TOKEN', token: t.mutate(rng, t.atlassianToken(rng), 12, 183, B62), kind: 'checksum-invalid:atlassian' }),
    () => ({ name: 'GRAFANA_TOKEN', token: t.mutate(rng, t.grafanaToken(rng), 5, 37, B62), kind: 'checksum-invalid:grafana' }),
    () => ({ name: 'SOPS_AGE_KEY', token: t.mutate(rng, t.ageSecretKey(rng), 16, 74, 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L'), kind: 'checksum-invalid:age' }),
  ])();
}

function dataUri(rng: Rng): string {
  const kind = rng.pick(['png', 'jpeg', 'gif', 'woff2', 'svg+xml']);
  const head = { png: '89504e470d0a1a0a0000000d49484452', jpeg: 'ffd8ffe000104a464946', gif: '47494638396101000100', woff2: '774f46320001', 'svg+xml': '' }[kind] ?? '';
  const body =
    kind === 'svg+xml'
      ? b64(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M${rng.int(1, 9)} ${rng.int(1, 9)}h${rng.int(2, 20)}v${rng.int(2, 20)}H${rng.int(1, 9)}z" fill="#${rng.chars(HEX, 6)}"/></svg>`))
      : b64(Buffer.concat([Buffer.from(head, 'hex'), rng.bytes(rng.int(150, 900))]));
  const mime = kind === 'woff2' ? 'font/woff2' : `image/${kind}`;
  return `data:${mime};base64,${body}`;
}

const SLUGS = ['risk-assessment-engine', 'task-scheduler-worker', 'disk-usage-monitor', 'desk-booking-api', 'ask-question-form', 'kiosk-display-service', 'whisk-queue', 'risk-score-v2', 'task-runner-sk-7', 'sk-learn-pipeline'];
const CSS_CLASSES = ['sk-btn-primary', 'sk-card', 'sk-card--elevated', 'sk-spinner', 'sk-modal-header', 'sk-nav-item-active', 'sk-grid-col-12', 'sk-tooltip-arrow', 'sk-skeleton-loader-line'];

function bcrypt(rng: Rng): string {
  return `$2b$${rng.pick(['10', '12'])}$${rng.chars(B62 + './', 53)}`;
}

function passwordCode(rng: Rng, lang: LangId): Line[] | null {
  const hash = () => decoy(bcrypt(rng), 'password-hash');
  const d = (s: string) => decoy(s, 'password-nonsecret', true);
  switch (lang) {
    case 'ts':
    case 'js':
      return rng.pick([
        () => [L`const password = ${d('await getPassword(user.id)')};`],
        () => [L`  password: ${d('process.env.DB_PASSWORD')},`],
        () => [L`const passwordHash = "${hash()}";`],
        () => [L`if (password !== confirmPassword) throw new ValidationError("passwords do not match");`],
        () => [L`<input type="password" name="password" placeholder="Enter your password" />`],
        () => [L`export const PASSWORD_MIN_LENGTH = 12;`, L`const resetPasswordUrl = "/account/reset-password";`],
        () => [L`const { password } = req.body as LoginRequest;`],
      ])();
    case 'py':
    case 'ipynb':
      return rng.pick([
        () => [L`password = ${d('getpass.getpass("Password: ")')}`],
        () => [L`password = ${d('os.environ["DB_PASSWORD"]')}`],
        () => [L`password_hash = "${hash()}"`],
        () => [L`if password != confirm_password:`, L`    raise ValueError("passwords do not match")`],
        () => [L`password = ${d('None')}`],
        () => [L`PASSWORD_FIELD = "password"`, L`password = ${d('args.password')}`],
        () => [L`password = ${d('keyring.get_password("acme", username)')}`],
      ])();
    case 'go':
      return [L`password := ${d('cfg.Database.Password')}`];
    case 'java':
      return rng.pick([() => [L`String password = ${d('vault.read("secret/db").get("password")')};`], () => [L`private static final String PASSWORD_HASH = "${hash()}";`]])();
    case 'rb':
      return rng.pick([() => [L`password = ${d('Rails.application.credentials.dig(:db, :password)')}`], () => [L`user.password_digest = "${hash()}"`]])();
    case 'php':
      return [L`$password = ${d("$request->input('password')")};`];
    case 'cs':
      return [L`var password = ${d('configuration["Database:Password"]')};`];
    case 'sh':
      return [L`read -rsp "Password: " password`];
    case 'env':
      return rng.pick([() => [L`DB_PASSWORD=`], () => [L`DB_PASSWORD=${decoy('${DB_PASS}', 'password-nonsecret')}`], () => [L`ADMIN_PASSWORD_HASH='${hash()}'`]])();
    case 'yaml':
    case 'k8s':
    case 'compose':
      return rng.pick([() => [L`password: ${decoy('${DB_PASS}', 'password-nonsecret')}`], () => [L`password: ""`], () => [L`password_hash: "${hash()}"`], () => [L`passwordPolicy: strong`]])();
    case 'json':
      return null;
    case 'properties':
      return [L`spring.datasource.password=${decoy('${DB_PASSWORD}', 'password-nonsecret')}`];
    case 'ini':
      return [L`password = ${decoy('%(db_password)s', 'password-nonsecret')}`];
    case 'tf':
      return [L`  password = ${d('random_password.db.result')}`];
    case 'md':
      return [L`Set \`password\` to the value printed by \`make show-password\` (never commit it).`];
    default:
      return null;
  }
}

function codePattern(rng: Rng, lang: LangId): Line[] | null {
  const marker = ['T3Bl', 'bkFJ'].join('');
  const re = rng.pick([`^sk-(proj-)?[A-Za-z0-9_-]{20,}${marker}[A-Za-z0-9_-]{20,}$`, '^ghp_[A-Za-z0-9]{36}$', '^AKIA[0-9A-Z]{16}$', '^xox[baprs]-[0-9A-Za-z-]{10,48}$']);
  const v = decoy(re, 'code-pattern');
  switch (lang) {
    case 'ts':
    case 'js':
      return [L`const KEY_PATTERN = /${v}/;`];
    case 'py':
      return [L`KEY_PATTERN = re.compile(r"${v}")`];
    case 'go':
      return [L`var keyPattern = regexp.MustCompile(\`${v}\`)`];
    case 'java':
      return [L`private static final Pattern KEY_PATTERN = Pattern.compile("${v}");`];
    case 'rb':
      return [L`KEY_PATTERN = /${v}/`];
    default:
      return null;
  }
}

/** The AWS documentation pair, assembled from pieces so this file holds no key-shaped literal. */
const AWS_DOC_ID = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
const AWS_DOC_SECRET = ['wJalrXUtnFEMI', '/K7MDENG/', 'bPxRfiCY', 'EXAMPLEKEY'].join('');
const DOC_TOKENS = [
  ['GITHUB_TOKEN', ['ghu_16C7e42F', '292c6912E7710c8', '38347Ae178B4a'].join('')],
  ['SLACK_TOKEN', ['xoxp-', '12345-67890-', '1928471-abcdefg'].join('')],
  ['STRIPE_SECRET_KEY', ['sk_test_', '4eC39HqLyjWDarjtT1zdp7dc'].join('')],
] as const;

const TS_LOOKALIKES = ['let token: TokenType;', 'const apiKey = loadKey("vault/app-2");', 'const password = process.env["DB_PASSWORD"];', 'const token = await client.getToken(2);'];
const ASSIGNMENT_LOOKALIKE_LINES: Partial<Record<LangId, string[]>> = {
  ts: TS_LOOKALIKES,
  js: TS_LOOKALIKES,
  py: ['password_field = "pw-input-2"', 'dsn = "host={host} user={user} password={password}".format(**cfg)', 'password = get_password("svc-2")', 'if password == confirm_password2:'],
  rb: ['put "/disk/:encoded_token" => "active_storage/disk#update"', 'password = ENV["DB_PASSWORD"]', 'errors.add(:password, "is too short (minimum is 8 characters)")'],
  cs: ['var cs = $"Server={host};User Id={user};Password={password};";', 'var password = Environment.GetEnvironmentVariable("DB_PASSWORD");'],
  java: ['// io.jsonwebtoken:jjwt-api:0.11.5', 'String password = System.getenv("DB_PASSWORD");'],
  go: ['password := os.Getenv("DB_PASSWORD")', 'var apiToken string = os.Getenv("API_TOKEN")'],
  php: ["$password = env('DB_PASSWORD');", "$apiKey = getenv('API_KEY');"],
  sh: ['sudo -u postgres psql -c "select 1"', 'curl -u "$USER:$PASSWORD" https://repo.acme.io/api', 'git push -u origin main'],
  yaml: ['password_label: "Enter your password"', 'token_type: Bearer'],
  md: ['Add `implementation "io.jsonwebtoken:jjwt-api:0.11.5"` to build.gradle.', 'Set `password: "Password"` in the locale file.'],
};

export const DECOYS: DecoyMaker[] = [
  {
    kind: 'placeholder',
    make: (r) => {
      const [name, values] = r.pick(PLACEHOLDER_NAMES);
      return group('placeholder', [name, decoy(r.pick(values), 'placeholder')]);
    },
  },
  {
    kind: 'env-reference',
    make: (r, lang) => {
      const name = r.pick(PROVIDER_NAMES);
      const v = envRef(r, lang, name);
      return v ? group('env', [name, v]) : null;
    },
  },
  {
    kind: 'masked',
    make: (r, lang) => {
      const m = masked(r);
      const v = decoy(m.text, 'masked');
      if (lang === 'json' || lang === 'minjs' || r.chance(0.4)) return group('masked', [r.pick([m.name, `${m.name}_PREVIEW`, `${m.name}_MASKED`]), v]);
      return logLine(lang, v);
    },
  },
  {
    kind: 'doc-example',
    make: (r) => {
      switch (r.int(0, 3)) {
        case 0:
          return group('aws', ['AWS_ACCESS_KEY_ID', decoy(AWS_DOC_ID, 'doc-example:aws')], ['AWS_SECRET_ACCESS_KEY', decoy(AWS_DOC_SECRET, 'doc-example:aws')]);
        case 1: {
          // EXAMPLE-containing variants in the documentation style
          const id = `AKIA${r.chars(B32, 9)}EXAMPLE`;
          const secret = `${r.chars(B64, 30)}EXAMPLEKEY`;
          return group('aws', ['AWS_ACCESS_KEY_ID', decoy(id, 'doc-example:aws')], ['AWS_SECRET_ACCESS_KEY', decoy(secret, 'doc-example:aws')]);
        }
        default: {
          const [name, tok] = r.pick(DOC_TOKENS);
          return group('doc', [name, decoy(tok, 'doc-example:vendor')]);
        }
      }
    },
  },
  {
    kind: 'checksum-invalid',
    make: (r) => {
      const m = mutated(r);
      return group('invalid', [m.name, decoy(m.token, m.kind)]);
    },
  },
  {
    kind: 'git-sha',
    make: (r) => group('build', [r.pick(['GIT_SHA', 'COMMIT_SHA', 'BUILD_REVISION', 'SOURCE_VERSION', 'GIT_COMMIT']), decoy(r.chars(HEX, 40), 'git-sha')]),
  },
  {
    kind: 'sha256',
    make: (r) => {
      const h = r.chars(HEX, 64);
      return group('build', [r.pick(['CHECKSUM_SHA256', 'IMAGE_DIGEST', 'EXPECTED_SHA256', 'CONTENT_HASH', 'ARTIFACT_SHA256']), decoy(r.chance(0.4) ? `sha256:${h}` : h, 'sha256')]);
    },
  },
  {
    kind: 'uuid',
    make: (r) => group('ids', [r.pick(['REQUEST_ID', 'TENANT_ID', 'SUBSCRIPTION_ID', 'AZURE_CLIENT_ID', 'CORRELATION_ID', 'PROJECT_ID', 'INSTANCE_ID', 'WORKSPACE_ID']), decoy(r.uuid(), 'uuid')]),
  },
  {
    kind: 'data-uri',
    make: (r, lang) => (lang === 'env' || lang === 'properties' || lang === 'ini' ? null : group('assets', [r.pick(['LOGO_DATA_URI', 'PLACEHOLDER_IMAGE', 'ICON_FONT', 'FAVICON']), decoy(dataUri(r), 'data-uri')])),
  },
  {
    kind: 'css-class',
    make: (r, lang) => {
      const cls = r.sample(CSS_CLASSES, r.int(1, 3)).join(' ');
      if (lang === 'ts' || lang === 'js') return [L`  return <button className="${decoy(cls, 'css-class')}" onClick={onSubmit}>Save</button>;`];
      if (lang === 'md') return [L`<div class="${decoy(cls, 'css-class')}">Preview</div>`];
      if (lang === 'php') return [L`<div class="${decoy(cls, 'css-class')}"><?= htmlspecialchars($title) ?></div>`];
      if (lang === 'minjs') return group('ui', ['CLASS_NAME', decoy(cls, 'css-class')]);
      return null;
    },
  },
  {
    kind: 'slug',
    make: (r) => group('names', [r.pick(['SERVICE_NAME', 'APP_NAME', 'QUEUE_NAME', 'DEPLOYMENT_NAME', 'OTEL_SERVICE_NAME']), decoy(r.pick(SLUGS), 'slug')]),
  },
  {
    kind: 'public-id',
    make: (r) => {
      switch (r.int(0, 9)) {
        case 0:
          return group('stripe', [r.pick(['STRIPE_PUBLISHABLE_KEY', 'NEXT_PUBLIC_STRIPE_KEY']), decoy(`pk_live_${r.chars(B62, r.pick([24, 99]))}`, 'public-id:stripe-pk')]);
        case 1:
          return group('twilio', ['TWILIO_ACCOUNT_SID', decoy(t.twilioSid(r), 'public-id:twilio-sid')]);
        case 2:
          return group('openai', [r.pick(['OPENAI_ORG_ID', 'OPENAI_ORGANIZATION']), decoy(`org-${r.chars(B62, 24)}`, 'public-id:openai-org')]);
        case 3:
          return group('age', [r.pick(['SOPS_AGE_RECIPIENTS', 'AGE_RECIPIENT']), decoy(t.ageRecipient(r), 'public-id:age-recipient')]);
        case 4: {
          const ref = r.chars(LOWER, 20);
          return group('supabase', ['SUPABASE_URL', raw(`https://${ref}.supabase.co`)], [r.pick(['SUPABASE_ANON_KEY', 'NEXT_PUBLIC_SUPABASE_ANON_KEY']), decoy(t.supabaseJwt(r, 'anon', ref), 'public-id:supabase-anon')]);
        }
        case 5:
          return group('google', ['GOOGLE_CLIENT_ID', decoy(`${r.digits(12)}-${r.chars(LOWER + DIGITS, 32)}.apps.googleusercontent.com`, 'public-id:google-client-id')]);
        case 6:
          return group('sentry', ['SENTRY_DSN', decoy(`https://${r.chars(HEX, 32)}@o${r.digits(6)}.ingest.${r.pick(['', 'us.', 'de.'])}sentry.io/${r.digits(7)}`, 'public-id:sentry-dsn')]);
        case 7:
          return group('ssh', [r.pick(['SSH_PUBLIC_KEY', 'DEPLOY_PUBLIC_KEY']), decoy(`ssh-ed25519 ${b64(t.ed25519Public(r))} ${r.pick(['ada@laptop', 'ci@build-01', 'deploy'])}`, 'public-id:ssh-public-key')]);
        case 8:
          return group('mapbox', ['MAPBOX_ACCESS_TOKEN', decoy(`pk.${b64urlText(JSON.stringify({ u: r.pick(['acme', 'globex-maps']), a: r.chars(LOWER + DIGITS, 25) }))}.${r.chars(B64URL, 22)}`, 'public-id:mapbox-pk')]);
        default:
          return group('supabase', ['SUPABASE_PUBLISHABLE_KEY', decoy(`sb_publishable_${r.chars(B64URL, 31)}`, 'public-id:supabase-publishable')]);
      }
    },
  },
  {
    kind: 'public-key',
    make: (r, lang) => {
      if (lang === 'dockerfile' || lang === 'gha' || lang === 'minjs' || lang === 'ipynb' || lang === 'compose' || lang === 'ini') return null;
      const pem = t.publicPem(r, r.pick(['cert', 'pubkey'] as const));
      return group('pki', [r.pick(['TLS_CERT', 'CA_CERT', 'JWT_PUBLIC_KEY', 'SAML_IDP_CERT']), { text: t.pemText(pem), pem, decoy: { kind: pem.begin.includes('CERT') ? 'public-id:certificate' : 'public-id:public-key' } }]);
    },
  },
  {
    kind: 'password-nonsecret',
    make: (r, lang) => passwordCode(r, lang),
  },
  {
    kind: 'code-pattern',
    make: (r, lang) => (CODE.includes(lang) ? codePattern(r, lang) : null),
  },
  {
    // Shapes the generic-assignment parser must not read as credentials (issue 13): coordinates, type
    // names, routes, interpolations, labels, calls, env references (assignments.ts measures them all).
    kind: 'assignment-lookalike',
    make: (r, lang) => {
      const options = ASSIGNMENT_LOOKALIKE_LINES[lang];
      return options ? [[decoy(r.pick(options), 'assignment-lookalike')]] : null;
    },
  },
  {
    kind: 'aws-id',
    make: (r) => group('iam', [r.pick(['AWS_ROLE_ID', 'IAM_USER_ID', 'AWS_POLICY_ID']), decoy(`${r.pick(['AIDA', 'AROA', 'ANPA', 'AGPA'])}${r.chars(UPPER + '234567', 17)}`, 'public-id:aws-unique-id')]),
  },
  ...FORM_DECOYS,
  ...SHAPE_DECOYS,
];

export { bcrypt, dataUri, SLUGS, CSS_CLASSES, masked };
