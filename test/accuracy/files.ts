// File kinds: how a list of groups (positives and look-alikes) becomes one realistic file in each
// format: code, .env, Kubernetes / docker-compose / GitHub Actions / app YAML, JSON configs,
// Terraform, Dockerfiles, Markdown, notebooks, properties/INI, minified bundles, and the native
// credential carriers (.aws/credentials, service-account JSON, .npmrc, .netrc, docker config.json,
// key files, .pypirc, .git-credentials, kubeconfig).
import { type DecoyOut } from './lookalikes.js';
import { camel, dotted, filler, footer, header, kebab, renderCode, section, shellUse, snake, wrapLines, noun, verb, isSimple } from './languages.js';
import {
  type Group,
  type LangId,
  type Line,
  type NativeKind,
  type Piece,
  type Value,
  FileBuilder,
  L,
  jsonEscape,
  pemIndented,
  pemOneLine,
  CODE_LANGS,
} from './pieces.js';
import { type Rng, HEX, B64 } from './prng.js';
import { b64 } from './encoding.js';
import * as t from './tokens.js';

export interface FileSpec {
  path: string;
  lang: LangId;
  native?: NativeKind;
}

type Block = Line[];

function isGroup(d: DecoyOut): d is Group {
  return !Array.isArray(d);
}

/** Interleave blocks with filler, keeping the order random but deterministic. */
function mix(r: Rng, blocks: Block[], fill: () => Block, fillers: number): Block[] {
  const all = [...blocks];
  for (let i = 0; i < fillers; i++) all.push(fill());
  return r.shuffle(all);
}

// --- .env ---------------------------------------------------------------------------------------

function envValue(r: Rng, v: Value): Piece[] {
  if (v.pem) return r.chance(0.6) ? ['"', pemOneLine(v, false), '"'] : ['"', v, '"'];
  if (v.expr) return [v];
  return r.pick([[v], ['"', v, '"'], ["'", v, "'"], [v]]);
}

function envFile(r: Rng, b: FileBuilder, groups: Group[], decoys: DecoyOut[]): void {
  const fill = (): Block =>
    r.pick([
      () => [[`NODE_ENV=${r.pick(['production', 'development', 'staging'])}`], [`PORT=${r.pick([3000, 8080, 5000, 8000])}`]],
      () => [[`LOG_LEVEL=${r.pick(['info', 'debug', 'warn'])}`]],
      () => [[`# --- ${noun(r)} service ---`], [`${noun(r).toUpperCase()}_SERVICE_URL=http://${noun(r)}-svc:${r.int(3000, 9000)}`]],
      () => [[`FEATURE_${noun(r).toUpperCase()}_V2=${r.pick(['true', 'false'])}`], [`CACHE_TTL_SECONDS=${r.int(30, 3600)}`]],
      () => [['']],
    ])();
  const exp = r.chance(0.2) ? 'export ' : '';
  const blocks: Block[] = [
    ...groups.map((g) => g.items.map((i): Line => [`${exp}${i.name}=`, ...envValue(r, i.value)])),
    ...decoys.map((d) => (isGroup(d) ? d.items.map((i): Line => [`${exp}${i.name}=`, ...envValue(r, i.value)]) : d)),
  ];
  b.line(`# ${r.pick(['Local development settings', 'Environment for the API', 'Copied from 1Password on deploy'])}`);
  for (const blk of mix(r, blocks, fill, r.int(3, 6))) b.lines(blk);
}

// --- YAML ---------------------------------------------------------------------------------------

function yamlScalar(r: Rng, v: Value, indent: string): { first: Piece[]; block?: Value } {
  if (v.pem) return { first: ['|'], block: pemIndented(v, indent, 'yaml-block') };
  if (v.expr) return { first: [v] };
  return { first: r.pick([[v], ['"', v, '"'], [v], ["'", v, "'"]]) };
}

/** `key: value` lines at an indent (a PEM becomes a block scalar). */
function yamlPairs(r: Rng, items: { name: string; value: Value }[], indent: string, key: (n: string) => string = (n) => n): Line[] {
  const out: Line[] = [];
  for (const it of items) {
    const s = yamlScalar(r, it.value, `${indent}  `);
    out.push([`${indent}${key(it.name)}: `, ...s.first]);
    if (s.block) out.push([`${indent}  `, s.block]);
  }
  return out;
}

function decoyYamlLines(d: DecoyOut, indent: string): Line[] {
  return isGroup(d) ? [] : d.map((l) => [indent, ...l]);
}

function k8sFile(r: Rng, b: FileBuilder, groups: Group[], decoys: DecoyOut[]): void {
  const name = r.pick(['api', 'worker', 'risk-assessment-engine', 'orders', 'gateway']);
  const envGroups = [...groups.filter((g) => g.items.every((i) => !i.value.pem)), ...decoys.filter(isGroup).filter((g) => g.items.every((i) => !i.value.pem))];
  const secretGroups = [...groups.filter((g) => g.items.some((i) => i.value.pem)), ...decoys.filter(isGroup).filter((g) => g.items.some((i) => i.value.pem))];
  const envLines: Line[] = [];
  for (const g of r.shuffle(envGroups)) {
    for (const it of g.items) {
      envLines.push([`            - name: ${it.name}`]);
      const s = yamlScalar(r, it.value, '                ');
      envLines.push(['              value: ', ...s.first]);
    }
    if (r.chance(0.3)) envLines.push([`            - name: ${noun(r).toUpperCase()}_URL`], [`              value: "http://${noun(r)}.${r.pick(['default', 'prod'])}.svc.cluster.local"`]);
  }
  b.lines([
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    '  labels:',
    `    app.kubernetes.io/name: ${name}`,
    'spec:',
    `  replicas: ${r.int(1, 4)}`,
    '  selector:',
    '    matchLabels:',
    `      app.kubernetes.io/name: ${name}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app.kubernetes.io/name: ${name}`,
    '    spec:',
    '      containers:',
    `        - name: ${name}`,
    `          image: ghcr.io/acme/${name}:${r.int(1, 3)}.${r.int(0, 20)}.${r.int(0, 9)}`,
    '          ports:',
    `            - containerPort: ${r.pick([3000, 8080, 8000])}`,
    '          env:',
    '            - name: DB_PASSWORD',
    '              valueFrom:',
    '                secretKeyRef:',
    `                  name: ${name}-db`,
    '                  key: password',
  ]);
  b.lines(envLines);
  b.lines(['          resources:', '            limits:', `              memory: ${r.pick(['256Mi', '512Mi', '1Gi'])}`]);
  const raws = decoys.filter((d) => !isGroup(d));
  if (secretGroups.length > 0 || raws.length > 0) {
    b.lines(['---', 'apiVersion: v1', `kind: ${secretGroups.length > 0 ? 'Secret' : 'ConfigMap'}`, 'metadata:', `  name: ${name}-config`]);
    if (secretGroups.length > 0) b.lines(['type: Opaque', 'stringData:']);
    else b.line('data:');
    for (const g of secretGroups) b.lines(yamlPairs(r, g.items, '  '));
    for (const d of raws) b.lines(decoyYamlLines(d, '  '));
  }
}

function composeFile(r: Rng, b: FileBuilder, groups: Group[], decoys: DecoyOut[]): void {
  const listStyle = r.chance(0.4);
  b.lines(['services:', '  api:', `    build: .`, '    ports:', `      - "${r.pick([3000, 8080])}:${r.pick([3000, 8080])}"`, '    environment:']);
  const all = r.shuffle([...groups, ...decoys.filter(isGroup)]);
  for (const g of all) {
    for (const it of g.items) {
      if (listStyle) b.line(['      - ', it.name, '=', it.value]);
      else b.line([`      ${it.name}: `, ...yamlScalar(r, it.value, '        ').first]);
    }
  }
  b.lines(['    depends_on:', '      - db', '  db:', `    image: postgres:${r.int(13, 17)}`, '    volumes:', '      - pgdata:/var/lib/postgresql/data']);
  const raws = decoys.filter((d) => !isGroup(d));
  if (raws.length > 0) {
    b.line('  cache:');
    b.line('    image: redis:7');
    for (const d of raws) b.lines(decoyYamlLines(d, '    # '));
  }
  b.lines(['volumes:', '  pgdata: {}']);
}

function ghaFile(r: Rng, b: FileBuilder, groups: Group[], decoys: DecoyOut[]): void {
  const all = r.shuffle([...groups, ...decoys.filter(isGroup)]);
  const top = all.slice(0, Math.ceil(all.length / 2));
  const step = all.slice(Math.ceil(all.length / 2));
  const envLines = (gs: Group[], ind: string): Line[] => gs.flatMap((g) => g.items.map((it): Line => [`${ind}${it.name}: `, ...yamlScalar(r, it.value, ind).first]));
  b.lines([`name: ${r.pick(['CI', 'Deploy', 'Release'])}`, 'on:', '  push:', '    branches: [main]', '  pull_request:', '']);
  if (top.length > 0) {
    b.line('env:');
    b.lines(envLines(top, '  '));
  }
  b.lines(['jobs:', '  build:', '    runs-on: ubuntu-latest', '    env:', '      NODE_OPTIONS: --max-old-space-size=4096', '      NPM_TOKEN: ${{ secrets.NPM_TOKEN }}', '    steps:', '      - uses: actions/checkout@v4', '      - uses: actions/setup-node@v4', '        with:', '          node-version: 20', '      - run: npm ci', '      - run: npm test']);
  b.lines(['      - name: Deploy', ...(step.length > 0 ? ['        env:'] : [])]);
  b.lines(envLines(step, '          '));
  b.line(`        run: ./scripts/deploy.sh ${r.pick(['production', 'staging'])}`);
  for (const d of decoys.filter((x) => !isGroup(x))) b.lines(decoyYamlLines(d, '      # '));
}

function yamlFile(r: Rng, b: FileBuilder, groups: Group[], decoys: DecoyOut[]): void {
  b.lines([`${r.pick(['app', 'service', 'default'])}:`, `  name: ${r.pick(['orders', 'billing', 'gateway'])}`, `  port: ${r.pick([8080, 3000])}`, '']);
  const blocks: Block[] = [
    ...[...groups, ...decoys.filter(isGroup)].map((g) => [[`${section(g)}:`], ...yamlPairs(r, g.items, '  ', snake)]),
    ...decoys.filter((d) => !isGroup(d)).map((d) => [['security:'], ...decoyYamlLines(d, '  ')]),
  ];
  const fill = (): Block => r.pick([() => [['logging:'], [`  level: ${r.pick(['INFO', 'DEBUG'])}`]], () => [['cache:'], [`  ttl: ${r.int(30, 900)}`], ['  backend: redis']], () => [['']]])();
  for (const blk of mix(r, blocks, fill, r.int(2, 4))) b.lines(blk);
}

// --- JSON ---------------------------------------------------------------------------------------

/** `"key": "value"` entries, escaped for JSON, joined with commas across lines. */
function jsonEntries(entries: { key: string; value: Value | string }[], indent: string): Line[] {
  return entries.map((e, i): Line => {
    const comma = i < entries.length - 1 ? ',' : '';
    const v = typeof e.value === 'string' ? e.value : jsonEscape(e.value.pem ? pemOneLine(e.value) : e.value);
    return [`${indent}"${e.key}": "`, v, `"${comma}`];
  });
}

function jsonFile(r: Rng, b: FileBuilder, groups: Group[], decoys: DecoyOut[]): void {
  const sections = [...groups, ...decoys.filter(isGroup)].map((g) => ({ key: camel(section(g)), items: g.items }));
  const filler = [{ key: 'server', items: [{ name: 'HOST', value: { text: '0.0.0.0' } }, { name: 'BASE_URL', value: { text: `https://${r.pick(['api', 'app'])}.acme.io` } }] }];
  const all = r.shuffle([...sections, ...filler]);
  b.line('{');
  b.line(`  "name": "${r.pick(['orders-api', 'web', 'billing'])}",`);
  b.line(`  "version": "${r.int(0, 4)}.${r.int(0, 20)}.${r.int(0, 9)}",`);
  all.forEach((s, i) => {
    b.line(`  "${s.key}": {`);
    b.lines(jsonEntries(s.items.map((it) => ({ key: camel(it.name), value: it.value })), '    '));
    b.line(`  }${i < all.length - 1 ? ',' : ''}`);
  });
  b.line('}');
}

// --- Terraform, Dockerfile, properties, INI -----------------------------------------------------

function tfValue(_r: Rng, v: Value): { first: Piece[]; rest?: Line[] } {
  if (v.expr) return { first: [v] };
  if (v.pem) return { first: ['<<-EOT'], rest: [['    ', pemIndented(v, '    ', 'heredoc')], ['  EOT']] };
  return { first: ['"', v, '"'] };
}

function tfFile(r: Rng, b: FileBuilder, groups: Group[], decoys: DecoyOut[]): void {
  b.lines(['terraform {', '  required_version = ">= 1.5"', '  required_providers {', '    aws = { source = "hashicorp/aws", version = "~> 5.0" }', '  }', '}', '']);
  const blocks: Block[] = [];
  for (const g of [...groups, ...decoys.filter(isGroup)]) {
    if (g.key === 'aws' && g.items.length >= 2 && r.chance(0.6)) {
      const id = tfValue(r, g.items[0].value);
      const sec = tfValue(r, g.items[1].value);
      blocks.push([['provider "aws" {'], ['  region     = "us-east-1"'], ['  access_key = ', ...id.first], ['  secret_key = ', ...sec.first], ['}'], ['']]);
      continue;
    }
    for (const it of g.items) {
      const v = tfValue(r, it.value);
      const style = r.int(0, 2);
      const sensitive = /KEY|TOKEN|SECRET|PASS|CERT/.test(it.name) ? [['  sensitive = true']] : [];
      if (style === 0 || v.rest) blocks.push([[`variable "${snake(it.name)}" {`], ['  type      = string'], ...sensitive, ['  default   = ', ...v.first], ...(v.rest ?? []), ['}'], ['']]);
      else if (style === 1) blocks.push([['locals {'], [`  ${snake(it.name)} = `, ...v.first], ['}'], ['']]);
      else blocks.push([[`resource "aws_ssm_parameter" "${snake(it.name)}" {`], [`  name  = "/${r.pick(['prod', 'staging'])}/${kebab(it.name)}"`], ['  type  = "SecureString"'], ['  value = ', ...v.first], ['}'], ['']]);
    }
  }
  for (const d of decoys.filter((x) => !isGroup(x)) as Line[][]) blocks.push([['resource "aws_db_instance" "main" {'], ['  engine         = "postgres"'], ['  instance_class = "db.t3.micro"'], ['  username       = "app"'], ...d, ['}'], ['']]);
  const fill = (): Block => r.pick([() => [['resource "aws_s3_bucket" "assets" {'], [`  bucket = "acme-${noun(r)}-assets"`], ['}'], ['']], () => [['output "endpoint" {'], ['  value = aws_lb.main.dns_name'], ['}'], ['']]])();
  for (const blk of mix(r, blocks, fill, r.int(1, 3))) b.lines(blk);
}

function dockerfile(r: Rng, b: FileBuilder, groups: Group[], decoys: DecoyOut[]): void {
  b.lines([`FROM ${r.pick(['node:20-alpine', 'python:3.12-slim', 'golang:1.22'])} AS build`, 'WORKDIR /app', 'COPY . .']);
  for (const g of [...groups, ...decoys.filter(isGroup)]) {
    for (const it of g.items) {
      const kw = r.pick(['ENV', 'ARG', 'ENV']);
      if (g.key === 'npm' && it.value.plant && r.chance(0.5)) b.line(L`RUN echo "//registry.npmjs.org/:_authToken=${it.value}" > .npmrc && npm ci && rm .npmrc`);
      else b.line([`${kw} ${it.name}=`, ...(r.chance(0.5) ? ['"', it.value, '"'] : [it.value])]);
    }
  }
  for (const d of decoys.filter((x) => !isGroup(x)) as Line[][]) b.lines(d.map((l) => ['# ', ...l]));
  b.lines(['RUN npm ci && npm run build', '', 'FROM gcr.io/distroless/nodejs20', 'COPY --from=build /app/dist /app', 'CMD ["/app/server.js"]']);
}

function propertiesFile(r: Rng, b: FileBuilder, groups: Group[], decoys: DecoyOut[]): void {
  b.lines(['# Spring Boot configuration', `server.port=${r.pick([8080, 8081])}`, 'spring.jpa.hibernate.ddl-auto=validate', '']);
  for (const g of r.shuffle([...groups, ...decoys.filter(isGroup)])) {
    for (const it of g.items) {
      const key = it.name.startsWith('SPRING_') ? dotted(it.name) : `app.${dotted(section(g))}.${kebab(it.name)}`;
      b.line([`${key}=`, it.value.pem ? pemOneLine(it.value) : it.value]);
    }
  }
  for (const d of decoys.filter((x) => !isGroup(x)) as Line[][]) b.lines(d);
  b.lines(['management.endpoints.web.exposure.include=health,info']);
}

function iniFile(r: Rng, b: FileBuilder, groups: Group[], decoys: DecoyOut[]): void {
  b.lines(['[DEFAULT]', `timeout = ${r.int(5, 60)}`, '']);
  for (const g of r.shuffle([...groups, ...decoys.filter(isGroup)])) {
    b.line(`[${section(g)}]`);
    for (const it of g.items) b.line([`${snake(it.name)} = `, it.value.pem ? pemOneLine(it.value) : it.value]);
    b.line('');
  }
  const raws = decoys.filter((x) => !isGroup(x)) as Line[][];
  if (raws.length > 0) {
    b.line('[database]');
    for (const d of raws) b.lines(d);
  }
}

// --- Markdown, notebooks, minified bundles ---------------------------------------------------------

function mdFile(r: Rng, b: FileBuilder, groups: Group[], decoys: DecoyOut[]): void {
  b.lines([`# ${r.pick(['Orders API', 'Acme Web', 'Billing Service', 'Data Pipeline'])}`, '', `${r.pick(['Internal service that', 'This repository'])} ${r.pick(['syncs orders from Shopify', 'runs the nightly reports', 'serves the customer dashboard'])}.`, '', '## Setup', '']);
  const blocks: Block[] = [];
  for (const g of groups) {
    const kind = r.int(0, 3);
    if (g.items.some((i) => i.value.pem)) {
      blocks.push([['The deploy key (do not share):'], [''], ['```'], ...g.items.filter((i) => i.value.pem).map((i): Line => [i.value]), ['```'], ['']]);
    } else if (kind === 0) {
      const use = g.noSdk ? null : shellUse(r, g);
      blocks.push([['```bash'], ...(use ?? g.items.map((i): Line => [`export ${i.name}="`, i.value, '"'])), ['```'], ['']]);
    } else if (kind === 1) {
      blocks.push([['```python'], ...renderCode(r, 'py', g), ['```'], ['']]);
    } else if (kind === 2) {
      blocks.push([['Add this to `.env`:'], [''], ['```'], ...g.items.map((i): Line => [`${i.name}=`, i.value]), ['```'], ['']]);
    } else {
      blocks.push(g.items.filter((i) => i.value.plant).map((i): Line => [`- ${i.name}: \``, i.value, '`']).concat([['']]));
    }
  }
  for (const d of decoys) {
    if (isGroup(d)) {
      if (d.items.some((i) => i.value.pem)) blocks.push([['```'], ...d.items.map((i): Line => [i.value]), ['```'], ['']]);
      else blocks.push([[r.pick(['Set', 'Export', 'Configure'])], ['```bash'], ...d.items.map((i): Line => [`export ${i.name}=`, ...(i.value.expr ? [i.value] : ['"', i.value, '"'])]), ['```'], ['']]);
    } else blocks.push([...d, ['']]);
  }
  const fill = (): Block => r.pick([() => [['## Running tests'], [''], ['```bash'], ['npm test'], ['```'], ['']], () => [[`See [docs/${noun(r)}.md](docs/${noun(r)}.md) for the ${noun(r)} flow.`], ['']], () => [['| Variable | Description |'], ['| --- | --- |'], [`| \`${noun(r).toUpperCase()}_URL\` | where the ${noun(r)} service lives |`], ['']]])();
  for (const blk of mix(r, blocks, fill, r.int(2, 4))) b.lines(blk);
}

/** A Line of Python as one JSON string of a notebook cell's source. */
function nbLine(l: Line, last: boolean): Line {
  const esc = (s: string) => JSON.stringify(s).slice(1, -1);
  return ['    "', ...l.map((p): Piece => (typeof p === 'string' ? esc(p) : jsonEscape(p))), last ? '"' : '\\n",'];
}

function ipynbFile(r: Rng, b: FileBuilder, groups: Group[], decoys: DecoyOut[]): void {
  const cells: { type: 'code' | 'markdown'; lines: Line[]; output?: Line[] }[] = [];
  cells.push({ type: 'markdown', lines: [[`# ${r.pick(['Churn analysis', 'Embedding experiments', 'Sales forecast'])}`]] });
  cells.push({ type: 'code', lines: [['import os'], ['import pandas as pd'], ['from openai import OpenAI']] });
  for (const g of groups) {
    const lines = renderCode(r, 'ipynb', g);
    const secret = g.items.find((i) => i.value.plant)?.value;
    // echo only self-identifying tokens: a bare 32-hex line in an output cannot be told from a hash
    const distinctive = !!secret && (secret.text.includes(['T3Bl', 'bkFJ'].join('')) || /^(?:sk-ant-|sk-or-v1-|ghp_|gsk_|xox[bp]-|hf_|glpat-|npm_|pypi-|SG\.|AIza|sk_live_|rk_live_|xai-|pplx-|r8_|github_pat_)/.test(secret.text));
    const output = secret && distinctive && isSimple(secret) && r.chance(0.3) ? [[secret] as Line] : undefined;
    cells.push({ type: 'code', lines: output ? [...lines, ['print(client.api_key if "client" in globals() else "configured")']] : lines, output });
  }
  for (const d of decoys) cells.push({ type: 'code', lines: isGroup(d) ? renderCode(r, 'ipynb', d) : d });
  cells.push({ type: 'code', lines: [[`df = pd.read_csv("data/${noun(r)}s.csv")`], ['df.describe()']] });
  const ordered = [cells[0], cells[1], ...r.shuffle(cells.slice(2))];
  b.lines(['{', ' "cells": [']);
  ordered.forEach((c, ci) => {
    b.lines(['  {', `   "cell_type": "${c.type}",`, '   "metadata": {},']);
    if (c.type === 'code') b.line(`   "execution_count": ${ci},`);
    if (c.type === 'code') {
      if (c.output) {
        b.lines(['   "outputs": [', '    {', '     "name": "stdout",', '     "output_type": "stream",', '     "text": [']);
        b.line(['      "', ...c.output[0], '\\n"']);
        b.lines(['     ]', '    }', '   ],']);
      } else b.line('   "outputs": [],');
    }
    b.line('   "source": [');
    c.lines.forEach((l, i) => b.line(nbLine(l, i === c.lines.length - 1)));
    b.line('   ]');
    b.line(`  }${ci < ordered.length - 1 ? ',' : ''}`);
  });
  b.lines([' ],', ' "metadata": {', '  "kernelspec": { "display_name": "Python 3", "language": "python", "name": "python3" }', ' },', ' "nbformat": 4,', ' "nbformat_minor": 5', '}']);
}

function minjsFile(r: Rng, b: FileBuilder, groups: Group[], decoys: DecoyOut[]): void {
  b.line(`/*! ${r.pick(['app', 'vendor', 'main'])} v${r.int(1, 5)}.${r.int(0, 20)}.${r.int(0, 9)} | (c) Acme Inc | MIT */`);
  const parts: Piece[][] = [];
  const id = () => r.pick(['e', 't', 'n', 'r', 'o', 'i', 'a', 's', 'u', 'c', 'l', 'd']);
  const fill = (): Piece[] =>
    r.pick([
      () => [`function ${id()}(${id()},${id()}){return ${id()}.apply(this,arguments)}`],
      () => [`var ${id()}=${id()}.n(${id()}),${id()}="chunk-${r.chars(HEX, 8)}",${id()}=[${r.int(10, 900)},${r.int(10, 900)}];`],
      () => [`${id()}.exports={render:function(){return this.$createElement("div",{staticClass:"card-${r.chars(HEX, 6)}"})}};`],
      () => [`"use strict";Object.defineProperty(${id()},"__esModule",{value:!0});`],
      () => [`${id()}.p="/static/js/";${id()}.u=function(${id()}){return"js/"+${id()}+"."+{${r.int(100, 999)}:"${r.chars(HEX, 20)}",${r.int(100, 999)}:"${r.chars(HEX, 20)}"}[${id()}]+".js"};`],
    ])();
  for (const g of [...groups, ...decoys.filter(isGroup)]) {
    const fields = g.items.flatMap((it, i): Piece[] => [i > 0 ? ',' : '', `${camel(it.name)}:"`, it.value.pem ? pemOneLine(it.value) : it.value, '"']);
    parts.push([`var ${id()}={`, ...fields, '};']);
  }
  for (let i = 0; i < r.int(6, 14); i++) parts.push(fill());
  b.inline(['!function(){', ...r.shuffle(parts).flat(), '}();']);
  b.line('');
  b.line(`//# sourceMappingURL=app.${r.chars(HEX, 8)}.js.map`);
}

// --- native credential files ---------------------------------------------------------------------

function renderNative(r: Rng, kind: NativeKind, b: FileBuilder, groups: Group[]): void {
  switch (kind) {
    case 'aws-credentials':
      groups.forEach((g, i) => {
        b.line(`[${i === 0 ? 'default' : r.pick(['prod', 'staging', 'ci', 'admin'])}]`);
        b.line(['aws_access_key_id = ', g.items[0].value]);
        b.line(['aws_secret_access_key = ', g.items[1].value]);
        if (r.chance(0.5)) b.line(['region = ', g.items[2]?.value.text ?? 'us-east-1']);
        b.line('');
      });
      return;
    case 'gcp-json': {
      const g = groups[0];
      const key = g.items.find((i) => i.value.pem)!.value;
      const keyId = g.items.find((i) => !i.value.pem)!.value.text;
      const project = `${r.pick(['acme', 'globex', 'initech'])}-${r.pick(['prod', 'data', 'ml'])}-${r.int(100000, 999999)}`;
      const email = `${r.pick(['deployer', 'firebase-adminsdk-x1b2c', 'bq-reader', 'ci'])}@${project}.iam.gserviceaccount.com`;
      const withFile: Value = key.plant ? { ...key, plant: { ...key.plant, withinFile: true } } : key;
      b.lines([
        '{',
        '  "type": "service_account",',
        `  "project_id": "${project}",`,
        `  "private_key_id": "${keyId}",`,
      ]);
      b.line(['  "private_key": "', pemOneLine(withFile), '",']);
      b.lines([
        `  "client_email": "${email}",`,
        `  "client_id": "${r.digits(21)}",`,
        '  "auth_uri": "https://accounts.google.com/o/oauth2/auth",',
        '  "token_uri": "https://oauth2.googleapis.com/token",',
        '  "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",',
        `  "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(email)}",`,
        '  "universe_domain": "googleapis.com"',
        '}',
      ]);
      return;
    }
    case 'npmrc':
      b.line('registry=https://registry.npmjs.org/');
      for (const g of groups) {
        const it = g.items[0];
        if (it.name === '_auth') b.line(['//nexus.acme.io/repository/npm-private/:_auth=', it.value]);
        else if (it.name === 'npm.pkg.github.com') b.lines(['@acme:registry=https://npm.pkg.github.com', ['//npm.pkg.github.com/:_authToken=', it.value]]);
        else b.line(['//registry.npmjs.org/:_authToken=', it.value]);
      }
      b.lines(['always-auth=true', 'save-exact=true']);
      return;
    case 'netrc':
      for (const g of groups) {
        const it = g.items[0];
        const login = r.pick(['ada@acme.io', 'deploy', 'ci-bot', 'x-access-token']);
        if (r.chance(0.5)) b.line([`machine ${it.name} login ${login} password `, it.value]);
        else b.lines([`machine ${it.name}`, `  login ${login}`, ['  password ', it.value]]);
      }
      return;
    case 'docker-config': {
      b.lines(['{', '  "auths": {']);
      groups.forEach((g, i) => {
        b.line(`    "${g.items[0].name}": {`);
        b.line(['      "auth": "', g.items[0].value, '"']);
        b.line(`    }${i < groups.length - 1 ? ',' : ''}`);
      });
      b.lines(['  },', `  "currentContext": "${r.pick(['default', 'desktop-linux'])}"`, '}']);
      return;
    }
    case 'pem-file':
      for (const g of groups) b.line([g.items[0].value]);
      return;
    case 'pypirc':
      b.lines(['[distutils]', 'index-servers =', '    pypi', '']);
      for (const g of groups) b.lines(['[pypi]', 'username = __token__', ['password = ', g.items[0].value], '']);
      return;
    case 'git-credentials':
      for (const g of groups) b.line([g.items[0].value]);
      return;
    case 'kubeconfig': {
      const cert = b64(Buffer.from(t.pemText(t.publicPem(r, 'cert')) + '\n'));
      b.lines(['apiVersion: v1', 'kind: Config', 'clusters:', '  - cluster:', ['      certificate-authority-data: ', { text: cert, decoy: { kind: 'public-id:certificate-b64' } }], `      server: https://${r.int(10, 200)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}:6443`, '    name: prod', 'users:', '  - name: admin', '    user:']);
      b.line(['      client-certificate-data: ', { text: b64(Buffer.from(t.pemText(t.publicPem(r, 'cert')) + '\n')), decoy: { kind: 'public-id:certificate-b64' } }]);
      for (const g of groups) b.line(['      client-key-data: ', g.items[0].value]);
      b.lines(['contexts:', '  - context:', '      cluster: prod', '      user: admin', '    name: prod', 'current-context: prod']);
      return;
    }
  }
}

// --- decoy-only files ------------------------------------------------------------------------------

export function lockfile(r: Rng, kind: 'package-lock' | 'yarn' | 'go-sum', b: FileBuilder): void {
  const pkgs = r.sample(['lodash', 'express', 'zod', 'axios', 'debug', 'ms', 'chalk', 'commander', 'yaml', 'semver', 'uuid', 'dotenv', 'picocolors', 'undici'], r.int(6, 12));
  const integrity = () => ({ text: `sha512-${b64(r.bytes(64))}`, decoy: { kind: 'lockfile-integrity' } });
  if (kind === 'package-lock') {
    b.lines(['{', `  "name": "${r.pick(['web', 'api'])}",`, '  "lockfileVersion": 3,', '  "requires": true,', '  "packages": {']);
    pkgs.forEach((p, i) => {
      const ver = `${r.int(0, 9)}.${r.int(0, 30)}.${r.int(0, 20)}`;
      b.lines([`    "node_modules/${p}": {`, `      "version": "${ver}",`, `      "resolved": "https://registry.npmjs.org/${p}/-/${p}-${ver}.tgz",`]);
      b.line(['      "integrity": "', integrity(), '",']);
      b.line(`      "license": "MIT"`);
      b.line(`    }${i < pkgs.length - 1 ? ',' : ''}`);
    });
    b.lines(['  }', '}']);
  } else if (kind === 'yarn') {
    b.lines(['# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.', '# yarn lockfile v1', '']);
    for (const p of pkgs) {
      const ver = `${r.int(0, 9)}.${r.int(0, 30)}.${r.int(0, 20)}`;
      b.lines([`${p}@^${ver}:`, `  version "${ver}"`, [`  resolved "https://registry.yarnpkg.com/${p}/-/${p}-${ver}.tgz#`, { text: r.chars(HEX, 40), decoy: { kind: 'git-sha' } }, '"'], ['  integrity ', integrity()], '']);
    }
  } else {
    const mods = r.sample(['github.com/stretchr/testify', 'golang.org/x/sync', 'github.com/spf13/cobra', 'go.uber.org/zap', 'github.com/google/uuid', 'golang.org/x/crypto', 'github.com/jackc/pgx/v5'], r.int(4, 7));
    for (const m of mods) {
      const ver = `v${r.int(0, 2)}.${r.int(0, 30)}.${r.int(0, 9)}`;
      b.line([`${m} ${ver} `, { text: `h1:${b64(r.bytes(32))}`, decoy: { kind: 'go-sum' } }]);
      b.line([`${m} ${ver}/go.mod `, { text: `h1:${b64(r.bytes(32))}`, decoy: { kind: 'go-sum' } }]);
    }
  }
}

export function cssFile(r: Rng, b: FileBuilder, dataUri: () => string, classes: string[]): void {
  for (const c of classes) {
    b.line(['.', { text: c, decoy: { kind: 'css-class' } }, ' {']);
    b.lines([`  color: #${r.chars(HEX, 6)};`, `  padding: ${r.int(2, 24)}px ${r.int(2, 24)}px;`, '}', '']);
  }
  b.line(['.hero { background-image: url("', { text: dataUri(), decoy: { kind: 'data-uri' } }, '"); }']);
  b.line(['@font-face { font-family: "Inter"; src: url(', { text: dataUri(), decoy: { kind: 'data-uri' } }, ') format("woff2"); }']);
}

export function authorizedKeys(r: Rng, b: FileBuilder): void {
  for (let i = 0; i < r.int(2, 4); i++) {
    const line =
      r.chance(0.5)
        ? `ssh-ed25519 ${b64(t.ed25519Public(r))} ${r.pick(['ada', 'grace', 'ci'])}@${r.pick(['laptop', 'build'])}`
        : `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ${r.chars(B64, 340)}= ${r.pick(['linus', 'deploy'])}@${r.pick(['host', 'bastion'])}`;
    b.line([{ text: line, decoy: { kind: 'public-id:ssh-public-key' } }]);
  }
}

export function changelog(r: Rng, b: FileBuilder): void {
  b.lines(['# Changelog', '']);
  for (let i = 0; i < r.int(3, 6); i++) {
    b.lines([`## ${r.int(1, 3)}.${r.int(0, 20)}.${r.int(0, 9)}`, '']);
    b.line([`- ${r.pick(['Fix', 'Add', 'Improve'])} ${noun(r)} ${verb(r)}ing (`, { text: r.chars(HEX, 40), decoy: { kind: 'git-sha' } }, ')']);
    b.line([`- Request id for the outage: `, { text: r.uuid(), decoy: { kind: 'uuid' } }]);
    b.line('');
  }
}

export function sopsFile(r: Rng, b: FileBuilder): void {
  b.lines(['creation_rules:', '  - path_regex: secrets/.*\\.yaml$']);
  b.line(['    age: ', { text: t.ageRecipient(r), decoy: { kind: 'public-id:age-recipient' } }]);
}

// --- dispatch --------------------------------------------------------------------------------------

export function renderFile(r: Rng, spec: FileSpec, groups: Group[], decoys: DecoyOut[]): FileBuilder {
  const b = new FileBuilder(spec.path);
  if (spec.native) {
    renderNative(r, spec.native, b, groups);
    return b;
  }
  const lang = spec.lang;
  if (CODE_LANGS.includes(lang)) {
    const blocks: Block[] = [
      ...groups.map((g) => renderCode(r, lang, g)),
      ...decoys.map((d) => (isGroup(d) ? renderCode(r, lang, d) : wrapLines(r, lang, d))),
    ];
    b.lines(header(r, lang));
    for (const blk of mix(r, blocks, () => filler(r, lang), r.int(2, 5))) {
      b.lines(blk);
      if (r.chance(0.5)) b.line('');
    }
    b.lines(footer(lang));
    return b;
  }
  const fn = {
    env: envFile,
    k8s: k8sFile,
    compose: composeFile,
    gha: ghaFile,
    yaml: yamlFile,
    json: jsonFile,
    tf: tfFile,
    dockerfile,
    md: mdFile,
    ipynb: ipynbFile,
    properties: propertiesFile,
    ini: iniFile,
    minjs: minjsFile,
  }[lang as Exclude<LangId, 'ts' | 'js' | 'py' | 'go' | 'java' | 'rb' | 'php' | 'cs' | 'sh'>];
  fn(r, b, groups, decoys);
  return b;
}

