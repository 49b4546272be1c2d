// Kubernetes Secret manifests, by structure: where the values of a Secret's `data:` map stand. Pure.
// Every such value is base64 whatever its length (engine/decode.ts decodes them); YAML documents
// (split at `---`, so a ConfigMap beside a Secret keeps its plain values) and JSON (`kubectl get
// secret -o json`, lists included) are read.

export interface SecretValue {
  /** The data key (DB_PASSWORD, tls.key, .dockerconfigjson). */
  key: string;
  /** The base64 text as written. */
  value: string;
  /** Its offset in the text. */
  start: number;
}

const YAML_KIND = /^[ \t]*kind[ \t]*:[ \t]*["']?Secret["']?[ \t]*\r?$/m;
const JSON_KIND = /"kind"[ \t]*:[ \t]*"Secret"/;
const YAML_ENTRY = /^([ \t]+)["']?([\w.-]{1,253})["']?[ \t]*:[ \t]*["']?([A-Za-z0-9+/]*={0,2})["']?[ \t]*\r?$/;

function yamlValues(text: string, from: number, to: number, out: SecretValue[]): void {
  const block = /^([ \t]*)data:[ \t]*\r?\n/gm;
  block.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = block.exec(text)) !== null && m.index < to) {
    const indent = m[1].length;
    let at = m.index + m[0].length;
    while (at < to) {
      let end = text.indexOf('\n', at);
      if (end === -1 || end > to) end = to;
      const line = text.slice(at, end);
      const e = YAML_ENTRY.exec(line);
      if (!e || e[1].length <= indent) {
        if (line.trim() !== '' && !line.trimStart().startsWith('#')) break;
      } else if (e[3].length > 0) {
        out.push({ key: e[2], value: e[3], start: at + line.lastIndexOf(e[3]) });
      }
      at = end + 1;
    }
  }
}

function jsonValues(text: string, from: number, to: number, out: SecretValue[]): void {
  const block = /"data"[ \t]*:[ \t]*\{/g;
  block.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = block.exec(text)) !== null && m.index < to) {
    const entry = /\s*"([\w.-]{1,253})"\s*:\s*"([A-Za-z0-9+/]*={0,2})"\s*,?/y;
    entry.lastIndex = m.index + m[0].length;
    let e: RegExpExecArray | null;
    while ((e = entry.exec(text)) !== null && e.index < to) {
      if (e[2].length > 0) out.push({ key: e[1], value: e[2], start: e.index + e[0].lastIndexOf(`"${e[2]}"`) + 1 });
    }
  }
}

/** The `data:` values of every Secret in the text. */
export function kubernetesSecretValues(text: string): SecretValue[] {
  if (!text.includes('Secret')) return [];
  const out: SecretValue[] = [];
  const cuts = [0];
  for (const m of text.matchAll(/^---[ \t]*\r?$/gm)) cuts.push(m.index);
  cuts.push(text.length);
  for (let i = 0; i + 1 < cuts.length; i++) {
    const doc = text.slice(cuts[i], cuts[i + 1]);
    if (YAML_KIND.test(doc)) yamlValues(text, cuts[i], cuts[i + 1], out);
    else if (JSON_KIND.test(doc)) jsonValues(text, cuts[i], cuts[i + 1], out);
  }
  return out;
}
