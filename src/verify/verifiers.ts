// Which providers keyscan can ask "is this key live?", and how: one documented, read-only request each, to
// the provider's own host. Pure: builds requests and reads answers; verify/run.ts sends them.
import { signAwsRequest } from './sigv4.js';

export type Liveness = 'live' | 'revoked' | 'unknown';

export interface VerifyRequest {
  method: 'GET' | 'POST';
  /** Always on `host` below: verify/run.ts refuses any other. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Answer {
  status: number;
  body: string;
}

export interface Verifier {
  /** The provider's own API host: the only host a key of this kind is ever sent to. */
  host: string;
  /** The documentation of the request, for the reader and the tests. */
  docs: string;
  /** Rule ids this verifier checks. */
  rules: string[];
  /** The request, or a reason it cannot be made (a pair's other half is missing). */
  request(secret: string, context: string): VerifyRequest | string;
  read(answer: Answer): Liveness;
}

const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });
const UA = { 'User-Agent': 'keyscan-verify' };

/** 200 live, 401 revoked; listed extra statuses mean "authenticated, not allowed": the key is live. */
function byStatus(alsoLive: number[] = []): (a: Answer) => Liveness {
  return (a) => (a.status === 200 || alsoLive.includes(a.status) ? 'live' : a.status === 401 ? 'revoked' : 'unknown');
}

function json(body: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(body) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const SLACK_DEAD = new Set(['invalid_auth', 'token_revoked', 'account_inactive', 'token_expired', 'not_authed']);
const TWILIO_SID = /\bAC[0-9a-f]{32}\b/;
const AWS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z2-7]{16}\b/;
const AWS_SECRET = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])/;

export const VERIFIERS: Verifier[] = [
  {
    host: 'api.openai.com',
    docs: 'https://platform.openai.com/docs/api-reference/models/list',
    rules: ['openai-project-key', 'openai-service-account-key', 'openai-user-key', 'openai-api-key'],
    request: (s) => ({ method: 'GET', url: 'https://api.openai.com/v1/models', headers: { ...bearer(s), ...UA } }),
    read: byStatus(),
  },
  {
    host: 'api.openai.com',
    docs: 'https://platform.openai.com/docs/api-reference/administration',
    rules: ['openai-admin-key'],
    request: (s) => ({ method: 'GET', url: 'https://api.openai.com/v1/organization/projects?limit=1', headers: { ...bearer(s), ...UA } }),
    read: byStatus(),
  },
  {
    host: 'api.anthropic.com',
    docs: 'https://docs.anthropic.com/en/api/models-list',
    rules: ['anthropic-api-key'],
    request: (s) => ({ method: 'GET', url: 'https://api.anthropic.com/v1/models?limit=1', headers: { 'x-api-key': s, 'anthropic-version': '2023-06-01', ...UA } }),
    read: byStatus(),
  },
  {
    host: 'api.github.com',
    docs: 'https://docs.github.com/en/rest/rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user',
    rules: ['github-pat-classic', 'github-oauth-token', 'github-user-to-server-token', 'github-installation-token', 'github-fine-grained-pat'],
    request: (s) => ({
      method: 'GET',
      url: 'https://api.github.com/rate_limit',
      headers: { ...bearer(s), Accept: 'application/vnd.github+json', 'X-GitHub-Api-Version': '2022-11-28', ...UA },
    }),
    read: byStatus(),
  },
  {
    host: 'gitlab.com',
    docs: 'https://docs.gitlab.com/api/personal_access_tokens/#get-single-personal-access-token',
    rules: ['gitlab-pat'],
    request: (s) => ({ method: 'GET', url: 'https://gitlab.com/api/v4/personal_access_tokens/self', headers: { 'PRIVATE-TOKEN': s, ...UA } }),
    read: byStatus(),
  },
  {
    host: 'slack.com',
    docs: 'https://api.slack.com/methods/auth.test',
    rules: ['slack-bot-token', 'slack-user-token', 'slack-legacy-workspace-token'],
    request: (s) => ({ method: 'POST', url: 'https://slack.com/api/auth.test', headers: { ...bearer(s), ...UA } }),
    read: (a) => {
      const body = json(a.body);
      if (a.status !== 200 || !body) return 'unknown';
      if (body.ok === true) return 'live';
      return SLACK_DEAD.has(String(body.error)) ? 'revoked' : 'unknown';
    },
  },
  {
    host: 'api.stripe.com',
    docs: 'https://docs.stripe.com/api/balance/balance_retrieve',
    rules: ['stripe-secret-key', 'stripe-test-secret-key', 'stripe-restricted-key', 'stripe-test-restricted-key'],
    request: (s) => ({ method: 'GET', url: 'https://api.stripe.com/v1/balance', headers: { ...bearer(s), ...UA } }),
    // A restricted key without balance access is answered 403: it authenticated, so it is live.
    read: byStatus([403]),
  },
  {
    host: 'registry.npmjs.org',
    docs: 'https://docs.npmjs.com/cli/v10/commands/npm-whoami',
    rules: ['npm-access-token', 'npm-npmrc-auth-token'],
    request: (s) => ({ method: 'GET', url: 'https://registry.npmjs.org/-/whoami', headers: { ...bearer(s), ...UA } }),
    read: byStatus(),
  },
  {
    host: 'huggingface.co',
    docs: 'https://huggingface.co/docs/hub/api#get-apiwhoami-v2',
    rules: ['huggingface-access-token', 'huggingface-org-token'],
    request: (s) => ({ method: 'GET', url: 'https://huggingface.co/api/whoami-v2', headers: { ...bearer(s), ...UA } }),
    read: byStatus(),
  },
  {
    host: 'api.sendgrid.com',
    docs: 'https://www.twilio.com/docs/sendgrid/api-reference/api-key-permissions/retrieve-a-list-of-scopes-for-which-this-user-has-access',
    rules: ['sendgrid-api-key'],
    request: (s) => ({ method: 'GET', url: 'https://api.sendgrid.com/v3/scopes', headers: { ...bearer(s), ...UA } }),
    read: byStatus([403]),
  },
  {
    host: 'api.twilio.com',
    docs: 'https://www.twilio.com/docs/usage/api/account#fetch-an-account-resource',
    rules: ['twilio-auth-token'],
    request: (s, context) => {
      const sid = TWILIO_SID.exec(context)?.[0];
      if (!sid) return 'needs the account SID (AC…) beside the auth token';
      return {
        method: 'GET',
        url: `https://api.twilio.com/2010-04-01/Accounts/${sid}.json`,
        headers: { Authorization: `Basic ${Buffer.from(`${sid}:${s}`).toString('base64')}`, ...UA },
      };
    },
    read: byStatus(),
  },
  {
    host: 'sts.amazonaws.com',
    docs: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html',
    rules: ['aws-secret-access-key', 'aws-access-key-id'],
    request: (s, context) => {
      const keyId = AWS_KEY_ID.test(s) ? s : AWS_KEY_ID.exec(context)?.[0];
      const secret = AWS_KEY_ID.test(s) ? AWS_SECRET.exec(context.replace(s, ''))?.[0] : s;
      if (!keyId || !secret) return 'needs both the access key id and the secret access key';
      if (keyId.startsWith('ASIA')) return 'temporary keys need their session token';
      const body = 'Action=GetCallerIdentity&Version=2011-06-15';
      const headers = signAwsRequest({
        method: 'POST',
        host: 'sts.amazonaws.com',
        path: '/',
        body,
        region: 'us-east-1',
        service: 'sts',
        keyId,
        secret,
        date: new Date(),
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      });
      return { method: 'POST', url: 'https://sts.amazonaws.com/', headers: { ...headers, ...UA }, body };
    },
    // STS answers a bad key id or signature with 403 (InvalidClientTokenId, SignatureDoesNotMatch).
    read: (a) => (a.status === 200 ? 'live' : a.status === 403 && /InvalidClientTokenId|SignatureDoesNotMatch/.test(a.body) ? 'revoked' : 'unknown'),
  },
  {
    host: 'generativelanguage.googleapis.com',
    docs: 'https://ai.google.dev/api/models#method:-models.list',
    rules: ['google-api-key'],
    // Listing models is free and changes nothing. A valid key of a project without this API is answered 403.
    request: (s) => ({ method: 'GET', url: `https://generativelanguage.googleapis.com/v1beta/models?pageSize=1&key=${encodeURIComponent(s)}`, headers: { ...UA } }),
    read: (a) => (a.status === 200 || a.status === 403 ? 'live' : a.status === 400 && /API_KEY_INVALID|API key not valid/.test(a.body) ? 'revoked' : 'unknown'),
  },
];

const BY_RULE = new Map<string, Verifier>();
for (const v of VERIFIERS) for (const r of v.rules) BY_RULE.set(r, v);

export function verifierFor(rule: string): Verifier | undefined {
  return BY_RULE.get(rule);
}
