// The syntax matrix: every credential family of credentials.ts written in every idiom people write
// credentials in (each language's assignment, YAML, JSON, XML attributes, .properties, shell export,
// CLI flags, HTTP headers, URLs and query strings, `vendor secret value` prose) and inside encodings
// (base64, hex, percent, string escapes, a Kubernetes Secret). One file per family and idiom, so no
// line borrows another's context. Recall is reported per idiom.
//
//   generateMatrix(seed, dir) → Manifest (planted: one per family × idiom, variant = the idiom)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FAMILIES } from './credentials.js';
import type { Manifest } from './generator.js';
import { scanProject, score, type Score } from './measure.js';
import type { PlantedSecret, Tier } from './pieces.js';
import { Rng } from './prng.js';

/** A value to write: the credential, its upper-snake name, the provider, and how a finding must match. */
export interface Cell {
  name: string;
  vendor: string;
  value: string;
  core: string[];
  within: string[];
}

const camel = (name: string) => name.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (name: string) => camel(name).replace(/^./, (c) => c.toUpperCase());
const snake = (name: string) => name.toLowerCase();
const dotted = (name: string) => name.toLowerCase().replace(/_/g, '.');
const kebab = (name: string) => name.toLowerCase().replace(/_/g, '-');
const b64 = (s: string) => Buffer.from(s).toString('base64');
/** Percent-encode every character that is not a letter or digit, as a nested query value is. */
const percentAll = (s: string) => s.replace(/[^A-Za-z0-9]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

export interface Idiom {
  id: string;
  ext: string;
  /** Encoded: the secret is written inside an encoding the decode step must see through. */
  encoded?: boolean;
  /** The file's lines; the line holding the secret is marked by `at`. */
  write(c: Cell, r: Rng): { lines: string[]; at: number };
}

const one = (line: string, before: string[] = [], after: string[] = []) => ({ lines: [...before, line, ...after], at: before.length });

export const IDIOMS: Idiom[] = [
  { id: 'ts-const', ext: 'ts', write: (c) => one(`export const ${camel(c.name)} = "${c.value}";`, ['// service settings']) },
  { id: 'js-object', ext: 'js', write: (c) => one(`  ${camel(c.name)}: '${c.value}',`, ['module.exports = {'], ['};']) },
  { id: 'py-assign', ext: 'py', write: (c) => one(`${c.name} = "${c.value}"`, ['import os', '']) },
  { id: 'go-short', ext: 'go', write: (c) => one(`\t${camel(c.name)} := "${c.value}"`, ['package main', '', 'func main() {'], ['}']) },
  { id: 'java-field', ext: 'java', write: (c) => one(`    private static final String ${c.name} = "${c.value}";`, ['public class Settings {'], ['}']) },
  { id: 'php-var', ext: 'php', write: (c) => one(`$${camel(c.name)} = '${c.value}';`, ['<?php']) },
  { id: 'ruby-hash', ext: 'rb', write: (c) => one(`  ${snake(c.name)}: "${c.value}",`, ['CONFIG = {'], ['}']) },
  { id: 'csharp-const', ext: 'cs', write: (c) => one(`    private const string ${pascal(c.name)} = "${c.value}";`, ['class Settings {'], ['}']) },
  { id: 'yaml', ext: 'yaml', write: (c) => one(`  ${snake(c.name)}: ${c.value}`, ['service:']) },
  { id: 'json', ext: 'json', write: (c) => one(`  "${camel(c.name)}": "${c.value}",`, ['{'], ['  "timeout": 30', '}']) },
  { id: 'xml-attribute', ext: 'config', write: (c) => one(`    <add key="${pascal(c.name)}" value="${c.value}" />`, ['<configuration>', '  <appSettings>'], ['  </appSettings>', '</configuration>']) },
  { id: 'properties', ext: 'properties', write: (c) => one(`${dotted(c.name)}=${c.value}`, ['# application settings']) },
  { id: 'env', ext: 'env', write: (c) => one(`${c.name}=${c.value}`) },
  { id: 'shell-export', ext: 'sh', write: (c) => one(`export ${c.name}="${c.value}"`, ['#!/bin/sh']) },
  { id: 'cli-flag', ext: 'sh', write: (c, r) => one(`${c.vendor}-cli ${r.pick(['login', 'deploy', 'sync'])} --${kebab(c.name)} ${c.value} --region eu`) },
  { id: 'http-header', ext: 'http', write: (c) => one(`X-${pascal(c.name).replace(/([a-z])([A-Z])/g, '$1-$2')}: ${c.value}`, [`GET https://api.${c.vendor}.example.net/v1/items HTTP/1.1`]) },
  { id: 'url-query', ext: 'txt', write: (c) => one(`curl "https://api.${c.vendor}.example.net/v1/items?${snake(c.name)}=${c.value}&limit=10"`) },
  { id: 'prose', ext: 'txt', write: (c, r) => one(`${c.vendor} ${r.pick(['SECRET', 'secret', 'API key', 'token'])} ${c.value}`, ['notes from the migration call']) },
  // encoded variants
  { id: 'base64', ext: 'yaml', encoded: true, write: (c) => one(`blob: ${b64(`${c.name}=${c.value}`)}`, ['# opaque settings']) },
  { id: 'hex', ext: 'txt', encoded: true, write: (c) => one(`payload = "${Buffer.from(`${c.name}=${c.value}`).toString('hex')}"`) },
  { id: 'percent', ext: 'txt', encoded: true, write: (c) => one(`https://hooks.acme.io/callback?state=ok&config=${percentAll(`${c.name}=${c.value}`)}`) },
  { id: 'json-escaped', ext: 'json', encoded: true, write: (c) => one(`  "settings": "{\\"${snake(c.name)}\\": \\"${c.value}\\"}",`, ['{'], ['  "v": 2', '}']) },
  {
    id: 'unicode-escaped',
    ext: 'js',
    encoded: true,
    write: (c) => one(`const cfg = "${c.name}\\u003d${c.value.replace(/[^A-Za-z0-9]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}";`),
  },
  {
    id: 'k8s-secret',
    ext: 'yaml',
    encoded: true,
    write: (c) => one(`  ${c.name}: ${b64(c.value)}`, ['apiVersion: v1', 'kind: Secret', 'metadata:', `  name: ${c.vendor}-credentials`, 'type: Opaque', 'data:']),
  },
];

/** One cell per family: its first single-line planted value that an idiom can carry. */
export function familyCells(r: Rng): { family: string; tier: Tier; cell: Cell }[] {
  const out: { family: string; tier: Tier; cell: Cell }[] = [];
  for (const spec of FAMILIES) {
    const group = spec.make(r.fork(spec.name));
    // carriers (npmrc, docker config, netrc, kubeconfig) have a syntax of their own, not idioms
    if (group.langs && group.langs.length === 0) continue;
    const item = group.items.find((i) => i.value.plant && !i.value.pem && !i.value.text.includes('\n'));
    if (!item?.value.plant) continue;
    const p = item.value.plant;
    const value = item.value.text;
    const name = /^[A-Z][A-Z0-9_]*$/.test(item.name) ? item.name : `${group.key.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_TOKEN`;
    out.push({ family: p.family, tier: p.tier, cell: { name, vendor: group.key, value, core: p.core ?? [value], within: [value, ...(p.within ?? [])] } });
  }
  return out;
}

/** Write the matrix under `root`: one file per family and idiom. */
export function generateMatrix(seed: number, root: string): Manifest {
  const r = new Rng(seed);
  const manifest: Manifest = { seed, root, theme: 'matrix', files: [], planted: [], decoys: [] };
  for (const { family, tier, cell } of familyCells(r)) {
    for (const idiom of IDIOMS) {
      const { lines, at } = idiom.write(cell, r.fork(`${family}/${idiom.id}`));
      const file = `matrix/${idiom.id}/${family}.${idiom.ext}`;
      const full = join(root, file);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, `${lines.join('\n')}\n`);
      manifest.files.push(file);
      const planted: PlantedSecret = { file, line: at + 1, family, tier, variant: idiom.id, secret: cell.value, core: cell.core, within: cell.within };
      manifest.planted.push(planted);
    }
  }
  return manifest;
}

export interface IdiomScore {
  idiom: string;
  encoded: boolean;
  planted: number;
  found: number;
  plantedCore: number;
  foundCore: number;
  missed: string[];
}

/** Recall per idiom, from the scored misses of a matrix run. */
export function idiomScores(
  manifest: Manifest,
  missed: { family: string; variant?: string; tier: string }[],
  idioms: { id: string; encoded?: boolean }[] = IDIOMS,
): IdiomScore[] {
  return idioms.map((idiom) => {
    const planted = manifest.planted.filter((p) => p.variant === idiom.id);
    const miss = missed.filter((m) => m.variant === idiom.id);
    const plantedCore = planted.filter((p) => p.tier === 'core').length;
    const missCore = miss.filter((m) => m.tier === 'core').length;
    return {
      idiom: idiom.id,
      encoded: idiom.encoded === true,
      planted: planted.length,
      found: planted.length - miss.length,
      plantedCore,
      foundCore: plantedCore - missCore,
      missed: miss.map((m) => m.family),
    };
  });
}

export function formatIdioms(scores: IdiomScore[], maxMissed = 8): string {
  const pct = (a: number, b: number) => (b ? `${((a / b) * 100).toFixed(1)}%` : '  n/a');
  const out = ['syntax matrix: recall per idiom (core families, all families; what was missed):'];
  for (const s of scores) {
    const missed = s.missed.length ? `  missed: ${s.missed.slice(0, maxMissed).join(' ')}${s.missed.length > maxMissed ? ` … ${s.missed.length - maxMissed} more` : ''}` : '';
    out.push(`  ${(s.idiom + (s.encoded ? ' (encoded)' : '')).padEnd(28)} core ${pct(s.foundCore, s.plantedCore).padStart(6)} (${s.foundCore}/${s.plantedCore})  all ${pct(s.found, s.planted).padStart(6)} (${s.found}/${s.planted})${missed}`);
  }
  return out.join('\n');
}

/** Generate the matrix, scan it with the CLI, and score it: recall per idiom and the matrix's own precision. */
export async function measureMatrix(seed: number, bin?: string): Promise<{ idioms: IdiomScore[]; score: Score }> {
  const root = mkdtempSync(join(tmpdir(), 'keyscan-matrix-'));
  try {
    const manifest = generateMatrix(seed, root);
    const s = score([{ manifest, findings: await scanProject(root, bin) }]);
    return { idioms: idiomScores(manifest, s.misses), score: s };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
