// Generate a tree of realistic source files (deterministic) for the scanning benchmark.
// A few fake credentials are planted, built at run time so no literal sits in this file.
import { copyFileSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

let state = 42;
function rand() {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 0x100000000;
}
const pick = (list) => list[Math.floor(rand() * list.length)];
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const rstr = (n, cs = B62) => Array.from({ length: n }, () => cs[Math.floor(rand() * cs.length)]).join('');
const WORDS = 'user account order invoice payment session token cache queue worker router handler service client config logger metrics request response builder parser renderer'.split(' ');
const ident = () => pick(WORDS) + pick(WORDS).replace(/^./, (c) => c.toUpperCase());

const TEMPLATES = {
  ts: () => [
    `import { ${ident()} } from './${pick(WORDS)}';`,
    `export async function ${ident()}(input: ${pick(['string', 'number', 'Request'])}): Promise<void> {`,
    `  const ${ident()} = await fetch(\`/api/${pick(WORDS)}/\${input}\`, { method: 'POST' });`,
    `  if (!${ident()}.ok) throw new Error('failed to load ${pick(WORDS)}');`,
    `  logger.info({ id: '${rstr(8, '0123456789abcdef')}-${rstr(4, '0123456789abcdef')}' }, 'done');`,
    `}`,
  ],
  py: () => [
    `def ${pick(WORDS)}_${pick(WORDS)}(self, ${pick(WORDS)}, timeout=${Math.floor(rand() * 100)}):`,
    `    """Return the ${pick(WORDS)} for the given ${pick(WORDS)}."""`,
    `    result = self.${pick(WORDS)}.get(${pick(WORDS)}, default=None)`,
    `    api_key = os.environ["${pick(WORDS).toUpperCase()}_API_KEY"]`,
    `    return [x for x in result if x.${pick(WORDS)} > ${Math.floor(rand() * 10)}]`,
    ``,
  ],
  go: () => [
    `func (s *${ident()}) Handle(ctx context.Context, req *${ident()}Request) (*${ident()}Response, error) {`,
    `\tif err := s.validate(req); err != nil {`,
    `\t\treturn nil, fmt.Errorf("validate ${pick(WORDS)}: %w", err)`,
    `\t}`,
    `\treturn &${ident()}Response{ID: "${rstr(24)}"}, nil`,
    `}`,
  ],
  yaml: () => [
    `- name: ${pick(WORDS)}-${pick(WORDS)}`,
    `  image: registry.local/${pick(WORDS)}:${Math.floor(rand() * 9)}.${Math.floor(rand() * 20)}`,
    `  env:`,
    `    - name: ${pick(WORDS).toUpperCase()}_TOKEN`,
    `      valueFrom: { secretKeyRef: { name: ${pick(WORDS)}, key: token } }`,
  ],
  json: () => [
    `  "${pick(WORDS)}": { "version": "${Math.floor(rand() * 9)}.${Math.floor(rand() * 9)}.0", "integrity": "sha512-${rstr(86)}==" },`,
  ],
  md: () => [`## ${ident()}`, '', `Set \`${pick(WORDS).toUpperCase()}_API_KEY\` to your key, e.g. \`export KEY=sk-...\`.`, ''],
};

function plant() {
  const marker = ['T3Bl', 'bkFJ'].join('');
  return pick([
    () => `const OPENAI_API_KEY = "sk-proj-${rstr(74)}${marker}${rstr(74)}";`,
    () => `aws_access_key_id = AKIA${rstr(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
    () => `DATABASE_URL=postgres://app:${rstr(20)}@db.internal:5432/app`,
  ])();
}

/** Write about `megabytes` MB of files under `dir`; returns { files, bytes }. */
export function generateTree(dir, megabytes) {
  const exts = Object.keys(TEMPLATES);
  let bytes = 0;
  let files = 0;
  const target = megabytes * 1024 * 1024;
  while (bytes < target) {
    const ext = pick(exts);
    const folder = join(dir, pick(['src', 'lib', 'services', 'packages/core', 'packages/web', 'docs', 'config']), pick(WORDS));
    mkdirSync(folder, { recursive: true });
    const lines = [];
    const size = 2000 + Math.floor(rand() * 60000);
    let len = 0;
    while (len < size) {
      const chunk = TEMPLATES[ext]();
      if (rand() < 0.002) chunk.push(plant());
      for (const l of chunk) {
        lines.push(l);
        len += l.length + 1;
      }
    }
    const text = lines.join('\n');
    writeFileSync(join(folder, `${pick(WORDS)}-${files}.${ext}`), text);
    bytes += Buffer.byteLength(text);
    files++;
  }
  return { files, bytes };
}

/** Copy up to `megabytes` MB of this project's own node_modules (real code, no network) into `dir`:
 *  text files only, nested `node_modules` segments renamed so keyscan's default excludes do not skip them. */
export function copyRealCode(from, dir, megabytes) {
  const TEXT = /\.(?:[cm]?js|[cm]?ts|json|md|ya?ml|map|txt|css|html)$/i;
  const target = megabytes * 1024 * 1024;
  let bytes = 0;
  let files = 0;
  const entries = readdirSync(from, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && TEXT.test(e.name))
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
  for (const file of entries) {
    if (bytes >= target) break;
    const size = statSync(file).size;
    if (size > 4 * 1024 * 1024) continue;
    const rel = relative(from, file).split(sep).map((s) => (s === 'node_modules' ? 'nm' : s)).join(sep);
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    copyFileSync(file, join(dir, rel));
    bytes += size;
    files++;
  }
  return { files, bytes };
}
