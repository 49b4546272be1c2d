// How values are written in source code: literals and their quoting, assignment styles, SDK
// client construction, and ordinary filler code, for TypeScript/JavaScript, Python, Go, Java,
// Ruby, PHP, C# and shell.
import { type Group, type Item, type LangId, type Line, type Piece, type Value, L, pemOneLine } from './pieces.js';
import { type Rng } from './prng.js';

export const snake = (n: string): string => n.toLowerCase();
export const camel = (n: string): string => n.toLowerCase().replace(/[_.-]([a-z0-9])/g, (_, c: string) => c.toUpperCase());
export const pascal = (n: string): string => {
  const c = camel(n);
  return c[0].toUpperCase() + c.slice(1);
};
export const dotted = (n: string): string => n.toLowerCase().replace(/_/g, '.');
export const kebab = (n: string): string => n.toLowerCase().replace(/_/g, '-');

const NOUNS = ['order', 'invoice', 'customer', 'report', 'session', 'payment', 'shipment', 'ticket', 'account', 'metric', 'upload', 'webhook', 'cart', 'profile', 'event'];
const VERBS = ['fetch', 'sync', 'build', 'parse', 'load', 'update', 'resolve', 'render', 'validate', 'export', 'import', 'process'];
export const noun = (r: Rng): string => r.pick(NOUNS);
export const verb = (r: Rng): string => r.pick(VERBS);
const cap = (s: string): string => s[0].toUpperCase() + s.slice(1);

/** A value as a literal (quoted) or an expression, in a code language. */
export function literal(r: Rng, lang: LangId, v: Value): Piece[] {
  if (v.expr) return [v];
  if (v.pem) {
    switch (lang) {
      case 'ts':
      case 'js':
        return r.chance(0.5) ? ['`', v, '`'] : ['"', pemOneLine(v), '"'];
      case 'py':
        return r.chance(0.5) ? ['"""', v, '"""'] : ['"', pemOneLine(v), '"'];
      case 'go':
        return r.chance(0.5) ? ['`', v, '`'] : ['"', pemOneLine(v), '"'];
      case 'cs':
        return r.chance(0.5) ? ['@"', v, '"'] : ['"', pemOneLine(v), '"'];
      case 'sh':
        return r.chance(0.5) ? ['"', v, '"'] : ["$'", pemOneLine(v), "'"];
      default:
        return ['"', pemOneLine(v), '"'];
    }
  }
  const single = (lang === 'py' || lang === 'js' || lang === 'ts' || lang === 'rb' || lang === 'php' || lang === 'sh') && r.chance(0.35);
  return single ? ["'", v, "'"] : ['"', v, '"'];
}

const isSimple = (v: Value): boolean => !v.expr && !v.pem && !v.text.includes('\n');

/** Which SDK snippet a group takes. */
function sdkKey(g: Group): string {
  return g.key;
}

const SECTIONS: Record<string, string> = {
  generic: 'app',
  db: 'database',
  url: 'registry',
  pem: 'signing',
  jwt: 'auth',
  ids: 'tenant',
  build: 'build',
  names: 'service',
  assets: 'ui',
  pki: 'tls',
  iam: 'aws',
  gcp: 'firebase',
  ssh: 'deploy',
  'slack-webhook': 'alerts',
  'discord-webhook': 'notifications',
  'azure-openai': 'azure_openai',
};

/** A realistic name for the config section / object that holds a group. */
export function section(g: Group): string {
  return SECTIONS[g.key] ?? g.key.replace(/-/g, '_');
}

type Sdk = (r: Rng, lit: Piece[][], items: Item[]) => Line[] | null;

const BEARER_APIS: Record<string, string> = {
  openai: 'https://api.openai.com/v1/models',
  groq: 'https://api.groq.com/openai/v1/models',
  mistral: 'https://api.mistral.ai/v1/models',
  openrouter: 'https://openrouter.ai/api/v1/key',
  xai: 'https://api.x.ai/v1/models',
  perplexity: 'https://api.perplexity.ai/chat/completions',
  together: 'https://api.together.xyz/v1/models',
  deepseek: 'https://api.deepseek.com/user/balance',
  huggingface: 'https://huggingface.co/api/whoami-v2',
  github: 'https://api.github.com/user',
  sendgrid: 'https://api.sendgrid.com/v3/scopes',
  jwt: 'https://api.acme.io/v2/orders',
  fireworks: 'https://api.fireworks.ai/inference/v1/models',
  nvidia: 'https://integrate.api.nvidia.com/v1/models',
  cerebras: 'https://api.cerebras.ai/v1/models',
  stability: 'https://api.stability.ai/v1/user/account',
  replicate: 'https://api.replicate.com/v1/account',
  gitlab: 'https://gitlab.com/api/v4/user',
  sentry: 'https://sentry.io/api/0/projects/',
  linear: 'https://api.linear.app/graphql',
  atlassian: 'https://acme.atlassian.net/rest/api/3/myself',
  grafana: 'https://grafana.acme.io/api/user',
};

const TS_SDK: Record<string, Sdk> = {
  openai: (r, [v]) => [L`const openai = new OpenAI({ apiKey: ${v}${r.chance(0.3) ? ', dangerouslyAllowBrowser: true' : ''} });`],
  anthropic: (_r, [v]) => [L`const anthropic = new Anthropic({ apiKey: ${v} });`],
  stripe: (_r, [v]) => [L`const stripe = new Stripe(${v}, { apiVersion: "2024-06-20" });`],
  aws: (_r, [id, secret, region], items) =>
    items.length < 2 ? null : [L`const s3 = new S3Client({`, L`  region: ${region ?? ['"us-east-1"']},`, L`  credentials: {`, L`    accessKeyId: ${id},`, L`    secretAccessKey: ${secret},`, L`  },`, L`});`],
  slack: (_r, [v]) => [L`const slack = new WebClient(${v});`],
  twilio: (_r, [sid, tok], items) => (items.length < 2 ? null : [L`const client = twilio(${sid}, ${tok});`]),
  sendgrid: (_r, [v]) => [L`sgMail.setApiKey(${v});`],
  github: (_r, [v]) => [L`const octokit = new Octokit({ auth: ${v} });`],
  groq: (_r, [v]) => [L`const groq = new Groq({ apiKey: ${v} });`],
  mistral: (_r, [v]) => [L`const mistral = new Mistral({ apiKey: ${v} });`],
  cohere: (_r, [v]) => [L`const cohere = new CohereClient({ token: ${v} });`],
  pinecone: (_r, [v]) => [L`const pc = new Pinecone({ apiKey: ${v} });`],
  telegram: (_r, [v]) => [L`const bot = new Telegraf(${v});`],
  discord: (_r, [v]) => [L`client.login(${v});`],
  replicate: (_r, [v]) => [L`const replicate = new Replicate({ auth: ${v} });`],
  gemini: (_r, [v]) => [L`const genAI = new GoogleGenerativeAI(${v});`],
  db: (_r, [v]) => [L`const pool = new Pool({ connectionString: ${v} });`],
  generic: (r, [v], items) =>
    /PASS/.test(items[0].name) ? [L`const pool = mysql.createPool({ host: "db", user: "app", password: ${v}, database: "${r.pick(['orders', 'app'])}" });`] : [L`const client = new ApiClient({ baseUrl: "https://api.acme.io", apiKey: ${v} });`],
  gcp: (r, [id, key]) => [
    L`admin.initializeApp({`,
    L`  credential: admin.credential.cert({`,
    L`    projectId: "${r.pick(['acme-prod', 'globex-app'])}-${r.int(100000, 999999)}",`,
    L`    clientEmail: "firebase-adminsdk-${r.chars('abcdefghijklmnopqrstuvwxyz0123456789', 5)}@acme-prod.iam.gserviceaccount.com",`,
    L`    privateKeyId: ${id},`,
    L`    privateKey: ${key},`,
    L`  }),`,
    L`});`,
  ],
};

const PY_SDK: Record<string, Sdk> = {
  openai: (_r, [v]) => [L`client = OpenAI(api_key=${v})`],
  anthropic: (_r, [v]) => [L`client = anthropic.Anthropic(api_key=${v})`],
  stripe: (_r, [v]) => [L`stripe.api_key = ${v}`],
  aws: (_r, [id, secret], items) =>
    items.length < 2 ? null : [L`s3 = boto3.client(`, L`    "s3",`, L`    aws_access_key_id=${id},`, L`    aws_secret_access_key=${secret},`, L`)`],
  slack: (_r, [v]) => [L`client = WebClient(token=${v})`],
  twilio: (_r, [sid, tok], items) => (items.length < 2 ? null : [L`client = Client(${sid}, ${tok})`]),
  sendgrid: (_r, [v]) => [L`sg = SendGridAPIClient(${v})`],
  github: (_r, [v]) => [L`gh = Github(auth=Auth.Token(${v}))`],
  groq: (_r, [v]) => [L`client = Groq(api_key=${v})`],
  mistral: (_r, [v]) => [L`client = Mistral(api_key=${v})`],
  cohere: (_r, [v]) => [L`co = cohere.ClientV2(${v})`],
  pinecone: (_r, [v]) => [L`pc = Pinecone(api_key=${v})`],
  huggingface: (_r, [v]) => [L`login(token=${v})`],
  telegram: (_r, [v]) => [L`app = ApplicationBuilder().token(${v}).build()`],
  discord: (_r, [v]) => [L`bot.run(${v})`],
  datadog: (_r, [v], items) => [/APP/.test(items[0].name) ? L`initialize(app_key=${v}, api_host="https://api.datadoghq.eu")` : L`initialize(api_key=${v}, api_host="https://api.datadoghq.com")`],
  replicate: (_r, [v]) => [L`client = replicate.Client(api_token=${v})`],
  gemini: (_r, [v]) => [L`genai.configure(api_key=${v})`],
  together: (_r, [v]) => [L`client = Together(api_key=${v})`],
  deepseek: (_r, [v]) => [L`client = OpenAI(api_key=${v}, base_url="https://api.deepseek.com")`],
  openrouter: (_r, [v]) => [L`client = OpenAI(base_url="https://openrouter.ai/api/v1", api_key=${v})`],
  elevenlabs: (_r, [v]) => [L`client = ElevenLabs(api_key=${v})`],
  langsmith: (_r, [v]) => [L`ls_client = langsmith.Client(api_key=${v})`],
  db: (_r, [v]) => [L`engine = create_engine(${v}, pool_pre_ping=True)`],
  generic: (_r, [v], items) =>
    /PASS/.test(items[0].name) ? [L`conn = psycopg2.connect(host="db", user="app", password=${v}, dbname="app")`] : [L`client = ApiClient(base_url="https://api.acme.io", api_key=${v})`],
};

const GO_SDK: Record<string, Sdk> = {
  openai: (_r, [v]) => [L`client := openai.NewClient(option.WithAPIKey(${v}))`],
  stripe: (_r, [v]) => [L`stripe.Key = ${v}`],
  aws: (_r, [id, secret], items) => (items.length < 2 ? null : [L`creds := credentials.NewStaticCredentialsProvider(${id}, ${secret}, "")`, L`cfg, err := config.LoadDefaultConfig(ctx, config.WithCredentialsProvider(creds))`]),
  slack: (_r, [v]) => [L`api := slack.New(${v})`],
  github: (_r, [v]) => [L`gh := github.NewClient(nil).WithAuthToken(${v})`],
  db: (_r, [v]) => [L`db, err := sql.Open("pgx", ${v})`],
};

const JAVA_SDK: Record<string, Sdk> = {
  openai: (_r, [v]) => [L`OpenAIClient client = OpenAIOkHttpClient.builder().apiKey(${v}).build();`],
  stripe: (_r, [v]) => [L`Stripe.apiKey = ${v};`],
  aws: (_r, [id, secret], items) => (items.length < 2 ? null : [L`AwsBasicCredentials creds = AwsBasicCredentials.create(${id}, ${secret});`]),
  twilio: (_r, [sid, tok], items) => (items.length < 2 ? null : [L`Twilio.init(${sid}, ${tok});`]),
  db: (_r, [v]) => [L`Connection conn = DriverManager.getConnection(${v});`],
};

const RB_SDK: Record<string, Sdk> = {
  openai: (_r, [v]) => [L`client = OpenAI::Client.new(access_token: ${v})`],
  stripe: (_r, [v]) => [L`Stripe.api_key = ${v}`],
  aws: (_r, [id, secret], items) => (items.length < 2 ? null : [L`Aws.config.update(credentials: Aws::Credentials.new(${id}, ${secret}))`]),
  twilio: (_r, [sid, tok], items) => (items.length < 2 ? null : [L`client = Twilio::REST::Client.new(${sid}, ${tok})`]),
  slack: (_r, [v]) => [L`Slack.configure { |config| config.token = ${v} }`],
};

const PHP_SDK: Record<string, Sdk> = {
  openai: (_r, [v]) => [L`$client = OpenAI::client(${v});`],
  stripe: (_r, [v]) => [L`\\Stripe\\Stripe::setApiKey(${v});`],
  aws: (_r, [id, secret], items) =>
    items.length < 2 ? null : [L`$s3 = new S3Client([`, L`    'region' => 'us-east-1',`, L`    'credentials' => ['key' => ${id}, 'secret' => ${secret}],`, L`]);`],
  twilio: (_r, [sid, tok], items) => (items.length < 2 ? null : [L`$twilio = new Client(${sid}, ${tok});`]),
};

const CS_SDK: Record<string, Sdk> = {
  openai: (_r, [v]) => [L`var client = new OpenAIClient(${v});`],
  stripe: (_r, [v]) => [L`StripeConfiguration.ApiKey = ${v};`],
  aws: (_r, [id, secret], items) => (items.length < 2 ? null : [L`var credentials = new BasicAWSCredentials(${id}, ${secret});`]),
  twilio: (_r, [sid, tok], items) => (items.length < 2 ? null : [L`TwilioClient.Init(${sid}, ${tok});`]),
  db: (_r, [v]) => [L`await using var conn = new NpgsqlConnection(${v});`],
};

const SDKS: Partial<Record<LangId, Record<string, Sdk>>> = { ts: TS_SDK, js: TS_SDK, py: PY_SDK, ipynb: PY_SDK, go: GO_SDK, java: JAVA_SDK, rb: RB_SDK, php: PHP_SDK, cs: CS_SDK };

/** curl and git with the token inside a string (shell, Markdown code blocks). */
export function shellUse(r: Rng, g: Group): Line[] | null {
  const key = sdkKey(g);
  const v = g.items.find((i) => i.value.plant || i.value.decoy)?.value;
  if (!v || !isSimple(v)) return null;
  if (key === 'anthropic') return [L`curl https://api.anthropic.com/v1/models \\`, L`  -H "x-api-key: ${v}" \\`, L`  -H "anthropic-version: 2023-06-01"`];
  if (key === 'github' && r.chance(0.4)) return [L`git clone https://x-access-token:${v}@github.com/acme/${r.pick(['infra', 'deploy-scripts'])}.git`];
  if (key === 'datadog') return [L`curl -X GET "https://api.datadoghq.com/api/v1/validate" -H "DD-API-KEY: ${v}"`];
  if (key === 'stripe') return [L`curl https://api.stripe.com/v1/charges -u ${v}:`];
  if (key === 'slack-webhook' || key === 'discord-webhook') return [L`curl -X POST -H 'Content-type: application/json' --data '{"text":"deploy finished"}' ${v}`];
  const url = BEARER_APIS[key];
  if (!url) return null;
  return [L`curl -s ${url} \\`, L`  -H "Authorization: Bearer ${v}"`];
}

/** A group written in a code language: an SDK call or an assignment style. */
export function renderCode(r: Rng, lang: LangId, g: Group): Line[] {
  return inBody(r, lang, renderStatements(r, lang, g));
}

function renderStatements(r: Rng, lang: LangId, g: Group): Line[] {
  const lits = g.items.map((i) => literal(r, lang, i.value));
  const sdk = g.noSdk ? undefined : SDKS[lang]?.[sdkKey(g)];
  if (sdk && r.chance(0.55)) {
    const out = sdk(r, lits, g.items);
    if (out) return out;
  }
  if (lang === 'sh' && !g.noSdk && r.chance(0.4)) {
    const use = shellUse(r, g);
    if (use) return use;
  }
  return assignments(r, lang, g.items, lits, section(g));
}

/** Go, Java and C# statements belong in a function body; declarations stay where they are. */
function inBody(r: Rng, lang: LangId, lines: Line[]): Line[] {
  const first = typeof lines[0]?.[0] === 'string' ? (lines[0][0] as string) : '';
  const strip = (l: Line): Line => (typeof l[0] === 'string' ? [l[0].replace(/^\s+/, ''), ...l.slice(1)] : l);
  if (lang === 'go' && !/^(const|var) /.test(first)) return [[`func ${r.pick(['init', 'setup', 'configure'])}${r.int(1, 99)}() {`], ...lines.map((l) => ['\t', ...strip(l)]), ['}']];
  if (lang === 'java' && !/^\s*private static final/.test(first)) return [[`    void configure${r.int(1, 99)}() {`], ...lines.map((l) => ['        ', ...strip(l)]), ['    }']];
  if (lang === 'cs' && !/^\s*private const/.test(first)) return [[`        public void Configure${r.int(1, 99)}()`], ['        {'], ...lines.map((l) => ['            ', ...strip(l)]), ['        }']];
  return lines;
}

function assignments(r: Rng, lang: LangId, items: Item[], lits: Piece[][], key: string): Line[] {
  const style = r.int(0, 2);
  const each = (fn: (name: string, lit: Piece[]) => Line): Line[] => items.map((it, i) => fn(it.name, lits[i]));
  switch (lang) {
    case 'ts':
    case 'js':
      if (style === 0) return each((n, v) => [`${r.chance(0.5) ? 'export ' : ''}const ${n} = `, ...v, ';']);
      if (style === 1) return [[`export const ${camel(key)}Config = {`], ...each((n, v) => [`  ${camel(n)}: `, ...v, ',']), ['};']];
      return each((n, v) => [`process.env.${n} = `, ...v, ';']);
    case 'py':
    case 'ipynb':
      if (style === 0) return each((n, v) => [`${n} = `, ...v]);
      if (style === 1) return [[`${key.toUpperCase().replace(/-/g, '_')}_CONFIG = {`], ...each((n, v) => [`    "${snake(n)}": `, ...v, ',']), ['}']];
      return r.chance(0.5) ? each((n, v) => [`os.environ["${n}"] = `, ...v]) : [[`class ${pascal(key)}Settings(BaseSettings):`], ...each((n, v) => [`    ${snake(n)}: str = `, ...v])];
    case 'go':
      if (style === 0) return each((n, v) => [`${r.chance(0.5) ? 'const' : 'var'} ${camel(n)} = `, ...v]);
      if (style === 1) return [[`var ${camel(key)}Cfg = Config{`], ...each((n, v) => [`\t${pascal(n)}: `, ...v, ',']), ['}']];
      return each((n, v) => [`os.Setenv("${n}", `, ...v, ')']);
    case 'java':
      if (style === 0 || style === 2) return each((n, v) => [`    private static final String ${n} = `, ...v, ';']);
      return each((n, v) => [`        props.setProperty("${dotted(n)}", `, ...v, ');']);
    case 'rb':
      if (style === 0) return each((n, v) => [`${n} = `, ...v]);
      if (style === 1) return [[`${pascal(key)}.configure do |config|`], ...each((n, v) => [`  config.${snake(n)} = `, ...v]), ['end']];
      return each((n, v) => [`ENV["${n}"] ||= `, ...v]);
    case 'php':
      if (style === 0) return each((n, v) => [`define('${n}', `, ...v, ');']);
      if (style === 1) return [['return ['], ...each((n, v) => [`    '${snake(n)}' => `, ...v, ',']), ['];']];
      return each((n, v) => [`$${camel(n)} = `, ...v, ';']);
    case 'cs':
      if (style === 0) return each((n, v) => [`        private const string ${pascal(n)} = `, ...v, ';']);
      if (style === 1) return each((n, v) => [`        var ${camel(n)} = `, ...v, ';']);
      return each((n, v) => [`        Environment.SetEnvironmentVariable("${n}", `, ...v, ');']);
    case 'sh':
      if (style === 0) return each((n, v) => [`export ${n}=`, ...v]);
      if (style === 1) return each((n, v) => [`${n}=`, ...v]);
      return [[...items.flatMap((it, i) => [`${it.name}=`, ...lits[i], ' ']), `./bin/${r.pick(['deploy', 'migrate', 'worker'])}.sh`]];
    default:
      return each((n, v) => [`${n} = `, ...v]);
  }
}

// --- filler ---------------------------------------------------------------------------------------

export function header(r: Rng, lang: LangId): Line[] {
  switch (lang) {
    case 'ts':
    case 'js':
      return [[`import { ${verb(r)}${cap(noun(r))} } from "./${noun(r)}s${lang === 'ts' ? '' : '.js'}";`], [`import OpenAI from "openai";`], ['import express from "express";'], ['']];
    case 'py':
      return [['"""' + cap(verb(r)) + ' ' + noun(r) + 's from the upstream service."""'], ['import os'], ['import logging'], ['from datetime import datetime, timezone'], [''], ['logger = logging.getLogger(__name__)'], ['']];
    case 'go':
      return [[`package ${noun(r)}`], [''], ['import ('], ['\t"context"'], ['\t"fmt"'], ['\t"os"'], [')'], ['']];
    case 'java':
      return [[`package com.acme.${noun(r)};`], [''], ['import java.util.Properties;'], ['import java.util.List;'], [''], [`public class ${cap(noun(r))}Service {`]];
    case 'rb':
      return [['# frozen_string_literal: true'], [''], ["require 'json'"], ["require 'net/http'"], ['']];
    case 'php':
      return [['<?php'], [''], [`namespace App\\${cap(noun(r))};`], [''], ['use Illuminate\\Support\\Facades\\Http;'], ['']];
    case 'cs':
      return [['using System;'], ['using System.Net.Http;'], [''], [`namespace Acme.${cap(noun(r))}s`], ['{'], [`    public class ${cap(noun(r))}Client`], ['    {']];
    case 'sh':
      return [['#!/usr/bin/env bash'], ['set -euo pipefail'], [''], ['ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"'], ['']];
    default:
      return [];
  }
}

export function footer(lang: LangId): Line[] {
  switch (lang) {
    case 'java':
      return [['}']];
    case 'cs':
      return [['    }'], ['}']];
    default:
      return [];
  }
}

export function filler(r: Rng, lang: LangId): Line[] {
  const n = noun(r);
  const v = verb(r);
  const N = cap(n);
  const id = r.int(2, 500);
  switch (lang) {
    case 'ts':
    case 'js':
      return r.pick([
        () => [`export async function ${v}${N}(id${lang === 'ts' ? ': string' : ''}) {`, `  const res = await fetch(\`\${BASE_URL}/${n}s/\${id}\`);`, `  if (!res.ok) throw new Error(\`${v} ${n} failed: \${res.status}\`);`, `  return res.json();`, '}', ''],
        () => [`// ${cap(v)} ${n}s in batches of ${id} so the upstream rate limit holds.`, `const BATCH_SIZE = ${id};`, `const TIMEOUT_MS = ${r.int(1, 30) * 1000};`, ''],
        () => [`app.get("/api/${n}s/:id", async (req, res) => {`, `  const ${n} = await db.${n}.findUnique({ where: { id: req.params.id } });`, `  if (!${n}) return res.status(404).json({ error: "not found" });`, `  res.json(${n});`, '});', ''],
        () => [`export class ${N}Cache {`, `  private readonly entries = new Map${lang === 'ts' ? `<string, ${N}>` : ''}();`, `  get(key${lang === 'ts' ? ': string' : ''}) {`, '    return this.entries.get(key);', '  }', '}', ''],
        () => [`const ${n}Schema = z.object({`, '  id: z.string().uuid(),', `  name: z.string().min(1).max(${id}),`, '  createdAt: z.coerce.date(),', '});', ''],
      ])().map((s) => [s]);
    case 'py':
    case 'ipynb':
      return r.pick([
        () => [`def ${v}_${n}(${n}_id: str) -> dict:`, `    """${cap(v)} one ${n} by id."""`, `    resp = session.get(f"{BASE_URL}/${n}s/{${n}_id}", timeout=${r.int(5, 30)})`, '    resp.raise_for_status()', '    return resp.json()', '', ''],
        () => [`class ${N}Repository:`, '    def __init__(self, db):', '        self.db = db', '', `    def all(self, limit: int = ${id}):`, `        return self.db.query(${N}).limit(limit).all()`, '', ''],
        () => [`# ${cap(v)} ${n}s older than ${id} days`, `RETENTION_DAYS = ${id}`, `cutoff = datetime.now(timezone.utc).timestamp() - RETENTION_DAYS * 86400`, ''],
        () => ['if __name__ == "__main__":', `    logging.basicConfig(level=logging.INFO)`, `    ${v}_${n}(sys.argv[1])`, ''],
      ])().map((s) => [s]);
    case 'go':
      return r.pick([
        () => [`func ${cap(v)}${N}(ctx context.Context, id string) (*${N}, error) {`, `\tvar out ${N}`, `\tif err := store.Get(ctx, "${n}s/"+id, &out); err != nil {`, `\t\treturn nil, fmt.Errorf("${v} ${n} %s: %w", id, err)`, '\t}', '\treturn &out, nil', '}', ''],
        () => [`type ${N} struct {`, '\tID        string    `json:"id"`', `\tName      string    \`json:"name"\``, '\tCreatedAt time.Time `json:"created_at"`', '}', ''],
        () => [`const max${N}s = ${id}`, ''],
      ])().map((s) => [s]);
    case 'java':
      return r.pick([
        () => [`    public List<${N}> ${v}${N}s(int limit) {`, `        return repository.findAll(PageRequest.of(0, Math.min(limit, ${id})));`, '    }', ''],
        () => [`    private static final int MAX_${n.toUpperCase()}S = ${id};`, ''],
        () => [`    @GetMapping("/${n}s/{id}")`, `    public ResponseEntity<${N}> get(@PathVariable String id) {`, `        return repository.findById(id).map(ResponseEntity::ok).orElse(ResponseEntity.notFound().build());`, '    }', ''],
      ])().map((s) => [s]);
    case 'rb':
      return r.pick([
        () => [`class ${N}sController < ApplicationController`, `  def show`, `    @${n} = ${N}.find(params[:id])`, `    render json: @${n}`, '  end', 'end', ''],
        () => [`def ${v}_${n}(id)`, `  uri = URI("#{BASE_URL}/${n}s/#{id}")`, '  JSON.parse(Net::HTTP.get(uri))', 'end', ''],
      ])().map((s) => [s]);
    case 'php':
      return r.pick([
        () => [`function ${v}${N}(string $id): array`, '{', `    return Http::timeout(${r.int(5, 30)})->get(BASE_URL . "/${n}s/{$id}")->json();`, '}', ''],
        () => [`const MAX_${n.toUpperCase()}S = ${id};`, ''],
      ])().map((s) => [s]);
    case 'cs':
      return r.pick([
        () => [`        public async Task<${N}?> ${cap(v)}Async(string id)`, '        {', `            var response = await _http.GetAsync($"/${n}s/{id}");`, '            response.EnsureSuccessStatusCode();', `            return await response.Content.ReadFromJsonAsync<${N}>();`, '        }', ''],
        () => [`        private const int Max${N}s = ${id};`, ''],
      ])().map((s) => [s]);
    case 'sh':
      return r.pick([
        () => [`${v}_${n}() {`, `  local id="$1"`, `  curl -fsS "\${API_URL}/${n}s/\${id}" | jq '.data'`, '}', ''],
        () => [`echo "==> ${v}ing ${n}s"`, `docker compose -f "$ROOT/docker-compose.yml" run --rm ${n}-worker ${v}`, ''],
        () => ['if [[ -z "${CI:-}" ]]; then', `  echo "running locally, skipping ${n} upload"`, 'fi', ''],
      ])().map((s) => [s]);
    default:
      return [];
  }
}

/** Wrap raw decoy lines in a function body so they sit in plausible code. */
export function wrapLines(r: Rng, lang: LangId, lines: Line[]): Line[] {
  const n = `${verb(r)}${cap(noun(r))}`;
  const ind = (p: string) => lines.map((l) => [p, ...l]);
  switch (lang) {
    case 'ts':
    case 'js':
      return [[`export async function ${n}(req${lang === 'ts' ? ': Request' : ''}) {`], ...ind('  '), ['}'], ['']];
    case 'py':
    case 'ipynb':
      return [[`def ${snake(n.replace(/([A-Z])/g, '_$1'))}(args):`], ...ind('    '), [''], ['']];
    case 'go':
      return [[`func ${n}(cfg *Config) {`], ...ind('\t'), ['}'], ['']];
    case 'java':
      return [[`    void ${n}() {`], ...ind('        '), ['    }'], ['']];
    case 'cs':
      return [[`        public void ${cap(n)}()`], ['        {'], ...ind('            '), ['        }'], ['']];
    case 'rb':
      return [[`def ${snake(n.replace(/([A-Z])/g, '_$1'))}`], ...ind('  '), ['end'], ['']];
    case 'php':
      return [[`function ${n}($request)`], ['{'], ...ind('    '), ['}'], ['']];
    default:
      return [...lines, ['']];
  }
}

export { isSimple };
