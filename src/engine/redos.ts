// A structural check against catastrophic backtracking, run when rules are loaded.
// It flags a group repeated without bound (`(…)+`, `(…)*`, `(…){n,}`) when one repetition can end
// with a variable-length atom that matches the same characters as the start of the next repetition,
// e.g. `(a+)+`, `(\w+\s?)*`, `(?:[a-z]+)+`, `(x|x)*`. `(?:-[a-z0-9]+)*` is fine: `-` separates them.

interface Atom {
  src: string;
  variable: boolean;
  /** Can match nothing (`?`, `*`, `{0,n}`). */
  nullable: boolean;
  group: boolean;
}

const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));

function closeOf(text: string, open: number, openCh: string, closeCh: string): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (openCh === '(' && ch === '[') {
      i = closeOf(text, i, '[', ']');
      continue;
    }
    if (ch === openCh && (openCh !== '[' || i === open)) depth++;
    else if (ch === closeCh) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return text.length - 1;
}

function parseAtoms(body: string): Atom[][] {
  const alternatives: Atom[][] = [[]];
  let i = 0;
  while (i < body.length) {
    const ch = body[i];
    let end = i;
    let group = false;
    if (ch === '|') {
      alternatives.push([]);
      i++;
      continue;
    }
    if (ch === '\\') end = body[i + 1] === 'u' ? i + 5 : body[i + 1] === 'x' ? i + 3 : i + 1;
    else if (ch === '[') end = closeOf(body, i, '[', ']');
    else if (ch === '(') {
      end = closeOf(body, i, '(', ')');
      group = true;
    }
    const src = body.slice(i, end + 1);
    i = end + 1;
    const q = /^(?:[*+?]|\{(\d+)(,(\d*))?\})\??/.exec(body.slice(i));
    let variable = false;
    let nullable = false;
    if (q) {
      i += q[0].length;
      variable = q[1] === undefined ? true : q[2] !== undefined && (q[3] === '' || Number(q[3]) > Number(q[1]));
      nullable = q[0][0] === '?' || q[0][0] === '*' || q[1] === '0';
    }
    // Anchors and lookarounds consume nothing; skip them.
    if (/^(?:\^|\$|\\b|\\B|\(\?<?[=!])/.test(src)) continue;
    alternatives[alternatives.length - 1].push({ src, variable, nullable, group });
  }
  return alternatives;
}

function charsOf(atom: Atom): Set<string> | null {
  if (atom.group) return null; // unknown: be conservative
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${atom.src})$`);
  } catch {
    return null;
  }
  return new Set(PRINTABLE.filter((c) => re.test(c)));
}

function overlaps(a: Atom, b: Atom): boolean {
  const ca = charsOf(a);
  const cb = charsOf(b);
  if (!ca || !cb) return true;
  for (const c of ca) if (cb.has(c)) return true;
  return false;
}

/** The atoms that can stand at one end of a repetition: nullable ones and the first that is not. */
function edge(atoms: Atom[]): Atom[] {
  const out: Atom[] = [];
  for (const a of atoms) {
    out.push(a);
    if (!a.nullable) break;
  }
  return out;
}

function groupBody(group: string): string {
  return group.slice(1, -1).replace(/^\?(?::|<[A-Za-z_]\w*>)/, '');
}

/** A description of the risk, or null when the pattern looks safe. */
export function redosRisk(pattern: string): string | null {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '\\') {
      i++;
      continue;
    }
    if (pattern[i] === '[') {
      i = closeOf(pattern, i, '[', ']');
      continue;
    }
    if (pattern[i] !== '(') continue;
    const close = closeOf(pattern, i, '(', ')');
    const after = pattern.slice(close + 1);
    if (!/^(?:[+*]|\{\d+,\})/.test(after)) continue;
    const alternatives = parseAtoms(groupBody(pattern.slice(i, close + 1)));
    const firsts = alternatives.flatMap((alt) => edge(alt));
    for (const alt of alternatives) {
      const lasts = edge([...alt].reverse());
      const variableEnd = lasts.some((a) => a.variable || a.nullable);
      for (const last of lasts) {
        if (last.group || (variableEnd && firsts.some((f) => overlaps(last, f)))) {
          return `nested quantifier in "${pattern.slice(i, close + 2)}"`;
        }
      }
    }
    if (alternatives.length > 1 && firsts.some((a, x) => firsts.some((b, y) => x < y && overlaps(a, b)))) {
      return `overlapping alternatives repeated in "${pattern.slice(i, close + 2)}"`;
    }
  }
  return null;
}
