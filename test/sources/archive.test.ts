// Archives read in process: every format and name form, the limits (bombs, depth, entry count), and
// corrupt input (truncated, flipped bytes, bad offsets) that must never throw or read out of bounds.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { scanFragment } from '../../src/engine/scan.js';
import { builtinRuleSet } from '../../src/rules.js';
import { ARCHIVE_LIMITS, ARCHIVE_SKIP, archiveFormat, archiveItems, type ArchiveItem, type ArchiveLimits } from '../../src/sources/archive.js';
import { bufferFragments, chunkedFragments, fileFragments, type ReadContext, type ReadOutcome } from '../../src/sources/read.js';
import { Tally } from '../../src/sources/tally.js';
import type { Fragment } from '../../src/types.js';
import { deflatedZeros, gzip, gzippedZeros, tar, zip } from '../helpers/archives.js';
import { githubToken, openaiProjectKey, seed } from '../helpers/fakes.js';

const ruleSet = builtinRuleSet();

function items(bytes: Buffer, outer = 'a', limits: ArchiveLimits = ARCHIVE_LIMITS): ArchiveItem[] {
  const format = archiveFormat(bytes.subarray(0, 8000));
  if (!format) throw new Error('not an archive');
  return [...archiveItems(bytes, format, outer, { left: limits.archiveBytes }, limits)];
}

function files(list: ArchiveItem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of list) if (i.kind === 'file') out[i.name] = Buffer.from(i.bytes).toString('utf8');
  return out;
}

async function read(bytes: Buffer, path: string, ctx: Partial<ReadContext> = {}): Promise<{ fragments: Fragment[]; outcome: ReadOutcome; tally: Tally }> {
  const tally = new Tally();
  const fragments: Fragment[] = [];
  const gen = bufferFragments(bytes, { path, origin: 'file' }, { tally, ...ctx });
  let step = await gen.next();
  while (!step.done) {
    fragments.push(step.value);
    step = await gen.next();
  }
  return { fragments, outcome: step.value, tally };
}

describe('archive formats', () => {
  it('recognises zip, gzip and tar by their bytes, and text with "ustar" in it is not tar', () => {
    expect(archiveFormat(zip([{ name: 'a', data: 'x' }]))).toBe('zip');
    expect(archiveFormat(zip([]))).toBe('zip');
    expect(archiveFormat(gzip('x'))).toBe('gzip');
    expect(archiveFormat(tar([{ name: 'a', data: 'x' }]))).toBe('tar');
    const text = Buffer.from(`${'x'.repeat(257)}ustar\0${'y'.repeat(600)}`);
    expect(archiveFormat(text)).toBeNull();
    expect(archiveFormat(Buffer.from('PK is a fine start for a text file\n'))).toBeNull();
  });

  it('zip: stored and deflated entries, folders passed over, zip64 records', () => {
    const entries = [
      { name: 'dir/', data: '' },
      { name: 'dir/stored.env', data: 'A=1\n', method: 0 },
      { name: 'dir/deflated.env', data: 'B=2\n'.repeat(100) },
    ];
    const expected = { 'dir/stored.env': 'A=1\n', 'dir/deflated.env': 'B=2\n'.repeat(100) };
    expect(files(items(zip(entries)))).toEqual(expected);
    expect(files(items(zip(entries, { zip64: true })))).toEqual(expected);
    expect(files(items(zip(entries, { comment: 'a comment' })))).toEqual(expected);
  });

  it('zip: encrypted entries and unknown methods are named, not read', () => {
    const list = items(zip([{ name: 'secret.env', data: 'x', encrypted: true, method: 0 }, { name: 'b.bz', data: 'y', method: 12 }, { name: 'ok', data: 'z' }]));
    expect(list).toEqual([
      { kind: 'skip', name: 'secret.env', reason: ARCHIVE_SKIP.encrypted },
      { kind: 'skip', name: 'b.bz', reason: `${ARCHIVE_SKIP.method} (12)` },
      { kind: 'file', name: 'ok', bytes: expect.anything() },
    ]);
  });

  it('tar: ustar prefixes, pax and GNU long names; links and folders have no content', () => {
    const long = `${'deep/'.repeat(30)}config/.env`;
    for (const form of ['pax', 'gnu', 'ustar'] as const) {
      const t = tar([{ name: 'top/', type: '5' }, { name: 'top/a.txt', data: 'hello\n' }, { name: 'link', type: '2' }, { name: long, data: 'K=v\n' }], form);
      expect(files(items(t)), form).toEqual({ 'top/a.txt': 'hello\n', [long]: 'K=v\n' });
    }
  });

  it('gzip: one file named from the header or the outer name; a tar inside is read as entries', () => {
    expect(files(items(gzip('hi\n', 'inner.env'), 'x/outer.gz'))).toEqual({ 'inner.env': 'hi\n' });
    expect(files(items(gzip('hi\n'), 'x/config.json.gz'))).toEqual({ 'config.json': 'hi\n' });
    expect(files(items(gzip(tar([{ name: 'a/b', data: 'c' }])), 'x.tgz'))).toEqual({ 'a/b': 'c' });
  });

  it('names with control characters are escaped; leading slashes and ./ dropped', () => {
    const names = items(zip([{ name: '/abs/x', data: '1' }, { name: './rel', data: '2' }, { name: 'bad\u001b[31mname', data: '3' }])).map((i) => i.kind !== 'problem' && i.name);
    expect(names).toEqual(['abs/x', 'rel', 'bad\\x1b[31mname']);
  });
});

describe('limits', () => {
  it('a zip bomb whose entry claims a small size stops at the entry limit, without allocating past it', () => {
    const bomb = zip([{ name: 'zeros.txt', data: 'small', raw: deflatedZeros(80), declaredSize: 1000 }]);
    expect(bomb.length).toBeLessThan(200_000);
    const before = process.memoryUsage().rss;
    expect(items(bomb)).toEqual([{ kind: 'skip', name: 'zeros.txt', reason: ARCHIVE_SKIP.tooLarge }]);
    // Inflate stops at 64 MiB: nowhere near the 80 MiB the entry would fill (plus slack for the heap).
    expect(process.memoryUsage().rss - before).toBeLessThan(150 << 20);
  });

  it('an entry that declares a huge size is not inflated at all', () => {
    const list = items(zip([{ name: 'huge', data: 'x', declaredSize: 0xfffffff0 }]));
    expect(list).toEqual([{ kind: 'skip', name: 'huge', reason: ARCHIVE_SKIP.tooLarge }]);
  });

  it('the total across entries is bounded: many 40 MiB entries stop at the archive limit', () => {
    const raw = deflatedZeros(40);
    const list = items(zip(Array.from({ length: 5 }, (_, i) => ({ name: `e${i}`, data: 'x', raw, declaredSize: 40 << 20 }))));
    expect(list.filter((i) => i.kind === 'file')).toHaveLength(3); // 120 MiB of 128
    expect(list.filter((i) => i.kind === 'skip' && i.reason === ARCHIVE_SKIP.tooLarge)).toHaveLength(2);
  });

  it('a gzip bomb stops at the archive limit', () => {
    expect(items(gzippedZeros(140), 'z.gz')).toEqual([{ kind: 'skip', name: 'z', reason: ARCHIVE_SKIP.tooLarge }]);
  });

  it('entries past the entry limit are counted as skipped', () => {
    const limits = { ...ARCHIVE_LIMITS, entries: 5 };
    const entries = Array.from({ length: 8 }, (_, i) => ({ name: `f${i}`, data: 'x' }));
    for (const bytes of [zip(entries), tar(entries)]) {
      const list = items(bytes, 'a', limits);
      expect(list.filter((i) => i.kind === 'file')).toHaveLength(5);
      expect(list).toContainEqual({ kind: 'skip', name: '(3 more entries)', reason: ARCHIVE_SKIP.tooMany });
    }
  });
});

describe('fragments from archives', () => {
  it('names each entry archive!path, nested archives too, with the lines inside the entry', async () => {
    const key = githubToken();
    const inner = gzip(tar([{ name: 'x/.env', data: `A=1\nTOKEN=${key}\n` }]));
    const outer = zip([{ name: 'inner.tar.gz', data: inner, method: 0 }, { name: 'notes.txt', data: 'nothing\n' }]);
    const { fragments, outcome, tally } = await read(outer, 'dist/a.zip');
    expect(outcome).toBe('archive');
    expect(fragments.map((f) => [f.path, f.inner])).toEqual([
      ['dist/a.zip!inner.tar.gz!x/.env', 'inner.tar.gz!x/.env'],
      ['dist/a.zip!notes.txt', 'notes.txt'],
    ]);
    const matches = fragments.flatMap((f) => scanFragment(f, ruleSet));
    expect(matches.map((m) => [m.path, m.line, m.column, m.inner])).toEqual([['dist/a.zip!inner.tar.gz!x/.env', 2, 7, 'inner.tar.gz!x/.env']]);
    expect(tally.filesScanned).toBe(2);
  });

  it('archives nested deeper than the limit are skipped and counted', async () => {
    let bytes: Buffer = Buffer.from(`K=${openaiProjectKey()}\n`);
    for (let i = 0; i < 4; i++) bytes = zip([{ name: i === 0 ? 'x.env' : `l${i}.zip`, data: bytes }]);
    const { fragments, tally } = await read(bytes, 'top.zip');
    expect(fragments).toEqual([]);
    expect(tally.skipped).toEqual({ [ARCHIVE_SKIP.tooDeep]: 1 });
    expect(tally.skippedExamples[0].path).toBe('top.zip!l3.zip!l2.zip!l1.zip');
  });

  it('the entry limit counts nested entries too: overlapping entries cannot multiply', async () => {
    // 50 entries that are all the same stored zip of 50 entries: 2,500 leaves from a few KB.
    const inner = zip(Array.from({ length: 50 }, (_, i) => ({ name: `f${i}`, data: '', method: 0 })));
    const outer = zip(Array.from({ length: 50 }, (_, i) => ({ name: `z${i}.zip`, data: inner, method: 0 })));
    const { fragments, tally } = await read(outer, 'o.zip', { limits: { ...ARCHIVE_LIMITS, entries: 300 } });
    expect(fragments.length).toBeLessThan(300);
    expect(tally.skipped).toEqual({ [ARCHIVE_SKIP.tooMany]: 1 });
    expect(tally.notes.join('\n')).toContain('more than 300 entries in one archive');
  });

  it('allow.paths can leave out a path inside an archive', async () => {
    const bytes = zip([{ name: 'vendor/x.env', data: 'A=1\n' }, { name: 'app/y.env', data: 'B=2\n' }]);
    const { fragments, tally } = await read(bytes, 'a.zip', { leftOut: (p) => p.includes('!vendor/') });
    expect(fragments.map((f) => f.path)).toEqual(['a.zip!app/y.env']);
    expect(tally.skipped).toEqual({ 'left out by allow.paths': 1 });
  });

  it('streamed content that starts like an archive is gathered and opened; binary entries are counted', async () => {
    const bytes = zip([{ name: 'img.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3, 0, 0, 0, 0]) }, { name: 'b.txt', data: 'text\n'.repeat(5000) }]);
    const tally = new Tally();
    const pieces = Array.from({ length: Math.ceil(bytes.length / 100) }, (_, i) => bytes.subarray(i * 100, i * 100 + 100));
    const out: Fragment[] = [];
    const gen = chunkedFragments(Readable.from(pieces), { path: '<stdin>', origin: 'stdin' }, {}, { tally });
    let step = await gen.next();
    while (!step.done) {
      out.push(step.value);
      step = await gen.next();
    }
    expect(step.value).toBe('archive');
    expect(out.map((f) => f.path)).toEqual(['<stdin>!b.txt']);
    expect(tally.skipped).toEqual({ binary: 1 });
  });

  it('an archive over the read limit is not opened, and said so, from a file and from a stream', async () => {
    const bytes = zip([{ name: 'a.env', data: 'A=1\n'.repeat(5000) }], {});
    const dir = mkdtempSync(join(tmpdir(), 'keyscan-archive-'));
    try {
      writeFileSync(join(dir, 'a.zip'), bytes);
      const limits = { ...ARCHIVE_LIMITS, readBytes: 100 };
      for (const small of [true, false]) {
        const tally = new Tally();
        const gen = fileFragments(join(dir, 'a.zip'), { path: 'a.zip', origin: 'file' }, small ? {} : { wholeLimit: 10 }, { tally, limits: { ...limits, readBytes: small ? bytes.length + 1 : 100 } });
        let step = await gen.next();
        const paths: string[] = [];
        while (!step.done) {
          paths.push(step.value.path);
          step = await gen.next();
        }
        expect(step.value).toEqual({ kind: 'archive' });
        if (small) expect(paths).toEqual(['a.zip!a.env']);
        else {
          expect(paths).toEqual([]);
          expect(tally.skipped).toEqual({ [ARCHIVE_SKIP.readTooLarge]: 1 });
        }
      }
      const tally = new Tally();
      const stream = chunkedFragments(Readable.from([bytes.subarray(0, 50), bytes.subarray(50)]), { path: '<stdin>', origin: 'stdin' }, {}, { tally, limits });
      expect((await stream.next()).value).toBe('archive');
      expect(tally.skipped).toEqual({ [ARCHIVE_SKIP.readTooLarge]: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without a read context an archive is binary, as before', async () => {
    const gen = bufferFragments(zip([{ name: 'a', data: 'x' }]), { path: 'a.zip', origin: 'file' });
    expect((await gen.next()).value).toBe('binary');
  });

  it('a truncated zip is read by its local headers, and said to be corrupt', async () => {
    const bytes = zip([{ name: 'a.env', data: 'A=1\n' }, { name: 'b.env', data: 'B=2\n' }]);
    const cut = bytes.subarray(0, bytes.indexOf(Buffer.from([0x50, 0x4b, 1, 2])));
    const { fragments, tally } = await read(cut, 'cut.zip');
    expect(fragments.map((f) => f.path)).toEqual(['cut.zip!a.env', 'cut.zip!b.env']);
    expect(tally.skipped).toEqual({ [ARCHIVE_SKIP.corrupt]: 1 });
    expect(tally.notes.join('\n')).toContain('cut.zip: archive: corrupt or truncated');
  });

  it('a truncated gzip gives what came before the cut', async () => {
    const text = `TOKEN=${githubToken()}\n${'filler line\n'.repeat(20000)}`;
    const bytes = gzip(text, 'big.env');
    const { fragments, tally } = await read(bytes.subarray(0, Math.floor(bytes.length / 2)), 'big.env.gz');
    expect(fragments.map((f) => f.path)).toEqual(['big.env.gz!big.env']);
    expect(fragments[0].text.startsWith('TOKEN=')).toBe(true);
    expect(tally.skipped[ARCHIVE_SKIP.corrupt]).toBe(1);
  });
});

describe('corrupt archives never throw', () => {
  seed(20261206);
  const key = githubToken();
  const samples: [string, Buffer][] = [
    ['zip', zip([{ name: 'a/.env', data: `K=${key}\n` }, { name: 'b.txt', data: 'hello\n'.repeat(50), method: 0 }, { name: 'n.tgz', data: gzip(tar([{ name: 'x', data: 'y' }])) }])],
    ['zip64', zip([{ name: 'a', data: 'abc'.repeat(100) }], { zip64: true })],
    ['tar', tar([{ name: 'a/.env', data: `K=${key}\n` }, { name: `${'long/'.repeat(40)}x`, data: 'y' }])],
    ['tgz', gzip(tar([{ name: 'a/.env', data: `K=${key}\n` }]))],
    ['gz', gzip(`K=${key}\n`, 'x.env')],
  ];
  let state = 12345;
  const rand = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };

  async function survives(bytes: Buffer): Promise<void> {
    const { tally } = await read(bytes, 'f.bin');
    expect(tally.filesScanned).toBeGreaterThanOrEqual(0);
  }

  for (const [name, bytes] of samples) {
    it(`${name}: truncated at every 7th byte`, async () => {
      for (let cut = 0; cut < bytes.length; cut += 7) await survives(bytes.subarray(0, cut));
    });

    it(`${name}: 300 copies with random bytes changed`, async () => {
      for (let n = 0; n < 300; n++) {
        const copy = Buffer.from(bytes);
        for (let k = 0, flips = 1 + rand(6); k < flips; k++) copy[rand(copy.length)] = rand(256);
        await survives(copy);
      }
    });

    it(`${name}: sizes and offsets set to extremes`, async () => {
      for (let at = 0; at + 4 <= bytes.length; at += 3) {
        for (const v of [0xffffffff, 0x7fffffff, 0x80000000, 0]) {
          const copy = Buffer.from(bytes);
          copy.writeUInt32LE(v, at);
          await survives(copy);
        }
      }
    });
  }
});
