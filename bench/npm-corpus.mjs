// Real-code noise (not a test): fetch the published code of widely used npm packages with `npm pack`,
// scan it with the built CLI, and print findings per confidence per package. Cloud, AI, payments and
// database SDKs are in the list on purpose: their docs, tests and examples are full of example keys.
// Every high-confidence finding printed at the end is a bug unless it is a real leaked key.
//
//   npm run build && node bench/npm-corpus.mjs [--cache DIR] [--only NAME,…] [--json FILE] [--medium]
//
// Cache: $KEYSCAN_NPM_CORPUS or ~/.cache/keyscan-npm-corpus (tarballs in tgz/, unpacked in src/);
// packages already there are not fetched again. Packages that fail to pack are skipped and listed.
import { execFile } from 'node:child_process';
import { scanAndReport } from './corpus-report.mjs';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const PACKAGES = [
  // cloud
  'aws-sdk', '@aws-sdk/client-s3', '@aws-sdk/client-dynamodb', '@aws-sdk/client-sts', '@aws-sdk/client-lambda',
  '@aws-sdk/client-sqs', '@aws-sdk/client-secrets-manager', '@aws-sdk/credential-providers', '@smithy/signature-v4',
  'aws-amplify', 'firebase', 'firebase-admin', 'firebase-functions', 'google-auth-library', 'googleapis',
  '@google-cloud/storage', '@google-cloud/pubsub', '@google-cloud/firestore', '@google-cloud/bigquery',
  '@google-cloud/secret-manager', '@azure/identity', '@azure/storage-blob', '@azure/keyvault-secrets', '@azure/cosmos',
  '@azure/msal-node', '@azure/service-bus', '@azure/core-auth', '@azure/msal-browser', 'cloudinary', 'minio',
  '@vercel/node', '@netlify/functions', 'cloudflare', 'node-vault', 'serverless',
  // AI
  'openai', '@anthropic-ai/sdk', '@google/generative-ai', '@google/genai', 'langchain', '@langchain/core',
  '@langchain/openai', '@langchain/community', '@langchain/anthropic', 'cohere-ai', 'replicate',
  '@mistralai/mistralai', 'groq-sdk', '@pinecone-database/pinecone', 'ai', '@huggingface/inference', 'ollama',
  // payments and commerce
  'stripe', '@stripe/stripe-js', 'braintree', 'square', 'paypal-rest-sdk', '@paypal/checkout-server-sdk', 'plaid',
  'razorpay', '@adyen/api-library', '@shopify/shopify-api', 'shopify-api-node',
  // messaging, mail, SaaS APIs
  'twilio', '@sendgrid/mail', '@sendgrid/client', 'nodemailer', 'mailgun.js', 'postmark', 'resend',
  '@mailchimp/mailchimp_marketing', '@slack/web-api', '@slack/bolt', 'discord.js', 'telegraf', 'node-telegram-bot-api',
  '@octokit/rest', '@octokit/core', '@octokit/auth-app', '@octokit/webhooks', 'algoliasearch', '@notionhq/client',
  'airtable', '@linear/sdk', '@hubspot/api-client', 'contentful', 'mixpanel', '@segment/analytics-node',
  'posthog-node', '@launchdarkly/node-server-sdk', 'pusher', 'ably', 'twitter-api-v2',
  '@googlemaps/google-maps-services-js', 'dropbox', 'intercom-client', 'node-zendesk', '@vonage/server-sdk',
  'plivo', 'web-push', 'kafkajs', 'amqplib', 'bullmq', 'nats', 'mqtt', 'ssh2', 'basic-ftp',
  // observability
  '@sentry/node', '@sentry/browser', 'dd-trace', 'newrelic', 'winston', 'pino',
  // auth
  'passport', 'passport-jwt', 'passport-local', 'passport-google-oauth20', 'passport-github2', 'passport-oauth2',
  'jsonwebtoken', 'jose', 'bcryptjs', 'crypto-js', 'node-forge', 'jsrsasign', 'simple-oauth2', 'openid-client',
  'next-auth', '@auth/core', 'auth0', '@okta/okta-auth-js', '@okta/jwt-verifier', 'keycloak-connect',
  'express-session', 'cookie-parser', 'oauth',
  // databases and ORMs
  'mongodb', 'mongoose', 'pg', 'pg-promise', 'pg-connection-string', 'mysql', 'mysql2', 'sequelize', 'typeorm',
  'prisma', '@prisma/client', 'knex', 'redis', 'ioredis', 'drizzle-orm', '@mikro-orm/core', 'objection',
  'cassandra-driver', 'neo4j-driver', '@elastic/elasticsearch', '@supabase/supabase-js', '@planetscale/database',
  '@neondatabase/serverless', '@upstash/redis', 'mssql', 'tedious', 'snowflake-sdk', 'connect-redis',
  'connect-mongo', 'mongodb-connection-string-url',
  // web frameworks and everyday libraries
  'axios', 'express', 'koa', 'fastify', '@hapi/hapi', 'next', 'nuxt', 'react', 'react-dom', 'vue', '@angular/core',
  'svelte', 'vite', 'webpack', 'rollup', 'typescript', '@babel/core', 'eslint', 'prettier', 'jest', 'mocha', 'chai',
  'lodash', 'moment', 'dayjs', 'date-fns', 'uuid', 'chalk', 'commander', 'yargs', 'dotenv', 'debug', 'body-parser',
  'cors', 'helmet', 'morgan', 'socket.io', 'ws', 'request', 'node-fetch', 'got', 'superagent', 'graphql',
  '@apollo/server', '@apollo/client', 'nock', 'supertest', 'puppeteer-core', 'playwright-core',
];

function parseArgs(argv) {
  const opts = { cache: process.env.KEYSCAN_NPM_CORPUS ?? join(homedir(), '.cache', 'keyscan-npm-corpus'), only: null, json: null, medium: false, jobs: 6 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--cache') opts.cache = argv[++i];
    else if (a === '--only') opts.only = argv[++i].split(',');
    else if (a === '--json') opts.json = argv[++i];
    else if (a === '--medium') opts.medium = true;
    else if (a === '--jobs') opts.jobs = Number(argv[++i]);
    else throw new Error(`unknown option ${a}`);
  }
  return opts;
}

/** The folder name a package is unpacked to: `@aws-sdk/client-s3` → `@aws-sdk__client-s3`. */
const dirName = (name) => name.replace('/', '__');

async function fetchOne(name, cache) {
  const dest = join(cache, 'src', dirName(name));
  if (existsSync(join(dest, '.complete'))) return null;
  const tgzDir = join(cache, 'tgz', dirName(name));
  rmSync(tgzDir, { recursive: true, force: true });
  mkdirSync(tgzDir, { recursive: true });
  try {
    await run('npm', ['pack', name, '--pack-destination', tgzDir, '--silent', '--ignore-scripts'], { timeout: 180_000, maxBuffer: 1 << 24 });
    const tgz = readdirSync(tgzDir).find((f) => f.endsWith('.tgz'));
    if (!tgz) return 'npm pack wrote no tarball';
    const tmp = `${dest}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    await run('tar', ['-xzf', join(tgzDir, tgz), '-C', tmp, '--strip-components=1', '--no-same-owner'], { timeout: 180_000 });
    writeFileSync(join(tmp, '.complete'), tgz);
    rmSync(dest, { recursive: true, force: true });
    renameSync(tmp, dest);
    return null;
  } catch (err) {
    return String(err.stderr || err.message).trim().split('\n').pop();
  }
}

async function fetchAll(names, cache, jobs) {
  const failed = [];
  let next = 0;
  async function worker() {
    while (next < names.length) {
      const name = names[next++];
      const why = await fetchOne(name, cache);
      if (why) failed.push([name, why]);
    }
  }
  await Promise.all(Array.from({ length: jobs }, worker));
  return failed;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const names = opts.only ?? PACKAGES;
  mkdirSync(join(opts.cache, 'src'), { recursive: true });
  return fetchAll(names, opts.cache, opts.jobs).then((failed) => {
    const present = names.filter((n) => existsSync(join(opts.cache, 'src', dirName(n), '.complete')));
    scanAndReport({ cwd: join(opts.cache, 'src'), units: present.map((n) => ({ dir: dirName(n), name: n })), showMedium: opts.medium, json: opts.json, unit: 'package' });
    if (failed.length > 0) {
      console.log(`\nskipped (npm pack failed, ${failed.length}):`);
      for (const [n, why] of failed) console.log(`  ${n}: ${why}`);
    }
  });
}

main().catch((err) => {
  console.error(err.message);
  process.exitCode = 2;
});
