// .keyscan.yaml: paths and rules to leave out, custom rules. Read once by the CLI.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KeyscanError } from './errors.js';
import { parseYamlFile, rulesFromDocument } from './rules.js';
import type { Rule } from './types.js';

export interface Config {
  allowPaths: string[];
  allowRules: string[];
  rules: Rule[];
  /** Honour other scanners' inline markers (gitleaks:allow, pragma: allowlist secret, trufflehog:ignore). */
  foreignMarkers: boolean;
  source?: string;
}

export const EMPTY_CONFIG: Config = { allowPaths: [], allowRules: [], rules: [], foreignMarkers: true };

function stringList(value: unknown, where: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new KeyscanError(`invalid config ${where}: expected a list of strings`);
  }
  return value as string[];
}

const KNOWN_TOP = new Set(['allow', 'rules', 'markers']);

export function parseConfig(doc: unknown, source: string): Config {
  if (doc === null || doc === undefined) return { ...EMPTY_CONFIG, source };
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new KeyscanError(`invalid config ${source}: expected a mapping`);
  const d = doc as Record<string, unknown>;
  for (const key of Object.keys(d)) {
    if (!KNOWN_TOP.has(key)) throw new KeyscanError(`invalid config ${source}: unknown key "${key}" (expected allow, rules, markers)`);
  }
  const allow = (d.allow ?? {}) as Record<string, unknown>;
  if (typeof allow !== 'object' || Array.isArray(allow)) throw new KeyscanError(`invalid config ${source}: "allow" must be a mapping`);
  const rules = d.rules === undefined ? [] : rulesFromDocument({ rules: d.rules }, source, false);
  const markers = (d.markers ?? {}) as Record<string, unknown>;
  return {
    allowPaths: stringList(allow.paths, `${source} allow.paths`),
    allowRules: stringList(allow.rules, `${source} allow.rules`),
    rules,
    foreignMarkers: markers.foreign !== false,
    source,
  };
}

/** `--config FILE` (must exist) or `.keyscan.yaml` at the root when present. */
export function loadConfig(root: string, explicit?: string): Config {
  const path = explicit ? resolve(explicit) : join(root, '.keyscan.yaml');
  if (!explicit && !existsSync(path)) return EMPTY_CONFIG;
  return parseConfig(parseYamlFile(path, 'config'), explicit ?? '.keyscan.yaml');
}
