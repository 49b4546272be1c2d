// What a history holds besides file contents: commit messages and the names and e-mails on commits,
// annotated tag messages, and refs (tags) that point straight at a blob. `git log -p` shows none of
// them as added lines, so they are read here, after the commits' files.
import { KeyscanError } from '../errors.js';
import type { CommitInfo, Fragment } from '../types.js';
import { CatFile, isoDate, streamGit } from './git.js';
import { bufferFragments, WHOLE_LIMIT } from './read.js';
import type { SourceContext } from './source.js';

/** The place name a commit message is reported at. */
export const COMMIT_MESSAGE = '(commit message)';

const RECORD = '\u0000\u0001';
const FORMAT = '%x00%x01%H%x00%at%x00%an%x00%ae%x00%cn%x00%ce%x00%B';

async function collect(args: string[], root: string): Promise<Buffer> {
  const git = streamGit(root, args);
  const parts: Buffer[] = [];
  for await (const chunk of git.stdout as AsyncIterable<Buffer>) parts.push(chunk);
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

/**
 * An object's content through `cat`, the first WHOLE_LIMIT bytes of it at most (the rest is read and
 * dropped); null when the object is missing or is not of type `type`.
 */
async function readObject(cat: CatFile, sha: string, type: string): Promise<{ bytes: Buffer; size: number } | null> {
  await cat.request(sha);
  const head = await cat.header();
  if ('missing' in head) throw new KeyscanError(`object ${sha} is missing from the repository`, 'the repository is incomplete or corrupt: run git fsck');
  if (head.size <= WHOLE_LIMIT) {
    const bytes = await cat.content(head.size);
    return head.type === type ? { bytes, size: head.size } : null;
  }
  const kept: Buffer[] = [];
  let have = 0;
  for await (const chunk of cat.chunks(head.size)) {
    if (have < WHOLE_LIMIT) kept.push(chunk.subarray(0, WHOLE_LIMIT - have));
    have += chunk.length;
  }
  await cat.newline();
  return head.type === type ? { bytes: Buffer.concat(kept), size: head.size } : null;
}

/**
 * Annotated tag messages, and the content of refs that point (through tags) straight at a blob. One
 * `git cat-file --batch` reads every tag and blob: a process a tag cost ~3 ms each, 1.4 s for 500 tags.
 */
async function* refObjects(root: string, ctx: SourceContext): AsyncGenerator<Fragment> {
  const list = (await collect(['for-each-ref', '--format=%(objectname) %(objecttype) %(refname)'], root)).toString('utf8');
  const refs: { sha: string; type: string; ref: string }[] = [];
  for (const line of list.split('\n')) {
    const m = /^([0-9a-f]{40,64}) (\w+) (.+)$/.exec(line);
    if (m && (m[2] === 'tag' || m[2] === 'blob')) refs.push({ sha: m[1], type: m[2], ref: m[3] });
  }
  if (refs.length === 0) return;
  const cat = new CatFile(root);
  let finished = false;
  try {
    for (const { ref, ...first } of refs) {
      let { sha, type } = first;
      const name = ref.replace(/^refs\/tags\//, 'tag ').replace(/^refs\//, '');
      for (let depth = 0; type === 'tag' && depth < 8; depth++) {
        const tag = await readObject(cat, sha, 'tag');
        if (!tag) throw new KeyscanError(`object ${sha} (${ref}) is not a tag`);
        const body = tag.bytes.toString('utf8');
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
      const blob = await readObject(cat, sha, 'blob');
      if (!blob) throw new KeyscanError(`object ${sha} (${ref}) is not a blob`);
      if (blob.size > WHOLE_LIMIT) {
        ctx.tally.lost(`${ref} points at a blob of ${blob.size} bytes, too large to read whole: not scanned`);
        continue;
      }
      const gen = bufferFragments(blob.bytes, { path: `(${name})`, origin: 'git' }, { tally: ctx.tally, leftOut: ctx.leftOut });
      let step = await gen.next();
      while (!step.done) {
        yield step.value;
        step = await gen.next();
      }
      if (step.value === 'binary') ctx.tally.skip(`(${name})`, 'binary');
      else if (step.value === 'text') {
        ctx.tally.filesScanned++;
        ctx.tally.bytesScanned += blob.bytes.length;
      }
    }
    finished = true;
  } finally {
    if (finished) await cat.close();
    else cat.kill();
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
