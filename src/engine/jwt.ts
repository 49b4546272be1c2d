// JSON Web Tokens by structure: decode the header and payload (never verify), tell credentials from
// public ID tokens, name the issuer, and say when a token is weak evidence (expired, unsigned).
// Pure: the current time is passed in.
import { decodeBase64 } from './checksums.js';

export interface ParsedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** No signature: `alg: none`, a trailing dot, or only two segments. */
  unsigned: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function jsonSegment(segment: string): Record<string, unknown> | null {
  const bytes = decodeBase64(segment);
  if (!bytes || bytes.length < 2) return null;
  try {
    const value: unknown = JSON.parse(utf8.decode(bytes));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Header and payload of a JWT in compact form (3 segments, or 2 without a signature); null if it is not one. */
export function parseJwt(token: string): ParsedJwt | null {
  const parts = token.split('.');
  if (parts.length < 2 || parts.length > 3) return null;
  const header = jsonSegment(parts[0]);
  if (!header || typeof header.alg !== 'string') return null;
  const payload = jsonSegment(parts[1]);
  if (!payload) return null;
  const signature = parts[2] ?? '';
  const none = header.alg.toLowerCase() === 'none';
  if (signature.length > 0 && signature.length < 16) return null;
  return { header, payload, unsigned: none || signature.length === 0 };
}

/**
 * An OpenID Connect ID token: it says who signed in, to the client it was issued for (`aud`), bound to
 * one login by `nonce` or to an access token by `at_hash` / `c_hash`. It is meant to be read by that
 * client and is not accepted as an API credential by conforming services, so keyscan treats it as a
 * public identifier (see DECISIONS.md).
 */
export function isIdToken(p: ParsedJwt): boolean {
  const { payload } = p;
  const bound = 'nonce' in payload || 'at_hash' in payload || 'c_hash' in payload;
  return bound && typeof payload.iss === 'string' && (typeof payload.aud === 'string' || Array.isArray(payload.aud)) && typeof payload.sub === 'string';
}

/** Keys meant for browsers: Supabase `anon` and the like. */
export function isPublicRole(p: ParsedJwt): boolean {
  return p.payload.role === 'anon' || p.payload.role === 'public';
}

/** jwt.io's own sample token (John Doe, sub 1234567890) and its look-alikes in tutorials. */
function isSample(p: ParsedJwt): boolean {
  return p.payload.sub === '1234567890' || p.payload.name === 'John Doe';
}

const host = (iss: string): string => {
  try {
    return new URL(iss).hostname;
  } catch {
    return '';
  }
};

/** Issuers that name a provider, by the token's `iss` claim (and `aud` for Firebase custom tokens). */
export const JWT_ISSUERS: Record<string, (iss: string, payload: Record<string, unknown>) => boolean> = {
  // service_role keys are supabase-service-role-key's (critical); this names the rest (user sessions).
  supabase: (iss, payload) => payload.role !== 'service_role' && (iss === 'supabase' || /\.supabase\.co$/.test(host(iss)) || (iss === '' && typeof payload.ref === 'string' && typeof payload.role === 'string')),
  firebase: (iss, payload) =>
    iss.startsWith('https://securetoken.google.com/') ||
    (/^firebase-adminsdk-[\w-]+@[\w-]+\.iam\.gserviceaccount\.com$/.test(iss) && String(payload.aud ?? '').includes('identitytoolkit.googleapis.com')),
  google: (iss) => iss === 'https://accounts.google.com' || iss === 'accounts.google.com' || /\.iam\.gserviceaccount\.com$/.test(iss),
  auth0: (iss) => /(?:^|\.)auth0\.com$/.test(host(iss)),
  okta: (iss) => /(?:^|\.)(?:okta|oktapreview|okta-emea)\.com$/.test(host(iss)),
  azure: (iss) => ['sts.windows.net', 'login.microsoftonline.com', 'login.windows.net'].includes(host(iss)) || /\.ciamlogin\.com$|\.b2clogin\.com$/.test(host(iss)),
  clerk: (iss) => /\.clerk\.accounts\.dev$/.test(host(iss)) || /^clerk\./.test(host(iss)),
  aws: (iss) => /^cognito-idp\.[a-z0-9-]+\.amazonaws\.com$/.test(host(iss)),
  github: (iss) => host(iss) === 'token.actions.githubusercontent.com',
  keycloak: (iss) => /^https?:\/\/[^/]+(?:\/auth)?\/realms\/[^/]+\/?$/.test(iss),
};

/** The provider the token's issuer names, if any. */
export function jwtIssuer(p: ParsedJwt): string | null {
  const iss = typeof p.payload.iss === 'string' ? p.payload.iss : '';
  for (const [provider, test] of Object.entries(JWT_ISSUERS)) if (test(iss, p.payload)) return provider;
  return null;
}

/**
 * A JWT that stands as a credential: not an ID token, not a public role, not a tutorial sample. (A
 * Supabase service_role key is one, reported by its own critical rule.)
 */
export function isCredentialJwt(token: string): boolean {
  const p = parseJwt(token);
  return p !== null && !isIdToken(p) && !isPublicRole(p) && !isSample(p) && p.payload.role !== 'service_role';
}

/** Why a JWT is weak evidence of a usable credential, or null: expired (with `nowSeconds`), or unsigned. */
export function jwtWeakness(token: string, nowSeconds?: number): string | null {
  const p = parseJwt(token);
  if (!p) return null;
  if (p.unsigned) return 'unsigned JWT (alg none or no signature): a server that checks signatures refuses it';
  const exp = p.payload.exp;
  if (nowSeconds !== undefined && typeof exp === 'number' && exp < nowSeconds) return `expired JWT (exp ${new Date(exp * 1000).toISOString().slice(0, 10)})`;
  return null;
}

/** Validators for the JWT rules (engine/validators.ts registers them). */
export const JWT_VALIDATORS: Record<string, (secret: string) => boolean> = {
  'jwt-credential': isCredentialJwt,
  'jwt-id-token': (secret) => {
    const p = parseJwt(secret);
    return p !== null && isIdToken(p);
  },
  ...Object.fromEntries(
    Object.keys(JWT_ISSUERS).map((provider) => [
      `jwt-issuer-${provider}`,
      (secret: string) => {
        const p = parseJwt(secret);
        return p !== null && isCredentialJwt(secret) && jwtIssuer(p) === provider;
      },
    ]),
  ),
};
