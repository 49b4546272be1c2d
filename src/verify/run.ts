// `--verify`: send each found key's one read-only request (verify/verifiers.ts) to its provider's own host,
// a few at a time, spaced per host, each with a timeout, each secret asked once per run. The only code in
// keyscan that reaches the network, and only when the user asked for it.
import { KeyscanError } from '../errors.js';
import { verifierFor, type Liveness, type VerifyRequest } from './verifiers.js';

export interface VerifyItem {
  /** Groups findings of one secret: its hash. */
  key: string;
  rule: string;
  secret: string;
  /** Text around the secret (its line and the lines near it): where a pair's other half is looked for. */
  context: string;
}

export interface Verification {
  status: Liveness;
  /** Why the status is unknown, or which host answered. Never holds the secret. */
  detail: string;
}

export interface VerifyOptions {
  timeoutMs?: number;
  concurrency?: number;
  /** Minimum time between two requests to one host. */
  perHostMs?: number;
  /**
   * Tests only: send every request to this loopback origin (http://127.0.0.1:PORT) instead of the provider's
   * host. Set from the KEYSCAN_TEST_VERIFY_ORIGIN environment variable, never from a repository's config;
   * any origin that is not on the loopback address is refused.
   */
  testOrigin?: string;
}

const LOOPBACK = /^http:\/\/(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]|localhost)(?::\d{1,5})?$/;

export function testOriginFrom(env: NodeJS.ProcessEnv): string | undefined {
  const origin = env.KEYSCAN_TEST_VERIFY_ORIGIN;
  if (!origin) return undefined;
  if (!LOOPBACK.test(origin)) throw new KeyscanError('KEYSCAN_TEST_VERIFY_ORIGIN must be an http:// origin on the loopback address');
  return origin;
}

/** The URL the request really goes to: the provider's host, or the loopback test origin. */
function target(req: VerifyRequest, host: string, testOrigin?: string): string {
  const url = new URL(req.url);
  // A verifier can only ever address its own provider's host.
  if (url.protocol !== 'https:' || url.hostname !== host) throw new Error(`verifier for ${host} built a request to another host`);
  return testOrigin ? `${testOrigin}${url.pathname}${url.search}` : url.href;
}

async function send(req: VerifyRequest, url: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  const res = await fetch(url, {
    method: req.method,
    headers: req.headers,
    body: req.body,
    redirect: 'error',
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await res.text()).slice(0, 64 * 1024);
  return { status: res.status, body };
}

/** Verify each distinct secret once; items without a verifier get `unknown`. */
export async function verifySecrets(items: VerifyItem[], options: VerifyOptions = {}): Promise<Map<string, Verification>> {
  const timeoutMs = options.timeoutMs ?? 8000;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const perHostMs = options.perHostMs ?? 250;
  const results = new Map<string, Verification>();
  const nextSlot = new Map<string, number>();
  const queue = [...new Map(items.map((i) => [i.key, i])).values()];

  async function one(item: VerifyItem): Promise<Verification> {
    const verifier = verifierFor(item.rule);
    if (!verifier) return { status: 'unknown', detail: 'keyscan cannot check this kind of key' };
    const req = verifier.request(item.secret, item.context);
    if (typeof req === 'string') return { status: 'unknown', detail: req };
    const url = target(req, verifier.host, options.testOrigin);
    // Space requests to one host: a scan with many keys of one provider must not hammer it.
    const now = Date.now();
    const at = Math.max(now, nextSlot.get(verifier.host) ?? 0);
    nextSlot.set(verifier.host, at + perHostMs);
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
    try {
      const answer = await send(req, url, timeoutMs);
      const status = verifier.read(answer);
      const detail = status === 'unknown' ? `${verifier.host} answered ${answer.status}${answer.status === 429 ? ' (rate limited)' : ''}` : `checked with ${verifier.host}`;
      return { status, detail };
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      const why = e.name === 'TimeoutError' ? `no answer from ${verifier.host} within ${timeoutMs / 1000} s` : `${verifier.host} unreachable (${e.cause?.code ?? e.name})`;
      return { status: 'unknown', detail: why };
    }
  }

  const workers = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
    for (let item = queue.shift(); item; item = queue.shift()) results.set(item.key, await one(item));
  });
  await Promise.all(workers);
  return results;
}
