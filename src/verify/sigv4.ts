// AWS Signature Version 4, for the one request keyscan sends with an AWS key pair (STS GetCallerIdentity).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html. Pure.
import { createHash, createHmac } from 'node:crypto';

export interface SignInput {
  method: string;
  host: string;
  path: string;
  query?: string;
  body: string;
  region: string;
  service: string;
  keyId: string;
  secret: string;
  date: Date;
  /** Extra headers to sign (lower-case names). */
  headers?: Record<string, string>;
}

const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** `20150830T123600Z` */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** The headers to send: x-amz-date and Authorization (plus the extra signed headers). */
export function signAwsRequest(input: SignInput): Record<string, string> {
  const stamp = amzDate(input.date);
  const day = stamp.slice(0, 8);
  const headers: Record<string, string> = { host: input.host, 'x-amz-date': stamp, ...(input.headers ?? {}) };
  const names = Object.keys(headers)
    .map((n) => n.toLowerCase())
    .sort();
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const canonicalHeaders = names.map((n) => `${n}:${lower[n].trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.join(';');
  const canonical = [input.method, input.path, input.query ?? '', canonicalHeaders, signedHeaders, sha256(input.body)].join('\n');
  const scope = `${day}/${input.region}/${input.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', stamp, scope, sha256(canonical)].join('\n');
  const kDate = hmac(`AWS4${input.secret}`, day);
  const kRegion = hmac(kDate, input.region);
  const kService = hmac(kRegion, input.service);
  const kSigning = hmac(kService, 'aws4_request');
  const signature = createHmac('sha256', kSigning).update(toSign, 'utf8').digest('hex');
  const out: Record<string, string> = { ...(input.headers ?? {}), 'x-amz-date': stamp };
  out.Authorization = `AWS4-HMAC-SHA256 Credential=${input.keyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return out;
}
