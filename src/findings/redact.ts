// Redaction: the only form of a secret that leaves the process without --no-redact.

/**
 * Keep the public prefix, two characters after it and the last four: `sk-proj-Ab…9xYz`.
 * Short secrets show less; never more than a third of the secret's own characters.
 */
export function redact(secret: string, prefix = ''): string {
  const pre = prefix && secret.startsWith(prefix) ? prefix : '';
  const body = secret.slice(pre.length);
  const budget = Math.floor(body.length / 3);
  let head = Math.min(2, budget);
  let tail = Math.min(4, Math.max(0, budget - head));
  if (body.length < 12) {
    head = Math.min(1, budget);
    tail = 0;
  }
  return `${pre}${body.slice(0, head)}…${tail > 0 ? body.slice(-tail) : ''}`;
}
