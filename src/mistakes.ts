// The mistakes catalogue (rules/mistakes.yaml): the five documented ways people mishandle keys, each
// with a title, why it matters and what to do. Read from dist/mistakes.json (written at build time, so
// the CLI never loads the YAML parser for it), or from the YAML when running from src/.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KeyscanError } from './errors.js';
import { parseYamlFile } from './rules.js';
import { MISTAKE_IDS, type MistakeId, type MistakeInfo } from './types.js';

export const MISTAKES_FILE = fileURLToPath(new URL('../rules/mistakes.yaml', import.meta.url));
const MISTAKES_BUNDLE = fileURLToPath(new URL('./mistakes.json', import.meta.url));

export { MISTAKE_IDS };

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().replace(/\s+/g, ' ') : null;
}

/** Check a parsed catalogue: exactly the five ids, each with a title, why and do. */
export function mistakesFromDocument(doc: unknown, source: string): MistakeInfo[] {
  const list = (doc as { mistakes?: unknown })?.mistakes;
  if (!Array.isArray(list)) throw new KeyscanError(`broken mistakes catalogue ${source}: expected a mapping with a "mistakes" list`);
  const out: MistakeInfo[] = [];
  for (const entry of list as Record<string, unknown>[]) {
    const id = entry?.id as MistakeId;
    if (!(MISTAKE_IDS as readonly string[]).includes(id)) throw new KeyscanError(`broken mistakes catalogue ${source}: unknown mistake id ${String(id)}`);
    if (out.some((m) => m.id === id)) throw new KeyscanError(`broken mistakes catalogue ${source}: ${id} appears twice`);
    const title = text(entry.title);
    const why = text(entry.why);
    const todo = text(entry.do);
    if (!title || !why || !todo) throw new KeyscanError(`broken mistakes catalogue ${source}: ${id} needs a title, why and do`);
    out.push({ id, title, why, do: todo });
  }
  const missing = MISTAKE_IDS.filter((id) => !out.some((m) => m.id === id));
  if (missing.length > 0) throw new KeyscanError(`broken mistakes catalogue ${source}: missing ${missing.join(', ')}`);
  return out;
}

/** Parse rules/mistakes.yaml (the build bundles the result into dist/mistakes.json). */
export function readMistakesDocument(): unknown {
  return parseYamlFile(MISTAKES_FILE, 'mistakes catalogue');
}

let cache: MistakeInfo[] | null = null;

/** The catalogue, checked (cached per process). */
export function loadMistakes(): MistakeInfo[] {
  if (cache) return cache;
  if (existsSync(MISTAKES_BUNDLE)) {
    cache = mistakesFromDocument(JSON.parse(readFileSync(MISTAKES_BUNDLE, 'utf8')), 'dist/mistakes.json');
  } else {
    cache = mistakesFromDocument(readMistakesDocument(), 'rules/mistakes.yaml');
  }
  return cache;
}
