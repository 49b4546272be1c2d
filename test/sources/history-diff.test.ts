import { describe, expect, it } from 'vitest';
import { isoDate, unquotePath } from '../../src/sources/git.js';
import { DiffParser, Splitter, gitHeaderPath, parseCommitHeader } from '../../src/sources/history-diff.js';

interface Event {
  kind: string;
  path?: string;
  start?: number;
  lines?: string[];
  blob?: string;
  olds?: string[];
  sha?: string;
}

function parse(text: string | Buffer, piece = 7, removed = false): Event[] {
  const events: Event[] = [];
  const parser = new DiffParser({
    commit: (info) => void events.push({ kind: 'commit', sha: info.sha }),
    added: (path, start, text) => events.push({ kind: 'added', path, start, lines: text.split('\n') }),
    blob: (path, blob, olds) => events.push({ kind: 'blob', path, blob, olds }),
    removed: (path) => (removed ? events.push({ kind: 'removed', path }) : undefined),
  });
  const splitter = new Splitter(10, (b, start, end) => parser.line(b, start, end));
  // Feed in odd-sized pieces so that lines straddle chunks.
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += piece) splitter.push(bytes.subarray(i, i + piece));
  splitter.end();
  parser.end();
  return events;
}

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
const header = (sha: string) => `\0\0${sha}\x001600000000\0Ada\0ada@example.com\0${A}\n\n`;

describe('DiffParser', () => {
  it('stops at a commit its event refuses: nothing after it is parsed, not even a header cut short at the end', () => {
    const D = 'd'.repeat(40);
    const diff = (path: string, line: string) =>
      `diff --git a/${path} b/${path}\nindex ${A}..${B} 100644\n--- a/${path}\n+++ b/${path}\n@@ -0,0 +1 @@\n+${line}\n`;
    const text = `${header(C)}${diff('a.txt', 'mine')}${header(D)}${diff('b.txt', 'theirs')}${header(A)}`;
    // The stream ends inside the last header's id: where the chunk of a process that stopped may end.
    const cut = text.slice(0, text.lastIndexOf('\0\0') + 20);
    for (const piece of [1, 7, 64, cut.length]) {
      const events: Event[] = [];
      const parser = new DiffParser({
        commit: (info) => (info.sha === D ? false : void events.push({ kind: 'commit', sha: info.sha })),
        added: (path, start, t) => events.push({ kind: 'added', path, start, lines: t.split('\n') }),
        blob: () => events.push({ kind: 'blob' }),
        removed: (path) => events.push({ kind: 'removed', path }),
      });
      const splitter = new Splitter(10, (b, start, end) => parser.line(b, start, end));
      const bytes = Buffer.from(cut);
      for (let i = 0; i < bytes.length; i += piece) splitter.push(bytes.subarray(i, i + piece));
      expect(parser.stopped).toBe(true);
      splitter.end();
      parser.end();
      expect(events).toEqual([
        { kind: 'commit', sha: C },
        { kind: 'added', path: 'a.txt', start: 1, lines: ['mine'] },
      ]);
    }
    // Unstopped, the cut header is parsed like any other line, and its timestamp is not there.
    const all = new DiffParser({ commit: () => undefined, added: () => undefined, blob: () => undefined });
    expect(() => {
      for (const line of cut.split('\n')) all.line(Buffer.from(line));
    }).toThrow();
  });

  it('reports runs of added lines with their new line numbers, not removed or context lines', () => {
    const events = parse(
      `${header(C)}diff --git a/src/x.ts b/src/x.ts\nindex ${A}..${B} 100644\n--- a/src/x.ts\n+++ b/src/x.ts\n` +
        `@@ -3 +3,2 @@ fn\n-old\n+new one\n+new two\n@@ -10,0 +12 @@\n+later\n@@ -20,2 +22,0 @@\n-gone\n-gone too\n`,
    );
    expect(events).toEqual([
      { kind: 'commit', sha: C },
      { kind: 'added', path: 'src/x.ts', start: 3, lines: ['new one', 'new two'] },
      { kind: 'added', path: 'src/x.ts', start: 12, lines: ['later'] },
    ]);
  });

  it('decodes UTF-8 as line by line would, wherever the chunks of the stream cut it', () => {
    // Multi-byte characters cut between chunks, and bytes that are not UTF-8 (each its own U+FFFD).
    const head = Buffer.from(`${header(C)}diff --git a/é.txt b/é.txt\nindex ${A}..${B} 100644\n--- a/é.txt\n+++ b/é.txt\n@@ -0,0 +1,3 @@\n+clé = "日本語"\n+`);
    const bad = Buffer.from([0xff, 0x41, 0xe6, 0x97, 0x0a]);
    const tail = Buffer.from('+🔑 fin\n');
    const whole = Buffer.concat([head, bad, tail]);
    const want = { kind: 'added', path: 'é.txt', start: 1, lines: ['clé = "日本語"', '\ufffdA\ufffd', '🔑 fin'] };
    for (const piece of [1, 2, 3, 5, 7, 64, whole.length]) expect(parse(whole, piece)[1], `pieces of ${piece}`).toEqual(want);
  });

  it('treats an added line that looks like a header as content while the hunk lasts', () => {
    const events = parse(`${header(C)}diff --git a/f b/f\nindex ${A}..${B} 100644\n--- a/f\n+++ b/f\n@@ -0,0 +1,2 @@\n+++ b/evil\n+diff --git x\n`);
    expect(events[1]).toEqual({ kind: 'added', path: 'f', start: 1, lines: ['++ b/evil', 'diff --git x'] });
  });

  it('tells once per file which files a one-parent commit removed lines from (old path) or renamed away; not for merges', () => {
    const events = parse(
      `${header(C)}diff --git a/x.js b/x.js\nindex ${A}..${B} 100644\n--- a/x.js\n+++ b/x.js\n@@ -1,2 +1 @@\n-one\n-two\n+three\n` +
        `diff --git a/gone.env b/gone.env\ndeleted file mode 100644\nindex ${A}..0000000000000000000000000000000000000000\n--- a/gone.env\n+++ /dev/null\n@@ -1 +0,0 @@\n-K=v\n` +
        `diff --git a/only-added.js b/only-added.js\nindex ${A}..${B} 100644\n--- a/only-added.js\n+++ b/only-added.js\n@@ -1,0 +2 @@\n+new\n` +
        `diff --git a/old name.js b/new.js\nsimilarity index 100%\nrename from old name.js\nrename to new.js\n` +
        `${header(B)}diff --cc m.txt\nindex ${A},${B}..${C}\n--- a/m.txt\n+++ b/m.txt\n@@@ -1,1 -1,1 +1,1 @@@\n- x\n -y\n++z\n`,
      7,
      true,
    );
    expect(events.filter((e) => e.kind === 'removed').map((e) => e.path)).toEqual(['x.js', 'gone.env', 'old name.js']);
  });

  it('in a combined diff keeps only lines new against every parent (the merge resolution)', () => {
    const events = parse(`${header(C)}diff --cc g.txt\nindex ${A},${B}..${C}\n--- a/g.txt\n+++ b/g.txt\n@@@ -2,1 -2,0 +2,2 @@@\n +y\n++EVIL\n`);
    expect(events[1]).toEqual({ kind: 'added', path: 'g.txt', start: 3, lines: ['EVIL'] });
  });

  it('hands over blobs git shows no text diff for, with the blobs they replace', () => {
    const events = parse(`${header(C)}diff --git a/my file.bin b/my file.bin\nindex ${A}..${B} 100644\nBinary files a/my file.bin and b/my file.bin differ\n`);
    expect(events[1]).toEqual({ kind: 'blob', path: 'my file.bin', blob: B, olds: [A] });
  });

  it('skips submodule (gitlink) entries', () => {
    const events = parse(
      `${header(C)}diff --git a/sub b/sub\nnew file mode 160000\nindex 0000000000000000000000000000000000000000..${B}\n--- /dev/null\n+++ b/sub\n@@ -0,0 +1 @@\n+Subproject commit ${B}\n`,
    );
    expect(events.filter((e) => e.kind !== 'commit')).toEqual([]);
  });

  it('reads quoted paths', () => {
    expect(unquotePath('"caf\\303\\251\\tx"')).toBe('café\tx');
    expect(unquotePath('plain name')).toBe('plain name');
    expect(gitHeaderPath('a/x y b/x y')).toBe('x y');
    expect(gitHeaderPath('"a/t\\tb" "b/t\\tb"')).toBe('t\tb');
  });

  it('parses commit headers into an ISO date in UTC', () => {
    expect(parseCommitHeader(`\0\0${C}\x001600000000\0Ada\0ada@example.com\0${A} ${B}`)).toEqual({
      info: { sha: C, author: 'Ada', email: 'ada@example.com', date: '2020-09-13T12:26:40Z' },
      parents: 2,
    });
  });
});

describe('isoDate', () => {
  it('writes every timestamp as Date would, whole seconds without milliseconds', () => {
    const viaDate = (t: number) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');
    const edges = [0, 59, 60, 3599, 86399, 86400, 951782400, 951868799, 951868800, 4107542400, 4107628800, 253402300799, 253402300800, 1e11];
    for (const t of edges) expect(isoDate(String(t)), String(t)).toBe(viaDate(t));
    let seed = 12345;
    for (let i = 0; i < 20000; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const t = Math.floor((seed / 2 ** 32) * 253402300800);
      expect(isoDate(String(t))).toBe(viaDate(t));
    }
    expect(isoDate('-86400')).toBe('1969-12-31T00:00:00Z');
  });
});
