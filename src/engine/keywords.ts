// The keyword prefilter: every occurrence of every rule keyword, case-insensitively, in one pass
// (Aho–Corasick compiled to a table). It replaces one big alternation regex that V8 tried at every
// position, alternative by alternative: ~30× faster on ordinary text, and on text made of a keyword
// repeated (2 MB of `A` holds 2 million overlapping `AAAAAAAAAAAAAAAAAAAAA`) it costs the same per
// character instead of one regex execution per hit.
//
// Case-insensitive as the regex `i` flag without `u` is: a character matches a keyword character
// when both upper-case to the same code unit, and a non-ASCII character never matches an ASCII one.

export interface KeywordAutomaton {
  /** The keywords, as given (lower-case). */
  keywords: string[];
  lengths: Int32Array;
  /** Character class of each ASCII code unit (0: in no keyword). */
  ascii: Uint8Array;
  /** Character class of the other code units that keywords hold (by canonical code unit). */
  other: Map<number, number>;
  /** log2 of a row's length: rows are `1 << shift` entries, the classes (at most) rounded up to a power of two. */
  shift: number;
  /**
   * delta[(state << shift) | class] → the next state, plus `flag` where a keyword ends in it. 16-bit entries
   * while the states fit (the built-in rules' ~14k do): a smaller table stays in cache, ~30 % faster a character.
   */
  delta: Uint16Array | Uint32Array;
  flag: number;
  /** Keyword ids that end at each state (its own and those of its suffixes), by state number. */
  out: number[][];
}

/** The canonical code unit of a character, as the regex `i` flag (non-unicode) compares them. */
function canonical(code: number): number {
  if (code < 128) return code >= 97 && code <= 122 ? code - 32 : code;
  const upper = String.fromCharCode(code).toUpperCase();
  if (upper.length !== 1) return code;
  const u = upper.charCodeAt(0);
  return u < 128 ? code : u;
}

export function buildAutomaton(keywords: string[]): KeywordAutomaton {
  const ascii = new Uint8Array(128);
  const other = new Map<number, number>();
  let classes = 1;
  const classOf = (code: number): number => {
    const c = canonical(code);
    if (code < 128) {
      if (!ascii[code]) {
        // Both cases of a letter share one class.
        const cls = c !== code ? ascii[c] || classes++ : classes++;
        ascii[code] = cls;
        if (c !== code) ascii[c] = cls;
        else if (code >= 65 && code <= 90) ascii[code + 32] = cls;
      }
      return ascii[code];
    }
    let cls = other.get(c);
    if (cls === undefined) other.set(c, (cls = classes++));
    return cls;
  };
  const encoded: Uint8Array[] = [];
  for (const k of keywords) {
    const chars = new Uint8Array(k.length);
    for (let i = 0; i < k.length; i++) chars[i] = classOf(k.charCodeAt(i));
    encoded.push(chars);
  }
  let shift = 0;
  while (1 << shift < classes) shift++;
  const width = 1 << shift;
  // The trie, as edge lists (class, child) per state.
  const edges: number[][] = [[]];
  const own: number[][] = [[]];
  for (let id = 0; id < encoded.length; id++) {
    const chars = encoded[id];
    let s = 0;
    for (let i = 0; i < chars.length; i++) {
      const list = edges[s];
      let next = -1;
      for (let k = 0; k < list.length; k += 2) if (list[k] === chars[i]) next = list[k + 1];
      if (next === -1) {
        next = edges.length;
        list.push(chars[i], next);
        edges.push([]);
        own.push([]);
      }
      s = next;
    }
    own[s].push(id);
  }
  const states = edges.length;
  // Breadth first: a state's row is its failure state's row (complete: a shallower state, done earlier),
  // copied, with its own edges set over it. A state's failure state was queued before it, so whether a
  // keyword ends there (its own, or its failure state's) is known when it is queued. Entries carry `flag`
  // where a keyword ends. Cheap to build: one row copy per state.
  const small = states < 0x8000;
  const flag = small ? 0x8000 : 0x80000000;
  const delta = small ? new Uint16Array(states << shift) : new Uint32Array(states << shift);
  const fail = new Int32Array(states);
  const out: number[][] = new Array(states);
  out[0] = own[0];
  const queue = new Int32Array(states);
  let tail = 0;
  const entry = (state: number): number => (out[state].length > 0 ? state + flag : state);
  for (let k = 0; k < edges[0].length; k += 2) {
    const child = edges[0][k + 1];
    out[child] = own[child];
    delta[edges[0][k]] = entry(child);
    queue[tail++] = child;
  }
  for (let head = 0; head < tail; head++) {
    const s = queue[head];
    const row = s << shift;
    const failRow = fail[s] << shift;
    delta.copyWithin(row, failRow, failRow + width);
    const list = edges[s];
    for (let k = 0; k < list.length; k += 2) {
      const c = list[k];
      const child = list[k + 1];
      const f = delta[failRow + c];
      fail[child] = f >= flag ? f - flag : f;
      out[child] = out[fail[child]].length > 0 ? [...own[child], ...out[fail[child]]] : own[child];
      delta[row + c] = entry(child);
      queue[tail++] = child;
    }
  }
  return { keywords, lengths: Int32Array.from(keywords, (k) => k.length), ascii, other, shift, delta, flag, out };
}

/** Call `visit(keywordId, start)` for every occurrence of every keyword, in order of where they end. */
export function findKeywords(text: string, a: KeywordAutomaton, visit: (id: number, start: number) => void): void {
  const { ascii, other, shift, delta, flag, out, lengths } = a;
  const exotic = other.size > 0;
  let state = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    state = delta[(state << shift) | (code < 128 ? ascii[code] : exotic ? (other.get(canonical(code)) ?? 0) : 0)];
    if (state >= flag) {
      state -= flag;
      const ids = out[state];
      for (let k = 0; k < ids.length; k++) visit(ids[k], i + 1 - lengths[ids[k]]);
    }
  }
}

const cache = new WeakMap<object, KeywordAutomaton>();

/** The automaton for a rule set's keywords (RuleSet.keywords), built once per rule set. */
export function automatonFor(keywords: readonly string[]): KeywordAutomaton {
  let a = cache.get(keywords);
  if (!a) {
    a = buildAutomaton([...keywords]);
    cache.set(keywords, a);
  }
  return a;
}

/** Format of a serialised automaton (its first four bytes), and an int that reads back wrong on another byte order. */
const MAGIC = 'KSA2';
const ORDER_MARK = 0x01020304;

/**
 * An automaton as bytes, for the build to store the built-in rules' (dist/keywords.bin): building it takes
 * ~25 ms of every start-up, reading it ~2 ms. Layout: MAGIC, header length (u32 LE), JSON header, padding
 * to 4, the order mark and the transition table as native int32s.
 */
export function serializeAutomaton(a: KeywordAutomaton): Uint8Array {
  const out: [number, number[]][] = [];
  a.out.forEach((ids, state) => {
    if (ids.length > 0) out.push([state, ids]);
  });
  const header = new TextEncoder().encode(
    JSON.stringify({ keywords: a.keywords, shift: a.shift, flag: a.flag, bits: a.delta.BYTES_PER_ELEMENT * 8, ascii: Array.from(a.ascii), other: [...a.other], states: a.out.length, out }),
  );
  const tableAt = Math.ceil((8 + header.length) / 4) * 4;
  const bytes = new Uint8Array(tableAt + 4 + a.delta.byteLength);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(bytes.buffer).setUint32(4, header.length, true);
  bytes.set(header, 8);
  bytes.set(new Uint8Array(Int32Array.of(ORDER_MARK).buffer), tableAt);
  bytes.set(new Uint8Array(a.delta.buffer, a.delta.byteOffset, a.delta.byteLength), tableAt + 4);
  return bytes;
}

/** serializeAutomaton read back, or null when the bytes are not one (another version, another byte order, damage). */
export function deserializeAutomaton(bytes: Uint8Array): KeywordAutomaton | null {
  try {
    if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) return null;
    const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.length).getUint32(4, true);
    const h = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as {
      keywords: string[];
      shift: number;
      flag: number;
      bits: number;
      ascii: number[];
      other: [number, number][];
      states: number;
      out: [number, number[]][];
    };
    const tableAt = Math.ceil((8 + length) / 4) * 4;
    // A copy: aligned whatever the buffer's offset, and independent of the file's buffer (a Buffer's own
    // slice would be a view, hence the typed array's).
    const copy = Uint8Array.prototype.slice.call(bytes, tableAt).buffer;
    if (copy.byteLength < 4 || new Int32Array(copy, 0, 1)[0] !== ORDER_MARK) return null;
    const delta = h.bits === 16 ? new Uint16Array(copy, 4) : h.bits === 32 ? new Uint32Array(copy, 4) : null;
    if (!delta || delta.length !== h.states << h.shift || h.flag !== (h.bits === 16 ? 0x8000 : 0x80000000)) return null;
    const out: number[][] = new Array(h.states);
    for (let s = 0; s < h.states; s++) out[s] = [];
    for (const [state, ids] of h.out) out[state] = ids;
    return {
      keywords: h.keywords,
      lengths: Int32Array.from(h.keywords, (k) => k.length),
      ascii: Uint8Array.from(h.ascii),
      other: new Map(h.other),
      shift: h.shift,
      delta,
      flag: h.flag,
      out,
    };
  } catch {
    return null;
  }
}

/**
 * Give a rule set the automaton built ahead for the same keywords (the built-in rules', read from the build's
 * file by src/rules.ts). Ignored unless the keywords are exactly those, in the same order.
 */
export function seedAutomaton(keywords: readonly string[], a: KeywordAutomaton): boolean {
  if (keywords.length !== a.keywords.length || keywords.some((k, i) => k !== a.keywords[i])) return false;
  cache.set(keywords, a);
  return true;
}
