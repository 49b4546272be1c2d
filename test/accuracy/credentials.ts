// The positives: one spec per credential family. Each spec makes a Group (the values written
// together: a key id and its secret, an SDK call, a carrier file) whose planted values record
// their family. Tier `core` = the families the accuracy gate holds keyscan to; `extended` =
// further formats from FORMATS.md, measured and reported but not gated.
import { b64text, pemText, privateKeyPem, pemCore, type PemKind } from './tokens.js';
import * as t from './tokens.js';
import { type Group, type Item, type LangId, type Tier, type Value, plant, decoy } from './pieces.js';
import { type Rng, HEX, B62, LOWER, DIGITS } from './prng.js';

export interface FamilySpec {
  /** The spec's name; the families it plants are recorded on each value. */
  name: string;
  tier: Tier;
  make(rng: Rng): Group;
}

const NO_PEM_LANGS: LangId[] = ['dockerfile', 'gha', 'ipynb', 'minjs', 'compose'];

function item(name: string, value: Value): Item {
  return { name, value };
}

function one(key: string, family: string, names: string[], gen: (rng: Rng) => string, tier: Tier = 'core', langs?: LangId[]): FamilySpec {
  return {
    name: family,
    tier,
    make: (rng) => ({ key, items: [item(rng.pick(names), plant(gen(rng), family, { tier }))], langs }),
  };
}

function pemValue(rng: Rng, kind: PemKind, family: string, tier: Tier = 'core'): Value {
  const pem = privateKeyPem(rng, kind);
  return { text: pemText(pem), pem, plant: { family, tier, core: [pemCore(pem)], variant: 'multiline' } };
}

/** Percent-encode what RFC 3986 does not allow raw in userinfo. */
export function encodeUserinfo(text: string): string {
  return text.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

const PW_MARK = '\u0001PW\u0001';

/** A connection URI; the finding may be the whole URI, the userinfo or the password alone. */
function connValue(rng: Rng, family: string, build: (user: string, pw: string) => string, opts: { user?: string; query?: boolean } = {}): Value {
  let pw = t.password(rng);
  if (rng.chance(0.15)) pw = pw.slice(0, 4) + rng.pick(['@', ':', '/', '?']) + pw.slice(4);
  const written = opts.query ? encodeURIComponent(pw) : encodeUserinfo(pw);
  const user = opts.user ?? rng.pick(['app', 'postgres', 'admin', 'svc_orders', 'root', 'deploy', 'api_user']);
  const template = build(user, PW_MARK);
  const uri = template.replace(PW_MARK, () => written);
  const decoded = template.replace(PW_MARK, () => pw);
  const core = written === pw ? [pw] : [written, pw];
  return plant(uri, family, { core, within: [decoded], variant: written !== pw ? 'percent-encoded' : undefined });
}

const host = (rng: Rng) =>
  rng.pick(['db.internal', 'localhost', 'postgres', 'prod-db-1.c9akciq32.us-east-1.rds.amazonaws.com', '10.0.3.17', 'pg.acme.io', 'mysql', 'db']);
const dbName = (rng: Rng) => rng.pick(['app', 'orders', 'billing_prod', 'analytics', 'inventory', 'users']);

export const FAMILIES: FamilySpec[] = [
  // --- OpenAI ----------------------------------------------------------------------------------
  one('openai', 'openai-legacy', ['OPENAI_API_KEY', 'OPENAI_KEY', 'OPENAI_SECRET'], (r) => t.openaiKey(r, 'legacy')),
  one('openai', 'openai-project-56', ['OPENAI_API_KEY', 'OPENAI_KEY'], (r) => t.openaiKey(r, 'proj56')),
  one('openai', 'openai-project-132', ['OPENAI_API_KEY', 'OPENAI_TOKEN', 'GPT_API_KEY'], (r) => t.openaiKey(r, 'proj132')),
  one('openai', 'openai-project-164', ['OPENAI_API_KEY', 'OPENAI_KEY', 'LLM_API_KEY'], (r) => t.openaiKey(r, 'proj164')),
  one('openai', 'openai-svcacct', ['OPENAI_API_KEY', 'OPENAI_SERVICE_KEY'], (r) => t.openaiKey(r, r.chance(0.8) ? 'svcacct' : 'named')),
  one('openai', 'openai-admin', ['OPENAI_ADMIN_KEY', 'OPENAI_ADMIN_API_KEY'], (r) => t.openaiKey(r, 'admin')),
  one('openai', 'openai-none', ['OPENAI_API_KEY', 'OPENAI_KEY'], (r) => t.openaiKey(r, 'none')),
  // --- other AI providers (§2) -------------------------------------------------------------------
  one('anthropic', 'anthropic-api', ['ANTHROPIC_API_KEY', 'CLAUDE_API_KEY'], (r) => t.anthropicKey(r)),
  one('anthropic', 'anthropic-admin', ['ANTHROPIC_ADMIN_KEY'], (r) => t.anthropicKey(r, true)),
  one('deepseek', 'deepseek', ['DEEPSEEK_API_KEY'], t.deepseekKey),
  one('openrouter', 'openrouter', ['OPENROUTER_API_KEY', 'OPENROUTER_KEY'], t.openrouterKey),
  one('groq', 'groq', ['GROQ_API_KEY'], t.groqKey),
  one('xai', 'xai', ['XAI_API_KEY', 'GROK_API_KEY'], t.xaiKey),
  one('perplexity', 'perplexity', ['PERPLEXITY_API_KEY', 'PPLX_API_KEY'], t.perplexityKey),
  one('huggingface', 'huggingface', ['HF_TOKEN', 'HUGGINGFACEHUB_API_TOKEN', 'HUGGING_FACE_HUB_TOKEN'], t.hfToken),
  one('huggingface', 'huggingface-org', ['HF_ORG_TOKEN', 'HUGGINGFACE_API_KEY'], t.hfOrgToken),
  one('replicate', 'replicate', ['REPLICATE_API_TOKEN'], t.replicateToken),
  one('gemini', 'google-api-key', ['GEMINI_API_KEY', 'GOOGLE_API_KEY', 'GOOGLE_GENAI_API_KEY'], t.googleApiKey),
  one('mistral', 'mistral', ['MISTRAL_API_KEY'], t.mistralKey),
  one('cohere', 'cohere', ['COHERE_API_KEY', 'CO_API_KEY'], t.cohereKey),
  one('together', 'together', ['TOGETHER_API_KEY'], t.togetherKey),
  one('together', 'together-legacy', ['TOGETHER_API_KEY'], (r) => r.chars(HEX, 64)),
  one('fireworks', 'fireworks', ['FIREWORKS_API_KEY'], t.fireworksKey),
  one('elevenlabs', 'elevenlabs', ['ELEVENLABS_API_KEY', 'ELEVEN_API_KEY'], t.elevenlabsKey),
  one('elevenlabs', 'elevenlabs-legacy', ['ELEVENLABS_API_KEY', 'XI_API_KEY'], (r) => r.chars(HEX, 32)),
  one('langsmith', 'langsmith', ['LANGSMITH_API_KEY', 'LANGCHAIN_API_KEY'], t.langsmithKey),
  one('pinecone', 'pinecone', ['PINECONE_API_KEY'], t.pineconeKey),
  one('pinecone', 'pinecone-legacy', ['PINECONE_API_KEY'], (r) => r.uuid()),
  {
    name: 'azure-openai',
    tier: 'core',
    make: (r) => ({
      key: 'azure-openai',
      items: [
        item('AZURE_OPENAI_ENDPOINT', { text: `https://${r.pick(['acme-prod', 'contoso-ai', 'northwind-gpt'])}.openai.azure.com/` }),
        item(r.pick(['AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_KEY']), plant(r.chars(HEX, 32), 'azure-openai')),
      ],
    }),
  },
  one('nvidia', 'nvidia', ['NVIDIA_API_KEY', 'NGC_API_KEY'], t.nvidiaKey),
  one('cerebras', 'cerebras', ['CEREBRAS_API_KEY'], t.cerebrasKey),
  one('stability', 'stability', ['STABILITY_API_KEY', 'STABILITY_KEY'], t.stabilityKey),
  // --- cloud ------------------------------------------------------------------------------------
  {
    name: 'aws',
    tier: 'core',
    make: (r) => {
      const temp = r.chance(0.15);
      return {
        key: 'aws',
        native: r.chance(0.3) ? 'aws-credentials' : undefined,
        items: [
          item('AWS_ACCESS_KEY_ID', plant(t.awsKeyId(r, temp ? 'ASIA' : 'AKIA'), 'aws-access-key-id')),
          item('AWS_SECRET_ACCESS_KEY', plant(t.awsSecret(r), 'aws-secret-access-key')),
          item('AWS_DEFAULT_REGION', { text: r.pick(['us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-west-2']) }),
        ],
      };
    },
  },
  {
    name: 'gcp-service-account',
    tier: 'core',
    make: (r) => {
      const pem = privateKeyPem(r, 'pkcs8');
      const keyId = r.chars(HEX, 40);
      return {
        key: 'gcp',
        native: r.chance(0.7) ? 'gcp-json' : undefined,
        langs: ['ts', 'js'],
        items: [
          item('PRIVATE_KEY_ID', { text: keyId }),
          item('PRIVATE_KEY', { text: pemText(pem), pem, plant: { family: 'gcp-service-account', tier: 'core', core: [pemCore(pem), keyId] } }),
        ],
      };
    },
  },
  {
    name: 'azure-storage',
    tier: 'core',
    make: (r) => {
      const account = r.pick(['acmeprodstore', 'northwindlogs', 'contosoassets', 'stbackups01']) + r.chars(LOWER + DIGITS, 3);
      const key = t.b64(r.bytes(64));
      const conn = `DefaultEndpointsProtocol=https;AccountName=${account};AccountKey=${key};EndpointSuffix=core.windows.net`;
      return { key: 'azure', items: [item(r.pick(['AZURE_STORAGE_CONNECTION_STRING', 'STORAGE_CONNECTION_STRING', 'BLOB_CONNECTION']), plant(conn, 'azure-storage', { core: [key] }))] };
    },
  },
  // --- source control and registries --------------------------------------------------------------
  one('github', 'github-pat', ['GITHUB_TOKEN', 'GH_TOKEN', 'GITHUB_PAT'], (r) => t.crcToken(r, 'ghp_')),
  one('github', 'github-oauth', ['GITHUB_OAUTH_TOKEN', 'GH_OAUTH_TOKEN'], (r) => t.crcToken(r, 'gho_')),
  one('github', 'github-user-to-server', ['GITHUB_USER_TOKEN', 'GITHUB_TOKEN'], (r) => t.crcToken(r, 'ghu_')),
  one('github', 'github-server-to-server', ['GITHUB_APP_TOKEN', 'GITHUB_INSTALLATION_TOKEN'], (r) => t.crcToken(r, 'ghs_')),
  one('github', 'github-fine-grained', ['GITHUB_TOKEN', 'GH_PAT', 'GITHUB_FG_TOKEN'], t.githubFineGrained),
  one('gitlab', 'gitlab-pat', ['GITLAB_TOKEN', 'GITLAB_PRIVATE_TOKEN', 'CI_PUSH_TOKEN'], t.gitlabClassic),
  one('gitlab', 'gitlab-pat-routable', ['GITLAB_TOKEN', 'GL_TOKEN', 'GITLAB_API_TOKEN'], (r) => t.gitlabRoutable(r)),
  {
    name: 'npm',
    tier: 'core',
    make: (r) => {
      const token = t.crcToken(r, 'npm_');
      if (r.chance(0.4)) return { key: 'npm', native: 'npmrc', langs: [], items: [item('registry.npmjs.org', plant(token, 'npm'))] };
      return { key: 'npm', items: [item(r.pick(['NPM_TOKEN', 'NODE_AUTH_TOKEN', 'NPM_AUTH_TOKEN']), plant(token, 'npm'))] };
    },
  },
  {
    name: 'pypi',
    tier: 'core',
    make: (r) => {
      const token = t.pypiToken(r);
      if (r.chance(0.4)) return { key: 'pypi', native: 'pypirc', langs: [], items: [item('pypi', plant(token, 'pypi'))] };
      return { key: 'pypi', items: [item(r.pick(['PYPI_TOKEN', 'TWINE_PASSWORD', 'PYPI_API_TOKEN']), plant(token, 'pypi'))] };
    },
  },
  // --- chat and messaging -------------------------------------------------------------------------
  one('slack', 'slack-bot', ['SLACK_BOT_TOKEN', 'SLACK_TOKEN'], t.slackBot),
  one('slack', 'slack-user', ['SLACK_USER_TOKEN', 'SLACK_TOKEN'], t.slackUser),
  one('slack', 'slack-app', ['SLACK_APP_TOKEN'], t.slackApp),
  one('slack-webhook', 'slack-webhook', ['SLACK_WEBHOOK_URL', 'SLACK_WEBHOOK', 'ALERTS_WEBHOOK_URL'], t.slackWebhook),
  one('discord', 'discord-bot', ['DISCORD_TOKEN', 'DISCORD_BOT_TOKEN', 'BOT_TOKEN'], t.discordBot),
  one('discord-webhook', 'discord-webhook', ['DISCORD_WEBHOOK_URL', 'DISCORD_WEBHOOK'], t.discordWebhook),
  one('telegram', 'telegram', ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_TOKEN', 'TG_BOT_TOKEN'], t.telegramBot),
  {
    name: 'twilio',
    tier: 'core',
    make: (r) => {
      const apiKey = r.chance(0.35);
      return {
        key: 'twilio',
        items: apiKey
          ? [
              item('TWILIO_API_KEY', decoy(t.twilioSid(r, 'SK'), 'public-id:twilio-sid')),
              item('TWILIO_API_SECRET', plant(r.chars(B62, 32), 'twilio')),
            ]
          : [
              item('TWILIO_ACCOUNT_SID', decoy(t.twilioSid(r), 'public-id:twilio-sid')),
              item('TWILIO_AUTH_TOKEN', plant(r.chars(HEX, 32), 'twilio')),
            ],
      };
    },
  },
  one('sendgrid', 'sendgrid', ['SENDGRID_API_KEY', 'SMTP_PASSWORD', 'EMAIL_API_KEY'], t.sendgridKey),
  // --- payments, SaaS ---------------------------------------------------------------------------------
  one('stripe', 'stripe-secret', ['STRIPE_SECRET_KEY', 'STRIPE_API_KEY', 'STRIPE_KEY'], (r) => t.stripeKey(r, 'sk_live_')),
  one('stripe', 'stripe-restricted', ['STRIPE_RESTRICTED_KEY', 'STRIPE_SECRET_KEY'], (r) => t.stripeKey(r, 'rk_live_')),
  one('shopify', 'shopify', ['SHOPIFY_ACCESS_TOKEN', 'SHOPIFY_ADMIN_API_TOKEN', 'SHOPIFY_API_SECRET'], t.shopifyToken),
  one('atlassian', 'atlassian', ['JIRA_API_TOKEN', 'ATLASSIAN_API_TOKEN', 'CONFLUENCE_TOKEN'], t.atlassianToken),
  one('grafana', 'grafana-service-account', ['GRAFANA_TOKEN', 'GRAFANA_SERVICE_ACCOUNT_TOKEN', 'GF_API_KEY'], t.grafanaToken),
  one('age', 'age-secret-key', ['SOPS_AGE_KEY', 'AGE_SECRET_KEY', 'AGE_KEY'], t.ageSecretKey),
  one('sentry', 'sentry-org', ['SENTRY_AUTH_TOKEN', 'SENTRY_ORG_TOKEN'], t.sentryOrgToken),
  one('sentry', 'sentry-user', ['SENTRY_AUTH_TOKEN', 'SENTRY_TOKEN'], t.sentryUserToken),
  one('datadog', 'datadog-api', ['DD_API_KEY', 'DATADOG_API_KEY'], (r) => r.chars(HEX, 32)),
  one('datadog', 'datadog-app', ['DD_APP_KEY', 'DATADOG_APP_KEY', 'DD_APPLICATION_KEY'], (r) => r.chars(HEX, 40)),
  // --- key material -------------------------------------------------------------------------------------
  ...(['rsa', 'ec', 'openssh', 'pkcs8'] as PemKind[]).map(
    (kind): FamilySpec => ({
      name: `private-key-${kind}`,
      tier: 'core',
      make: (r) => ({
        key: 'pem',
        native: r.chance(0.35) ? 'pem-file' : undefined,
        langs: ['ts', 'js', 'py', 'go', 'java', 'rb', 'php', 'cs', 'sh', 'env', 'k8s', 'yaml', 'json', 'tf', 'md', 'properties'].filter(
          (l) => !NO_PEM_LANGS.includes(l as LangId),
        ) as LangId[],
        items: [item(r.pick(['PRIVATE_KEY', 'SSH_PRIVATE_KEY', 'JWT_PRIVATE_KEY', 'TLS_KEY', 'SIGNING_KEY', 'DEPLOY_KEY']), pemValue(r, kind, `private-key-${kind}`))],
      }),
    }),
  ),
  // --- connection strings and carriers ------------------------------------------------------------
  {
    name: 'conn-postgres',
    tier: 'core',
    make: (r) => ({
      key: 'db',
      items: [item(r.pick(['DATABASE_URL', 'POSTGRES_URL', 'DB_URL', 'PG_CONNECTION_STRING']), connValue(r, 'conn-postgres', (u, p) => `${r.pick(['postgres', 'postgresql'])}://${u}:${p}@${host(r)}:5432/${dbName(r)}${r.chance(0.3) ? '?sslmode=require' : ''}`))],
    }),
  },
  {
    name: 'conn-mysql',
    tier: 'core',
    make: (r) => ({ key: 'db', items: [item(r.pick(['MYSQL_URL', 'DATABASE_URL', 'DB_DSN']), connValue(r, 'conn-mysql', (u, p) => `mysql://${u}:${p}@${host(r)}:3306/${dbName(r)}`))] }),
  },
  {
    name: 'conn-mongodb',
    tier: 'core',
    make: (r) => ({
      key: 'db',
      items: [item(r.pick(['MONGODB_URI', 'MONGO_URL', 'DATABASE_URL']), connValue(r, 'conn-mongodb', (u, p) => r.chance(0.6) ? `mongodb+srv://${u}:${p}@cluster0.${r.chars(LOWER + DIGITS, 5)}.mongodb.net/${dbName(r)}?retryWrites=true&w=majority` : `mongodb://${u}:${p}@mongo-0.mongo:27017,mongo-1.mongo:27017/${dbName(r)}?replicaSet=rs0&authSource=admin`))],
    }),
  },
  {
    name: 'conn-redis',
    tier: 'core',
    make: (r) => ({ key: 'db', items: [item(r.pick(['REDIS_URL', 'CACHE_URL', 'CELERY_BROKER_URL']), connValue(r, 'conn-redis', (_u, p) => `${r.pick(['redis', 'rediss'])}://${r.chance(0.5) ? '' : 'default'}:${p}@${r.pick(['redis', 'cache.internal', 'redis-master.svc.cluster.local'])}:6379/${r.int(0, 3)}`, { user: '' }))] }),
  },
  {
    name: 'conn-amqp',
    tier: 'core',
    make: (r) => ({ key: 'db', items: [item(r.pick(['AMQP_URL', 'RABBITMQ_URL', 'BROKER_URL']), connValue(r, 'conn-amqp', (u, p) => `${r.pick(['amqp', 'amqps'])}://${u}:${p}@${r.pick(['rabbitmq', 'mq.internal', 'b-1234.mq.us-east-1.amazonaws.com'])}:5672/${r.pick(['', '%2F', 'orders'])}`))] }),
  },
  {
    name: 'conn-jdbc',
    tier: 'core',
    make: (r) => ({
      key: 'db',
      items: [item(r.pick(['JDBC_URL', 'SPRING_DATASOURCE_URL', 'DB_JDBC_URL']), connValue(r, 'conn-jdbc', (u, p) => r.chance(0.5) ? `jdbc:postgresql://${host(r)}:5432/${dbName(r)}?user=${u}&password=${p}` : `jdbc:mysql://${host(r)}:3306/${dbName(r)}?user=${u}&password=${p}&useSSL=true`, { query: true }))],
    }),
  },
  {
    name: 'basic-auth-url',
    tier: 'core',
    make: (r) => {
      const kind = r.int(0, 3);
      const native = kind === 0 && r.chance(0.4);
      const cred = kind === 0 ? t.crcToken(r, r.pick(['ghp_', 'ghs_'])) : kind === 1 ? t.gitlabClassic(r) : t.password(r);
      const written = encodeUserinfo(cred);
      const url =
        kind === 0
          ? `https://${r.pick(['x-access-token', 'oauth2', 'ci-bot'])}:${written}@github.com/${r.pick(['acme', 'globex'])}/${r.pick(['infra', 'api', 'web'])}.git`
          : kind === 1
            ? `https://oauth2:${written}@gitlab.com/${r.pick(['acme', 'globex'])}/${r.pick(['platform', 'api'])}.git`
            : `https://${r.pick(['deploy', 'jenkins', 'admin', 'pip'])}:${written}@${r.pick(['nexus.acme.io/repository/pypi/simple', 'registry.internal:5000', 'artifactory.corp.net/api/npm/npm-virtual', 'jenkins.acme.io'])}`;
      return { key: 'url', native: native ? 'git-credentials' : undefined, items: [item(r.pick(['GIT_REMOTE', 'REPO_URL', 'PIP_INDEX_URL', 'REGISTRY_URL']), plant(url, 'basic-auth-url', { core: [written, cred] }))] };
    },
  },
  {
    name: 'npmrc-auth',
    tier: 'core',
    make: (r) => {
      const kind = r.int(0, 2);
      const user = r.pick(['ci', 'deploy', 'build']);
      const pw = t.password(r);
      const value =
        kind === 0 ? plant(r.uuid(), 'npmrc-auth', { variant: 'legacy-uuid' })
        : kind === 1 ? plant(t.crcToken(r, 'ghp_'), 'npmrc-auth', { variant: 'github-packages' })
        : plant(b64text(`${user}:${pw}`), 'npmrc-auth', { variant: '_auth', core: [b64text(`${user}:${pw}`), pw], within: [`${user}:${pw}`] });
      return { key: 'npmrc', native: 'npmrc', langs: [], items: [item(kind === 2 ? '_auth' : kind === 1 ? 'npm.pkg.github.com' : 'registry.npmjs.org', value)] };
    },
  },
  {
    name: 'docker-config-auth',
    tier: 'core',
    make: (r) => {
      const user = r.pick(['ci-bot', 'deploy', 'acme']);
      const pw = r.chance(0.5) ? t.password(r) : `dckr_pat_${r.chars(t.B64URL, 27)}`;
      const auth = b64text(`${user}:${pw}`);
      return { key: 'docker', native: 'docker-config', langs: [], items: [item(r.pick(['https://index.docker.io/v1/', 'ghcr.io', 'registry.gitlab.com', '123456789012.dkr.ecr.us-east-1.amazonaws.com']), plant(auth, 'docker-config-auth', { core: [auth, pw], within: [`${user}:${pw}`] }))] };
    },
  },
  {
    name: 'netrc',
    tier: 'core',
    make: (r) => {
      const pw = r.chance(0.4) ? t.crcToken(r, 'ghp_') : r.chance(0.5) ? r.uuid() : t.password(r);
      return { key: 'netrc', native: 'netrc', langs: [], items: [item(r.pick(['github.com', 'api.heroku.com', 'git.acme.io', 'ftp.example.net']), plant(pw, 'netrc'))] };
    },
  },
  one('jwt', 'jwt', ['ACCESS_TOKEN', 'AUTH_TOKEN', 'API_TOKEN', 'BEARER_TOKEN', 'SERVICE_TOKEN'], t.userJwt),
  one('generic', 'generic-password', ['DB_PASSWORD', 'PASSWORD', 'POSTGRES_PASSWORD', 'MYSQL_ROOT_PASSWORD', 'REDIS_PASSWORD', 'SMTP_PASSWORD', 'ADMIN_PASSWORD', 'LDAP_BIND_PASSWORD', 'KEYSTORE_PASSWORD', 'RABBITMQ_DEFAULT_PASS', 'DB_PASS'], t.password),
  one('generic', 'generic-secret', ['API_KEY', 'CLIENT_SECRET', 'SECRET_KEY', 'APP_SECRET', 'WEBHOOK_SECRET', 'JWT_SECRET', 'SESSION_SECRET', 'ENCRYPTION_KEY', 'HUBSPOT_API_KEY', 'ZENDESK_API_TOKEN', 'ALGOLIA_ADMIN_KEY', 'MAILJET_SECRET_KEY', 'CLOUDINARY_API_SECRET', 'PUSHER_APP_SECRET'], t.genericSecret),
  // --- extended: measured, not gated -------------------------------------------------------------------
  one('anthropic', 'anthropic-session', ['CLAUDE_SESSION_KEY'], t.anthropicSession, 'extended'),
  one('anthropic', 'anthropic-oauth', ['CLAUDE_CODE_OAUTH_TOKEN'], t.anthropicOauth, 'extended'),
  one('openai', 'openai-session', ['OPENAI_SESSION_KEY'], t.openaiSession, 'extended'),
  one('digitalocean', 'digitalocean', ['DIGITALOCEAN_TOKEN', 'DO_API_TOKEN'], (r) => `${r.pick(['dop', 'doo'])}_v1_${r.chars(HEX, 64)}`, 'extended'),
  one('heroku', 'heroku', ['HEROKU_API_KEY'], (r) => `HRKU-AA${r.chars(t.B64URL, 58)}`, 'extended'),
  one('databricks', 'databricks', ['DATABRICKS_TOKEN'], (r) => `dapi${r.chars(HEX, 32)}${r.chance(0.3) ? `-${r.int(1, 9)}` : ''}`, 'extended'),
  one('doppler', 'doppler', ['DOPPLER_TOKEN'], (r) => `dp.${r.pick(['pt', 'st', 'ct', 'sa'])}.${r.chars(B62, 43)}`, 'extended'),
  one('vault', 'vault', ['VAULT_TOKEN'], (r) => `hvs.${r.chars(t.B64URL, 90)}`, 'extended'),
  one('linear', 'linear', ['LINEAR_API_KEY'], (r) => `lin_api_${r.chars(B62, 40)}`, 'extended'),
  one('notion', 'notion', ['NOTION_TOKEN', 'NOTION_API_KEY'], (r) => `ntn_${r.digits(11)}${r.chars(B62, 35)}`, 'extended'),
  one('postman', 'postman', ['POSTMAN_API_KEY'], (r) => `PMAK-${r.chars(HEX, 24)}-${r.chars(HEX, 34)}`, 'extended'),
  one('supabase', 'supabase-pat', ['SUPABASE_ACCESS_TOKEN'], (r) => `sbp_${r.chars(HEX, 40)}`, 'extended'),
  one('supabase', 'supabase-service-role', ['SUPABASE_SERVICE_ROLE_KEY'], (r) => t.supabaseJwt(r, 'service_role', r.chars(LOWER, 20)), 'extended'),
  one('mailchimp', 'mailchimp', ['MAILCHIMP_API_KEY'], (r) => `${r.chars(HEX, 32)}-us${r.int(1, 21)}`, 'extended'),
  one('newrelic', 'newrelic', ['NEW_RELIC_API_KEY'], (r) => `NRAK-${r.chars(t.UPPER + DIGITS, 27)}`, 'extended'),
  one('dockerhub', 'dockerhub', ['DOCKERHUB_TOKEN', 'DOCKER_PASSWORD'], (r) => `dckr_pat_${r.chars(t.B64URL, 27)}`, 'extended'),
  one('bitbucket', 'bitbucket', ['BITBUCKET_APP_PASSWORD'], t.bitbucketToken, 'extended'),
  one('google-oauth', 'google-oauth-secret', ['GOOGLE_CLIENT_SECRET'], (r) => `GOCSPX-${r.chars(t.B64URL, 28)}`, 'extended'),
  {
    name: 'private-key-b64',
    tier: 'extended',
    make: (r) => {
      const pem = privateKeyPem(r, r.pick(['rsa', 'ec'] as PemKind[]));
      const wrapped = b64text(`${pemText(pem)}\n`);
      return { key: 'kube', native: 'kubeconfig', langs: [], items: [item('client-key-data', plant(wrapped, 'private-key-b64', { tier: 'extended' }))] };
    },
  },
];

export const CORE_FAMILIES = FAMILIES.filter((f) => f.tier === 'core');
export const EXTENDED_FAMILIES = FAMILIES.filter((f) => f.tier === 'extended');
