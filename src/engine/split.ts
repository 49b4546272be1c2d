// A rule pattern as a value and a context, the way vendor rules run (engine/vendor.ts vendorParts): many
// patterns put a long run of lookarounds before their `secret` group (the provider's name near it, a key
// word before it, not a hash or an id). Compiling such a pattern cost V8 ~2 ms on first use (1.7 KB,
// case-insensitive, lookbehinds), and a tree scan brings a hundred rules to some text. Split, the value
// (the `secret` group and what follows it) is small and searched over the window; the context (what came
// before) is compiled only when a value first turns up, and run sticky where the value starts.
// Pure: string scanning only.

/** Past the group, class or escape that starts at `i`: the index after its last character. */
function itemEnd(source: string, i: number): number {
  const c = source[i];
  if (c === '\\') return i + 2;
  if (c === '[') {
    let k = i + 1;
    if (source[k] === '^') k++;
    if (source[k] === ']') k++;
    for (; k < source.length && source[k] !== ']'; k++) if (source[k] === '\\') k++;
    return k + 1;
  }
  if (c === '(') {
    let depth = 0;
    for (let k = i; k < source.length; k++) {
      const ch = source[k];
      if (ch === '\\') k++;
      else if (ch === '[') k = itemEnd(source, k) - 1;
      else if (ch === '(') depth++;
      else if (ch === ')' && --depth === 0) return k + 1;
    }
    return -1;
  }
  return i + 1;
}

const QUANTIFIER = /^(?:[*+?]|\{\d+(?:,\d*)?\})\??/;

/** The top-level alternatives of `source`, each as its items (an item's quantifier included), or null if unbalanced. */
function items(source: string): string[][] | null {
  const alternatives: string[][] = [[]];
  for (let i = 0; i < source.length; ) {
    if (source[i] === '|') {
      alternatives.push([]);
      i++;
      continue;
    }
    const end = itemEnd(source, i);
    if (end === -1 || end > source.length) return null;
    const q = QUANTIFIER.exec(source.slice(end));
    const to = end + (q ? q[0].length : 0);
    alternatives[alternatives.length - 1].push(source.slice(i, to));
    i = to;
  }
  return alternatives;
}

const LOOKAROUND = /^\((?:\?=|\?!|\?<=|\?<!)/;

/** An item that matches no characters wherever it holds: a lookaround, an anchor, or a group of alternatives made of those. */
function zeroWidth(item: string): boolean {
  if (item === '^' || item === '$' || item === '\\b' || item === '\\B') return true;
  if (!item.endsWith(')')) return false; // a quantified item, a character, a class
  if (LOOKAROUND.test(item)) return true;
  if (!item.startsWith('(?:')) return false;
  const inner = items(item.slice(3, -1));
  return inner !== null && inner.every((alt) => alt.every(zeroWidth));
}

/** Zero-width items this long or shorter stay in the value (`(?<![\\w+/.-])`): cheap, and they keep it from matching inside longer tokens. */
const SHORT = 48;

/**
 * `source` as { value, context } when every top-level item before its `secret` group is zero-width: a
 * match of the whole starts where `value` matches and `context`, run sticky there, holds; and is that
 * match of `value`. Those items all hold at the secret's start, so they may be shared out in any order:
 * the short ones open the value, the long ones make the context. Null for any other shape (a top-level
 * `|`, something consumed before the secret, a group the context would number, a back-reference, no
 * long item), which runs whole as before.
 */
export function splitPattern(source: string): { value: string; context: string } | null {
  if (/\\[1-9]|\\k</.test(source)) return null;
  const alternatives = items(source);
  if (!alternatives || alternatives.length !== 1) return null;
  const list = alternatives[0];
  const at = list.findIndex((item) => item.startsWith('(?<secret>'));
  if (at < 1 || !list[at].endsWith(')')) return null;
  const before = list.slice(0, at);
  if (!before.every(zeroWidth)) return null;
  const context = before.filter((item) => item.length > SHORT).join('');
  if (!context) return null;
  // Groups inside the context would be numbered apart from the value's.
  if (/\((?!\?)|\(\?<(?![=!])/.test(context.replace(/\\./g, '').replace(/\[(?:\\.|[^\]])*\]/g, ''))) return null;
  const value = [...before.filter((item) => item.length <= SHORT), ...list.slice(at)].join('');
  return { value, context };
}
