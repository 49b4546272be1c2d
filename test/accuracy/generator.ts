// Seeded generator of realistic fake projects for the accuracy measurement. A project mixes
// ordinary code and configuration with planted credentials (the positives, every family of
// credentials.ts) and look-alikes (the negatives of lookalikes.ts), in many languages and file
// kinds. Deterministic: the same seed writes the same files and the same manifest.
//
//   generateProject(seed, dir) → Manifest { planted: [{ file, line, family, secret, … }], decoys }
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CORE_FAMILIES, EXTENDED_FAMILIES, type FamilySpec } from './credentials.js';
import { type FileSpec, authorizedKeys, changelog, cssFile, lockfile, renderFile, sopsFile } from './files.js';
import { CSS_CLASSES, DECOYS, type DecoyOut, dataUri } from './lookalikes.js';
import { ALL_LANGS, FileBuilder, type Group, type LangId, type NativeKind, type PlantedDecoy, type PlantedSecret } from './pieces.js';
import { Rng } from './prng.js';

export type { PlantedDecoy, PlantedSecret } from './pieces.js';

export interface Manifest {
  seed: number;
  root: string;
  theme: string;
  files: string[];
  planted: PlantedSecret[];
  decoys: PlantedDecoy[];
}

export interface GenerateOptions {
  /** Plant the extended (not gated) families too. Default true. */
  extended?: boolean;
  /** Extra positives beyond one per family. Default 8–14. */
  extra?: number;
  /** Look-alikes per project. Default 80–120. */
  decoys?: number;
}

type Theme = 'node' | 'python' | 'go' | 'java' | 'ruby' | 'php' | 'dotnet';

function themeFiles(r: Rng, theme: Theme): FileSpec[] {
  const n = () => r.pick(['orders', 'billing', 'users', 'reports', 'payments', 'search', 'notify']);
  const N = () => {
    const s = n();
    return s[0].toUpperCase() + s.slice(1);
  };
  switch (theme) {
    case 'node':
      return [
        { path: 'src/config.ts', lang: 'ts' },
        { path: `src/services/${n()}.ts`, lang: 'ts' },
        { path: `src/lib/${n()}Client.ts`, lang: 'ts' },
        { path: 'src/index.js', lang: 'js' },
        { path: `scripts/seed-${n()}.js`, lang: 'js' },
        { path: `test/${n()}.test.ts`, lang: 'ts' },
        { path: 'config/default.json', lang: 'json' },
      ];
    case 'python':
      return [
        { path: 'app/settings.py', lang: 'py' },
        { path: `app/services/${n()}.py`, lang: 'py' },
        { path: `scripts/sync_${n()}.py`, lang: 'py' },
        { path: `tests/test_${n()}.py`, lang: 'py' },
        { path: `notebooks/${n()}-analysis.ipynb`, lang: 'ipynb' },
        { path: 'config/settings.ini', lang: 'ini' },
      ];
    case 'go':
      return [
        { path: 'cmd/server/main.go', lang: 'go' },
        { path: `internal/${n()}/client.go`, lang: 'go' },
        { path: 'pkg/config/config.go', lang: 'go' },
        { path: 'config/app.yaml', lang: 'yaml' },
      ];
    case 'java':
      return [
        { path: `src/main/java/com/acme/${N()}Service.java`, lang: 'java' },
        { path: `src/main/java/com/acme/config/${N()}Config.java`, lang: 'java' },
        { path: 'src/main/resources/application.properties', lang: 'properties' },
        { path: 'src/main/resources/application.yml', lang: 'yaml' },
      ];
    case 'ruby':
      return [
        { path: `config/initializers/${n()}.rb`, lang: 'rb' },
        { path: `app/services/${n()}_service.rb`, lang: 'rb' },
        { path: 'config/database.yml', lang: 'yaml' },
        { path: 'lib/tasks/import.rb', lang: 'rb' },
      ];
    case 'php':
      return [
        { path: 'config/services.php', lang: 'php' },
        { path: `app/Http/Controllers/${N()}Controller.php`, lang: 'php' },
        { path: `app/Jobs/Sync${N()}.php`, lang: 'php' },
      ];
    case 'dotnet':
      return [
        { path: `src/Acme.Api/${N()}Client.cs`, lang: 'cs' },
        { path: `src/Acme.Api/Services/${N()}Service.cs`, lang: 'cs' },
        { path: 'src/Acme.Api/appsettings.json', lang: 'json' },
        { path: 'src/Acme.Api/appsettings.Development.json', lang: 'json' },
      ];
  }
}

function commonFiles(r: Rng): FileSpec[] {
  const pool: FileSpec[] = [
    { path: r.pick(['.env', '.env.local', '.env.production']), lang: 'env' },
    { path: r.pick(['.env.staging', 'deploy/.env', 'services/api/.env']), lang: 'env' },
    { path: 'docker-compose.yml', lang: 'compose' },
    { path: `.github/workflows/${r.pick(['ci', 'deploy', 'release'])}.yml`, lang: 'gha' },
    { path: r.pick(['k8s/deployment.yaml', 'deploy/k8s/api.yaml', 'charts/api/templates/deployment.yaml']), lang: 'k8s' },
    { path: r.pick(['infra/main.tf', 'terraform/prod/main.tf']), lang: 'tf' },
    { path: r.pick(['infra/variables.tf', 'terraform/prod/secrets.tf']), lang: 'tf' },
    { path: 'Dockerfile', lang: 'dockerfile' },
    { path: 'README.md', lang: 'md' },
    { path: r.pick(['docs/setup.md', 'docs/deploy.md', 'CONTRIBUTING.md']), lang: 'md' },
    { path: r.pick(['scripts/deploy.sh', 'bin/bootstrap.sh', 'ops/rotate.sh']), lang: 'sh' },
    { path: `public/assets/app.${r.chars('0123456789abcdef', 8)}.min.js`, lang: 'minjs' },
    { path: r.pick(['tools/migrate.py', 'scripts/backfill.py']), lang: 'py' },
    { path: r.pick(['tools/healthcheck.go', 'hack/gen.go']), lang: 'go' },
    { path: r.pick(['web/src/api.ts', 'frontend/src/lib/client.ts']), lang: 'ts' },
    { path: r.pick(['config/secrets.yml', 'ansible/group_vars/all.yml']), lang: 'yaml' },
    { path: r.pick(['config/app.json', 'firebase.json', '.vscode/settings.json']), lang: 'json' },
    { path: r.pick(['setup.cfg', 'config/app.ini']), lang: 'ini' },
    { path: r.pick(['notebooks/explore.ipynb', 'research/eval.ipynb']), lang: 'ipynb' },
    { path: r.pick(['scripts/report.rb', 'scripts/cleanup.php', 'tools/Export.java', 'tools/Sync.cs']), lang: 'rb' },
  ];
  // keep the language of the polyglot script consistent with its extension
  const last = pool[pool.length - 1];
  last.lang = ({ rb: 'rb', php: 'php', java: 'java', cs: 'cs' } as Record<string, LangId>)[last.path.split('.').pop() ?? 'rb'];
  return r.sample(pool, r.int(14, pool.length));
}

const NATIVE_PATHS: Record<NativeKind, (r: Rng, i: number) => string> = {
  'aws-credentials': (r) => r.pick(['.aws/credentials', 'deploy/aws/credentials', 'home/ci/.aws/credentials']),
  'gcp-json': (r, i) => r.pick([`credentials/service-account${i ? `-${i}` : ''}.json`, `config/gcp-key${i ? `-${i}` : ''}.json`, `secrets/firebase-adminsdk-${i}.json`]),
  npmrc: (r) => r.pick(['.npmrc', 'packages/web/.npmrc']),
  netrc: (r) => r.pick(['.netrc', 'deploy/netrc', 'home/ci/.netrc']),
  'docker-config': (r) => r.pick(['.docker/config.json', 'ci/docker/config.json']),
  'pem-file': (r, i) => r.pick([`keys/deploy_key_${i}`, `certs/server-${i}.key`, `.ssh/id_rsa_${i}`, `config/jwt/private-${i}.pem`]),
  pypirc: () => '.pypirc',
  'git-credentials': () => '.git-credentials',
  kubeconfig: (r) => r.pick(['.kube/config', 'deploy/kubeconfig.yaml']),
};

/** Generate one project under `root` (created if needed) and return what was planted where. */
export function generateProject(seed: number, root: string, options: GenerateOptions = {}): Manifest {
  const r = new Rng(seed);
  const theme = r.pick<Theme>(['node', 'python', 'go', 'java', 'ruby', 'php', 'dotnet']);
  const specs: FileSpec[] = [...themeFiles(r, theme), ...commonFiles(r)];
  const seen = new Set<string>();
  const files = specs.filter((f) => (seen.has(f.path) ? false : (seen.add(f.path), true)));

  // Positives: every core family once, extended ones most of the time, plus extra draws.
  const families: FamilySpec[] = [...CORE_FAMILIES];
  if (options.extended !== false) families.push(...EXTENDED_FAMILIES.filter(() => r.chance(0.7)));
  for (let i = 0, n = options.extra ?? r.int(8, 14); i < n; i++) families.push(r.pick(CORE_FAMILIES));
  const groups = families.map((f) => f.make(r));

  const load = new Map<string, number>(files.map((f) => [f.path, 0]));
  const assigned = new Map<string, Group[]>(files.map((f) => [f.path, []]));
  const natives = new Map<NativeKind, Group[]>();
  for (const g of groups) {
    const allowedLangs = g.langs && g.langs.length > 0 ? g.langs : ALL_LANGS;
    // a service account meant for TS/JS code goes to its JSON file when the project has no such code
    if (!g.native && g.key === 'gcp' && !files.some((f) => allowedLangs.includes(f.lang))) g.native = 'gcp-json';
    if (g.native) {
      const list = natives.get(g.native) ?? [];
      list.push(g);
      natives.set(g.native, list);
      continue;
    }
    const candidates = files.filter((f) => allowedLangs.includes(f.lang));
    if (candidates.length === 0) throw new Error(`no file for group ${g.key}`);
    // prefer the least loaded files, randomly among them
    const min = Math.min(...candidates.map((f) => load.get(f.path) ?? 0));
    const pickFrom = candidates.filter((f) => (load.get(f.path) ?? 0) <= min + 1);
    const file = r.pick(pickFrom);
    assigned.get(file.path)!.push(g);
    load.set(file.path, (load.get(file.path) ?? 0) + 1);
  }

  // Negatives, in the syntax of the file they land in.
  const decoysFor = new Map<string, DecoyOut[]>(files.map((f) => [f.path, []]));
  for (let i = 0, n = options.decoys ?? r.int(80, 120); i < n; i++) {
    const maker = r.pick(DECOYS);
    for (let attempt = 0; attempt < 6; attempt++) {
      const file = r.pick(files);
      const out = maker.make(r, file.lang);
      if (out) {
        decoysFor.get(file.path)!.push(out);
        break;
      }
    }
  }

  const builders: FileBuilder[] = [];
  for (const f of files) builders.push(renderFile(r, f, assigned.get(f.path)!, decoysFor.get(f.path)!));
  for (const [kind, list] of natives) {
    const perFile = kind === 'pem-file' || kind === 'gcp-json' ? list.map((g) => [g]) : [list];
    perFile.forEach((gs, i) => {
      let path = NATIVE_PATHS[kind](r, i);
      while (seen.has(path)) path = `${path}.${i + 1}`;
      seen.add(path);
      builders.push(renderFile(r, { path, lang: 'env', native: kind }, gs, []));
    });
  }

  // Decoy-only files: lockfiles, stylesheets, public keys, changelog, sops rules.
  const addFile = (path: string, fill: (b: FileBuilder) => void) => {
    if (seen.has(path)) return;
    seen.add(path);
    const b = new FileBuilder(path);
    fill(b);
    builders.push(b);
  };
  addFile(theme === 'go' ? 'go.sum' : 'package-lock.json', (b) => lockfile(r, theme === 'go' ? 'go-sum' : 'package-lock', b));
  if (r.chance(0.6)) addFile('yarn.lock', (b) => lockfile(r, 'yarn', b));
  if (r.chance(0.5)) addFile('go.sum', (b) => lockfile(r, 'go-sum', b));
  addFile(r.pick(['styles/main.css', 'src/styles/theme.css', 'public/css/app.css']), (b) => cssFile(r, b, () => dataUri(r), r.sample(CSS_CLASSES, r.int(3, 6))));
  if (r.chance(0.6)) addFile(r.pick(['deploy/authorized_keys', '.ssh/authorized_keys']), (b) => authorizedKeys(r, b));
  if (r.chance(0.6)) addFile('CHANGELOG.md', (b) => changelog(r, b));
  if (r.chance(0.5)) addFile('.sops.yaml', (b) => sopsFile(r, b));

  const manifest: Manifest = { seed, root, theme, files: [], planted: [], decoys: [] };
  for (const b of builders) {
    const full = join(root, b.path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, b.content());
    manifest.files.push(b.path);
    manifest.planted.push(...b.plants);
    manifest.decoys.push(...b.decoys);
  }
  manifest.files.sort();
  return manifest;
}
