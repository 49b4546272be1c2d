// Scan a fragment, then what is encoded inside it: each decoded piece (engine/decode.ts) is scanned
// as a fragment of its own, to a depth, and its matches are reported at the encoded text's place in
// the original, naming the encoding (`decoded: "base64"`). Pure and synchronous.
import type { Fragment, Match } from '../types.js';
import type { RuleSet } from './compile.js';
import { decodeText, DEFAULT_DECODE_LIMITS, type Decoded } from './decode.js';
import { Lines } from './lines.js';
import { detach, scanFragment, type ScanOptions } from './scan.js';

/** Layers of encoding looked through by default (a base64 value holding hex holding a token is two). */
export const DEFAULT_DECODE_DEPTH = 2;
/** Decoded characters allowed for one file, across its chunks and layers. */
export const FILE_DECODE_CHARS = 4 << 20;

/**
 * What is left of one file's decoding allowance. Chunks of a file arrive one after another, so the
 * allowance follows the current file (path and commit) and starts afresh at the next one.
 */
export class DecodeAllowance {
  private sha = '';
  private path: string | null = null;
  private left = FILE_DECODE_CHARS;
  take(fragment: Fragment, want: number): number {
    const sha = fragment.commit?.sha ?? '';
    if (sha !== this.sha || fragment.path !== this.path) {
      this.sha = sha;
      this.path = fragment.path;
      this.left = FILE_DECODE_CHARS;
    }
    const granted = Math.min(want, this.left);
    return granted;
  }
  spend(chars: number): void {
    this.left = Math.max(0, this.left - chars);
  }
}

const MARKERS = ['keyscan:allow'];
const FOREIGN_MARKERS = ['gitleaks:allow', 'pragma: allowlist secret', 'trufflehog:ignore'];


function allowed(lines: Lines, index: number, foreign: boolean): boolean {
  const line = lines.lineText(index);
  const prev = lines.lineText(index - 1);
  const marked = (text: string) => MARKERS.some((m) => text.includes(m)) || (foreign && FOREIGN_MARKERS.some((m) => text.includes(m)));
  return (marked(line) && !line.includes('keyscan:allow-next-line')) || prev.includes('keyscan:allow-next-line');
}

/** How specific a rule is: a provider format beats a container (a base64 pair, a Secret value), which beats a generic rule. */
function rank(m: Match): number {
  return (m.rule.priority ?? 0) - (m.rule.tags?.includes('generic') ? 0.5 : 0);
}

/**
 * The text of the fragment that decodes to what the match found in `piece` stands on (its secret, or its
 * own encoded text a layer down): the whole run for base64 and hex, the escaped spelling for
 * shape-keeping decodings (percent, escapes), whose map gives each decoded character's place. `run` is
 * the piece's whole run, copied once and shared by its matches: a run of 1 MB holding 1,000 keys is one
 * string, not 1,000.
 */
function encodedText(m: Match, piece: Decoded, fragment: Fragment, run: () => string): string {
  if (!piece.map) return run();
  const { map } = piece;
  const from = m.offset;
  const to = from + (m.encoded ?? m.secret).length;
  return detach(fragment.text.slice(map[Math.min(from, map.length - 1)], to < map.length ? map[to] : piece.end));
}

/** Move a match found in a decoded piece to the encoded text's place in the fragment. */
function relocate(m: Match, piece: Decoded, fragment: Fragment, lines: Lines, run: () => string): Match {
  const at = piece.map ? piece.map[Math.min(m.offset, piece.map.length - 1)] : piece.start;
  const index = lines.lineOf(at);
  const firstColumn = index === 0 ? (fragment.startColumn ?? 1) - 1 : 0;
  return {
    ...m,
    path: fragment.path,
    line: fragment.startLine + index,
    column: at - lines.lineStart(index) + 1 + firstColumn,
    offset: at,
    lineText: lines.lineText(index).slice(0, 2000),
    origin: fragment.origin,
    commit: fragment.commit,
    decoded: m.decoded ? `${piece.encoding}+${m.decoded}` : piece.encoding,
    encoded: encodedText(m, piece, fragment, run),
  };
}

/** Matches in `fragment` and, to `options.decodeDepth` layers, in the text encoded inside it. */
export function scanDeep(fragment: Fragment, ruleSet: RuleSet, options: ScanOptions = {}): Match[] {
  const found = scanFragment(fragment, ruleSet, options);
  const depth = options.decodeDepth ?? DEFAULT_DECODE_DEPTH;
  if (depth <= 0) return found;
  const allowance = options.decodeAllowance;
  const maxChars = allowance ? allowance.take(fragment, DEFAULT_DECODE_LIMITS.maxChars) : DEFAULT_DECODE_LIMITS.maxChars;
  if (maxChars <= 0) return found;
  const pieces = decodeText(fragment.text, { maxChars, maxTries: DEFAULT_DECODE_LIMITS.maxTries, from: fragment.ownFrom, to: fragment.ownTo });
  if (pieces.length === 0) return found;
  allowance?.spend(pieces.reduce((n, p) => n + p.text.length, 0));
  // The fragment's line index, made when a piece first finds something (most pieces find nothing).
  let lines: Lines | null = null;
  const foreign = options.foreignMarkers !== false;
  const secrets = new Set(found.map((m) => m.secret));
  const dropped = new Set<Match>();
  const added: Match[] = [];
  for (const piece of pieces) {
    const inner = scanDeep({ text: piece.text, path: fragment.path, startLine: 1, origin: fragment.origin, ...(fragment.inner !== undefined ? { inner: fragment.inner } : {}) }, ruleSet, {
      ...options,
      decodeDepth: depth - 1,
    });
    let whole: string | undefined;
    for (const m of inner) {
      if (secrets.has(m.secret)) continue;
      lines ??= new Lines(fragment.text);
      const moved = relocate(m, piece, fragment, lines, () => (whole ??= detach(fragment.text.slice(piece.start, piece.end))));
      if (fragment.lines && !fragment.lines.has(moved.line)) continue;
      if (allowed(lines, moved.line - fragment.startLine, foreign)) continue;
      // Where the encoded text is already reported, the more specific of the two findings stands.
      const around = found.filter((p) => !p.phantom && p.offset <= moved.offset && moved.offset < p.offset + p.secret.length);
      if (around.some((p) => rank(p) >= rank(moved))) continue;
      for (const p of around) dropped.add(p);
      secrets.add(m.secret);
      added.push(moved);
    }
  }
  return [...found.filter((m) => !dropped.has(m)), ...added];
}
