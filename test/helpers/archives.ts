// Archives written byte by byte at test time (zip, tar, gzip), so tests can hold fake keys built at run
// time and can shape what real tools never write: lying sizes, zip64 records, encrypted flags, bombs.
import { constants, deflateRawSync, gzipSync } from 'node:zlib';
import { crc32 } from '../../src/engine/checksums.js';

export interface ZipEntry {
  name: string;
  data: string | Buffer;
  /** 0 stored, 8 deflate (default), or any other method number (written stored, labelled so). */
  method?: number;
  /** Set the "encrypted" flag (the data is written as is). */
  encrypted?: boolean;
  /** Deflated bytes to write instead of deflating `data` (bombs); `data` then only gives the declared size. */
  raw?: Buffer;
  /** The uncompressed size to declare (default: the real one). */
  declaredSize?: number;
}

function bytesOf(data: string | Buffer): Buffer {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

function crcOf(data: Buffer): number {
  return crc32(data.toString('latin1')) >>> 0;
}

/** A zip archive. `zip64` writes every size and offset through zip64 records (as large archives do). */
export function zip(entries: ZipEntry[], options: { zip64?: boolean; comment?: string } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const z64 = options.zip64 === true;
  for (const e of entries) {
    const data = bytesOf(e.data);
    const method = e.method ?? 8;
    const body = e.raw ?? (method === 8 ? deflateRawSync(data) : data);
    const size = e.declaredSize ?? data.length;
    const name = Buffer.from(e.name, 'utf8');
    const flags = 0x800 | (e.encrypted ? 1 : 0);
    const crc = crcOf(data);
    const extra = z64 ? Buffer.alloc(4 + 24) : Buffer.alloc(0);
    if (z64) {
      extra.writeUInt16LE(1, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(size), 4);
      extra.writeBigUInt64LE(BigInt(body.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(z64 ? 45 : 20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(z64 ? 0xffffffff : body.length, 18);
    local.writeUInt32LE(z64 ? 0xffffffff : size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4);
    central.writeUInt16LE(z64 ? 45 : 20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(z64 ? 0xffffffff : body.length, 20);
    central.writeUInt32LE(z64 ? 0xffffffff : size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(z64 ? 0xffffffff : offset, 42);
    locals.push(local, name, extra, body);
    centrals.push(central, name, extra);
    offset += local.length + name.length + extra.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const tail: Buffer[] = [];
  if (z64) {
    const end64 = Buffer.alloc(56);
    end64.writeUInt32LE(0x06064b50, 0);
    end64.writeBigUInt64LE(44n, 4);
    end64.writeUInt16LE(45, 12);
    end64.writeUInt16LE(45, 14);
    end64.writeBigUInt64LE(BigInt(entries.length), 24);
    end64.writeBigUInt64LE(BigInt(entries.length), 32);
    end64.writeBigUInt64LE(BigInt(cd.length), 40);
    end64.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + cd.length), 8);
    locator.writeUInt32LE(1, 16);
    tail.push(end64, locator);
  }
  const comment = Buffer.from(options.comment ?? '', 'utf8');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(z64 ? 0xffff : entries.length, 8);
  end.writeUInt16LE(z64 ? 0xffff : entries.length, 10);
  end.writeUInt32LE(z64 ? 0xffffffff : cd.length, 12);
  end.writeUInt32LE(z64 ? 0xffffffff : offset, 16);
  end.writeUInt16LE(comment.length, 20);
  return Buffer.concat([...locals, cd, ...tail, end, comment]);
}

export interface TarEntry {
  name: string;
  data?: string | Buffer;
  /** '0' file (default), '5' folder, '2' symlink. */
  type?: string;
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function tarHeader(name: string, size: number, type: string, prefix = ''): Buffer {
  const h = Buffer.alloc(512);
  h.write(name.slice(0, 100), 0, 'utf8');
  h.write(octal(0o644, 8), 100);
  h.write(octal(0, 8), 108);
  h.write(octal(0, 8), 116);
  h.write(octal(size, 12), 124);
  h.write(octal(0, 12), 136);
  h.write(type, 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  if (prefix) h.write(prefix, 345, 'utf8');
  h.fill(32, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148);
  return h;
}

function padded(data: Buffer): Buffer[] {
  const pad = (512 - (data.length % 512)) % 512;
  return [data, Buffer.alloc(pad)];
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = body.length + 1;
  while (`${length}${body}`.length !== length) length = `${length}${body}`.length;
  return `${length}${body}`;
}

/** A tar archive; names over 100 characters are written as `longNames` says (pax header, GNU `L` entry or ustar prefix). */
export function tar(entries: TarEntry[], longNames: 'pax' | 'gnu' | 'ustar' = 'pax'): Buffer {
  const out: Buffer[] = [];
  for (const e of entries) {
    const data = bytesOf(e.data ?? '');
    const type = e.type ?? '0';
    const size = type === '0' ? data.length : 0;
    if (Buffer.byteLength(e.name) <= 100) out.push(tarHeader(e.name, size, type));
    else if (longNames === 'pax') {
      const record = Buffer.from(paxRecord('path', e.name), 'utf8');
      out.push(tarHeader('PaxHeaders/x', record.length, 'x'), ...padded(record), tarHeader(e.name.slice(-100), size, type));
    } else if (longNames === 'gnu') {
      const name = Buffer.from(`${e.name}\0`, 'utf8');
      out.push(tarHeader('././@LongLink', name.length, 'L'), ...padded(name), tarHeader(e.name.slice(0, 100), size, type));
    } else {
      const cut = e.name.lastIndexOf('/', 155);
      out.push(tarHeader(e.name.slice(cut + 1), size, type, e.name.slice(0, cut)));
    }
    if (size > 0) out.push(...padded(data));
  }
  out.push(Buffer.alloc(1024));
  return Buffer.concat(out);
}

/** gzip, with the stored file name when given. */
export function gzip(data: string | Buffer, name?: string): Buffer {
  const body = gzipSync(bytesOf(data));
  if (!name) return body;
  // Set FNAME and insert the name after the 10-byte header.
  const head = Buffer.from(body.subarray(0, 10));
  head[3] |= 0x08;
  return Buffer.concat([head, Buffer.from(`${name}\0`, 'latin1'), body.subarray(10)]);
}

/**
 * Raw deflate data that inflates to `mib` MiB of zeros, built from a 1 MiB buffer: the same small
 * non-final block repeated, then an empty final block (a zip bomb without allocating the bomb).
 */
export function deflatedZeros(mib: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1 << 20), { finishFlush: constants.Z_SYNC_FLUSH, level: 9 });
  const parts: Buffer[] = [];
  for (let i = 0; i < mib; i++) parts.push(block);
  parts.push(deflateRawSync(Buffer.alloc(0)));
  return Buffer.concat(parts);
}

/** A gzip that decompresses to `mib` MiB of zeros: 1 MiB members concatenated. */
export function gzippedZeros(mib: number): Buffer {
  const member = gzipSync(Buffer.alloc(1 << 20), { level: 9 });
  return Buffer.concat(Array.from({ length: mib }, () => member));
}
