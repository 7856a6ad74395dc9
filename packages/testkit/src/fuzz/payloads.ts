import { brotliCompressSync, constants, deflateSync, gzipSync } from 'node:zlib';
import type { Rng } from './prng.ts';

export const MIB = 1024 * 1024;

/** Numbers that are valid JSON number literals but hostile in an id, count or price field. */
export const HOSTILE_NUMBER_LITERALS: readonly string[] = [
  '0',
  '-0',
  '-1',
  '1.5',
  '-1.5',
  '1.0',
  '1e3',
  '1E+2',
  '1e-7',
  '1e400',
  '-1e400',
  '1e-400',
  '2147483648',
  '4294967295',
  '4294967296',
  '9007199254740993',
  '9223372036854775807',
  '9223372036854775808',
  '-9223372036854775808',
  '-9223372036854775809',
  '18446744073709551615',
  '18446744073709551616',
  '9.223372036854775807e18',
  '9223372036854775807.0',
  '9223372036854775807.5',
  '1e19',
  '99999999999999999999999999999999999999',
  `1${'0'.repeat(400)}`,
  `0.${'0'.repeat(300)}1`,
  `-${'9'.repeat(1000)}`,
  // Long enough that an error message quoting it no longer fits in an HTTP/2 header block.
  '9'.repeat(100_000),
];

/** Texts that are numbers only to a lenient reader, sent as JSON strings, query values and path segments. */
export const HOSTILE_NUMBER_TEXTS: readonly string[] = [
  ...HOSTILE_NUMBER_LITERALS,
  '',
  ' ',
  ' 1',
  '1 ',
  '+1',
  '01',
  '0x10',
  '0b1',
  '0o7',
  '1_000',
  '1,5',
  'NaN',
  'Infinity',
  '-Infinity',
  'null',
  'true',
  '1e',
  '-',
  '.',
  '١٢٣',
  '１２３',
  '1\u0000',
  '\u00001',
  `${'0'.repeat(60)}1`,
  '9'.repeat(100),
];

/** Invalid UTF-8 byte sequences (each on its own is not UTF-8). */
export const INVALID_UTF8: readonly Buffer[] = [
  Buffer.from([0xff]),
  Buffer.from([0xfe, 0xff]),
  Buffer.from([0x80]),
  Buffer.from([0xc0, 0x80]),
  Buffer.from([0xc3]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xed, 0xbf, 0xbf]),
  Buffer.from([0xf4, 0x90, 0x80, 0x80]),
  Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]),
  Buffer.from([0xef, 0xbf]),
];

/** Raw bytes for a JSON string's content: NUL characters, invalid UTF-8, escapes of lone surrogates. */
export function hostileStringBytes(rng: Rng): Buffer {
  const piece = (): Buffer =>
    rng.weighted<() => Buffer>([
      [() => Buffer.from('\\u0000'), 3],
      [() => Buffer.from([0x00]), 3],
      [() => rng.pick(INVALID_UTF8), 4],
      [() => Buffer.from(rng.pick(['\\ud800', '\\udfff', '\\udbff\\udfff', '\\uDC00\\uD800'])), 2],
      [() => Buffer.from(rng.pick(['\\x41', '\\u12', '\\', '\\q', '\\u00zz'])), 1],
      [() => Buffer.from([rng.int(1, 31)]), 1],
      [() => Buffer.from(rng.pick(['\u202e', '\u200b', '\ufeff', '😀', 'ё', '\u0085'])), 1],
      [() => Buffer.from('x'.repeat(rng.pick([255, 256, 1000, 70_000]))), 1],
      [() => Buffer.from('comment'), 2],
    ])();
  return Buffer.concat(Array.from({ length: rng.int(1, 4) }, piece));
}

/** The same hostility as raw bytes of a protobuf string field (no JSON escapes: the bytes themselves). */
export function hostileProtoStringBytes(rng: Rng): Buffer {
  const piece = (): Buffer =>
    rng.weighted<() => Buffer>([
      [() => Buffer.from([0x00]), 3],
      [() => rng.pick(INVALID_UTF8), 5],
      [() => Buffer.from('x'.repeat(rng.pick([255, 256, 5000]))), 1],
      [() => Buffer.from('ok'), 1],
    ])();
  return Buffer.concat(Array.from({ length: rng.int(1, 3) }, piece));
}

/** Percent-encoded hostile text for paths and query strings. */
export function hostileUrlText(rng: Rng): string {
  return rng.weighted<() => string>([
    [() => encodeURIComponent(rng.pick(HOSTILE_NUMBER_TEXTS)), 5],
    [() => rng.pick(['%00', '1%00', '%FF', '%C0%80', '%ED%A0%80', '%', '%zz', '%E2%82']), 3],
    [() => rng.pick(['..', '%2e%2e', '%2F', '..%2F..%2Fetc%2Fpasswd', '\\', '%5C']), 1],
    [() => '9'.repeat(rng.pick([20, 64, 65, 2000])), 1],
  ])();
}

// Compression bombs: each a few hundred KB (brotli far less) that inflates to 200 MiB of zeros.
const BOMB_BYTES = 200 * MIB;
let bombs: Record<'gzip' | 'deflate' | 'br', Buffer> | undefined;

/** The bombs, made once per process (about a second of CPU). */
export function compressionBombs(): Record<'gzip' | 'deflate' | 'br', Buffer> {
  if (!bombs) {
    const zeros = Buffer.alloc(BOMB_BYTES);
    bombs = {
      gzip: gzipSync(zeros, { level: 9 }),
      deflate: deflateSync(zeros, { level: 9 }),
      br: brotliCompressSync(zeros, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }),
    };
  }
  return bombs;
}

export function compress(encoding: 'gzip' | 'deflate' | 'br', data: Buffer): Buffer {
  if (encoding === 'gzip') return gzipSync(data);
  if (encoding === 'deflate') return deflateSync(data);
  return brotliCompressSync(data);
}

/** `depth` nested arrays, `[[[...]]]`, or objects, `{"a":{"a":...}}`. */
export function deepJson(depth: number, shape: 'array' | 'object', inner = '1'): Buffer {
  if (shape === 'array') return Buffer.from(`${'['.repeat(depth)}${inner}${']'.repeat(depth)}`);
  return Buffer.from(`${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}`);
}

/** A JSON object of exactly `size` bytes: `prefix` (an object's opening, ending in a key) and a long string. */
export function jsonOfSize(size: number, prefix: string, fill = 'a'): Buffer {
  const head = Buffer.from(`${prefix}"`);
  const tail = Buffer.from('"}');
  const length = Math.max(0, size - head.length - tail.length);
  return Buffer.concat([head, Buffer.alloc(length, fill), tail]);
}

/** A JSON array of many small numbers, about `size` bytes: many allocations rather than one string. */
export function jsonArrayOfSize(size: number, prefix: string): Buffer {
  const count = Math.max(0, Math.floor((size - prefix.length - 2) / 2));
  return Buffer.from(`${prefix}[${'1,'.repeat(count)}1]}`);
}

// --- protobuf wire format, written by hand so that anything, valid or not, can be sent ---

export function varint(value: bigint | number): Buffer {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Buffer.from(out);
}

/** Wire types: 0 varint, 1 fixed64, 2 length-delimited, 3/4 groups (deprecated), 5 fixed32; 6 and 7 are invalid. */
export function tag(fieldNumber: number, wireType: number): Buffer {
  return varint((BigInt(fieldNumber) << 3n) | BigInt(wireType));
}

export function lengthDelimited(fieldNumber: number, payload: Buffer): Buffer {
  return Buffer.concat([tag(fieldNumber, 2), varint(payload.length), payload]);
}

/** A gRPC (and gRPC-Web, Connect streaming) length-prefixed frame; `declared` may lie about the length. */
export function grpcFrame(payload: Buffer, options: { flags?: number; declared?: number } = {}): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt8(options.flags ?? 0, 0);
  head.writeUInt32BE((options.declared ?? payload.length) >>> 0, 1);
  return Buffer.concat([head, payload]);
}

/** Printable preview of bytes: text when it is mostly text, hex otherwise. */
export function preview(bytes: Buffer, max = 96): string {
  const slice = bytes.subarray(0, max);
  let printable = 0;
  for (const b of slice) if ((b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x0d) printable++;
  const more = bytes.length > max ? `… (${bytes.length} bytes)` : '';
  if (slice.length > 0 && printable / slice.length > 0.85)
    return `${JSON.stringify(slice.toString('latin1')).slice(1, -1)}${more}`;
  return `hex:${slice.toString('hex')}${more}`;
}
