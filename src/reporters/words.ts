// What the human reports share: words a person understands for severity and confidence, the order
// that puts what matters first, line wrapping and the closing summary line.
import type pc from 'picocolors';
import { CONFIDENCE_WORDS } from '../show.js';

export { CONFIDENCE_WORDS };
import type { Confidence, Finding, Report, Severity } from '../types.js';

export interface HumanOptions {
  color: boolean;
  /** Wrap prose at this many columns (default 100); finding lines are broken only when it is given. */
  width?: number;
  /** compact (default): one line per finding · verbose: a block per secret · quiet: finding lines only. */
  detail?: 'compact' | 'verbose' | 'quiet';
}

export type Colors = ReturnType<typeof pc.createColors>;


const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };
const CONFIDENCE_RANK: Record<Confidence, number> = { high: 0, medium: 1, low: 2 };

/** A key the provider accepted (--verify) first, then most severe, then most confident, then by place. */
export function byImportance(a: Finding, b: Finding): number {
  return (
    Number(b.verification === 'live') - Number(a.verification === 'live') ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    CONFIDENCE_RANK[a.confidence] - CONFIDENCE_RANK[b.confidence] ||
    a.line - b.line ||
    a.column - b.column
  );
}

/**
 * `n` as toLocaleString('en-US') writes it (1,234,567). A whole number is grouped here: the first
 * toLocaleString of a process sets up ICU's number formatting, ~17 ms of every run's closing line.
 */
export function count(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

export function plural(n: number, word: string): string {
  return `${count(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** Split text into lines of at most `width` characters, at spaces (a longer word keeps its own line). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/** The last lines: found or not, what was scanned and skipped, then each note. */
export function closingLines(report: Report, secrets: number, c: Colors, width: number): string[] {
  const s = report.summary;
  const out: string[] = [];
  const skipped = Object.entries(s.skipped)
    .map(([reason, n]) => `${count(n)} ${reason}`)
    .join(', ');
  const n = report.findings.length;
  // An incomplete scan never opens like a clean one.
  const incomplete = (s.incomplete ?? []).length > 0;
  const clean = incomplete ? 'Incomplete scan: no secrets found in what could be read' : 'No secrets found';
  const status = n === 0 ? clean : `${plural(secrets, 'secret')} found${n === secrets ? '' : ` (${plural(n, 'finding')})`}`;
  const paint = n === 0 && !incomplete ? c.green : (t: string) => c.red(c.bold(t));
  const scanned = `${plural(s.filesScanned, 'file')} scanned (${(s.bytesScanned / 1048576).toFixed(1)} MB, ${s.durationMs} ms)`;
  const closing = wrap(`${status} in ${scanned}${skipped ? `; skipped: ${skipped}` : ''}.`, width);
  closing.forEach((line, i) => out.push(i === 0 ? paint(status) + line.slice(status.length) : `  ${line}`));
  for (const note of s.notes) for (const [i, line] of wrap(`note: ${note}`, width - 2).entries()) out.push(c.yellow(i === 0 ? line : `  ${line}`));
  return out;
}

/** ` at b.env` when HEAD holds a history finding's secret only in other files than the one it was added to (a rename). */
export function movedText(f: Finding): string {
  if (!f.headFiles || f.headFiles.length === 0 || f.headFiles.includes(f.file)) return '';
  const shown = f.headFiles.slice(0, 3).join(', ');
  return ` at ${shown}${f.headFiles.length > 3 ? ` and ${f.headFiles.length - 3} more` : ''}`;
}
