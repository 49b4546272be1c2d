// What a history holds besides file contents: commit messages and the names and e-mails on commits,
// annotated tag messages, and refs (tags) that point straight at a blob. `git log -p` shows none of
// them as added lines, so they are read here, after the commits' files.
import { KeyscanError } from '../errors.js';
import type { CommitInfo, Fragment } from '../types.js';
import { isoDate, streamGit } from './git.js';
import { bufferFragments, WHOLE_LIMIT } from './read.js';
import type { SourceContext } from './source.js';

/** The place name a commit message is reported at. */
export const COMMIT_MESSAGE = '(commit message)';

const RECORD = '\u0000\u0001';
const FORMAT = '%x00%x01%H%x00%at%x00%an%x00%ae%x00%cn%x00%ce%x00%B';

async function collect(args: string[], root: string, limit = Infinity): Promise<Buffer> {
  const git = streamGit(root, args);
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of git.stdout as AsyncIterable<Buffer>) {
    if (size < limit) parts.push(chunk);
    size += chunk.length;
  }
  await git.done;
  return Buffer.concat(parts);
}

/** Commit messages and identities of the commits `revisions` names. */
async function* commitMessages(root: string, revs: { options: string[]; revs: string[] }, ctx: SourceContext): AsyncGenerator<Fragment> {
  const git = streamGit(root, ['log', '--no-show-signature', `--format=${FORMAT}`, ...revs.options, '--end-of-options', ...revs.revs, '--']);
  let rest = '';
  const toFragment = (record: string): Fragment | null => {
    const [sha, at, an, ae, cn, ce, ...body] = record.split('\u0000');
    if (!/^[0-9a-f]{40,64}$/.test(sha ?? '')) return null;
    const commit: CommitInfo = { sha, author: an, email: ae, date: isoDate(at) };
    const text = `Author: ${an} <${ae}>\nCommitter: ${cn} <${ce}>\n\n${body.join('\u0000')}`;
    ctx.tally.bytesScanned += text.length;
    return { text, path: COMMIT_MESSAGE, startLine: 1, origin: 'git', commit };
  };
  try {
    for await (const chunk of git.stdout as AsyncIterable<Buffer>) {
      const records = (rest + chunk.toString('utf8')).split(RECORD);
      rest = records.pop() ?? '';
      for (const r of records) {
        const f = r ? toFragment(r) : null;
        if (f) yield f;
      }
    }
    const f = rest ? toFragment(rest) : null;
    if (f) yield f;
    await git.done;
  } finally {
    git.kill();
  }
}

/** Annotated tag messages, and the content of refs that point (through tags) straight at a blob. */
async function* refObjects(root: string, ctx: SourceContext): AsyncGenerator<Fragment> {
  const list = (await collect(['for-each-ref', '--format=%(objectname) %(objecttype) %(refname)'], root)).toString('utf8');
  for (const line of list.split('\n')) {
    const m = /^([0-9a-f]{40,64}) (\w+) (.+)$/.exec(line);
    if (!m) continue;
    let [, sha, type] = m;
    const ref = m[3];
    const name = ref.replace(/^refs\/tags\//, 'tag ').replace(/^refs\//, '');
    for (let depth = 0; type === 'tag' && depth < 8; depth++) {
      const body = (await collect(['cat-file', 'tag', sha], root, WHOLE_LIMIT)).toString('utf8');
      const target = /^object ([0-9a-f]{40,64})\ntype (\w+)\n/.exec(body);
      const message = body.slice(body.indexOf('\n\n') + 2);
      const tagger = /^tagger (.*) <([^>]*)> (\d+)/m.exec(body);
      const text = `${tagger ? `Tagger: ${tagger[1]} <${tagger[2]}>\n\n` : ''}${message}`;
      ctx.tally.bytesScanned += text.length;
      yield { text, path: `(${name} message)`, startLine: 1, origin: 'git' };
      if (!target) break;
      [, sha, type] = target;
    }
    if (type !== 'blob') continue;
    const size = Number((await collect(['cat-file', '-s', sha], root)).toString('utf8').trim());
    if (!(size <= WHOLE_LIMIT)) {
      ctx.tally.lost(`${ref} points at a blob of ${size} bytes, too large to read whole: not scanned`);
      continue;
    }
    const bytes = await collect(['cat-file', 'blob', sha], root);
    const gen = bufferFragments(bytes, { path: `(${name})`, origin: 'git' }, { tally: ctx.tally, leftOut: ctx.leftOut });
    let step = await gen.next();
    while (!step.done) {
      yield step.value;
      step = await gen.next();
    }
    if (step.value === 'binary') ctx.tally.skip(`(${name})`, 'binary');
    else if (step.value === 'text') {
      ctx.tally.filesScanned++;
      ctx.tally.bytesScanned += bytes.length;
    }
  }
}

function failed(err: unknown): unknown {
  if (err instanceof KeyscanError) return err;
  return new KeyscanError(`reading commit messages and tags failed: ${(err as Error).message}`);
}

/** Commit messages and identities: read beside the commits' files (a git process of its own). */
export async function* messageFragments(root: string, revs: { options: string[]; revs: string[] }, ctx: SourceContext): AsyncGenerator<Fragment> {
  try {
    yield* commitMessages(root, revs, ctx);
  } catch (err) {
    throw failed(err);
  }
}

/** Tag messages and refs that point at blobs, when every ref is scanned. */
export async function* refFragments(root: string, revs: { options: string[]; revs: string[] }, ctx: SourceContext): AsyncGenerator<Fragment> {
  if (!revs.options.includes('--all')) return;
  try {
    yield* refObjects(root, ctx);
  } catch (err) {
    throw failed(err);
  }
}
