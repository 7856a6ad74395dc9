import { type DescField, type DescMessage, ScalarType } from '@bufbuild/protobuf';
import {
  HOSTILE_NUMBER_LITERALS,
  HOSTILE_NUMBER_TEXTS,
  hostileProtoStringBytes,
  hostileStringBytes,
  lengthDelimited,
  tag,
  varint,
} from './payloads.ts';
import type { Rng } from './prng.ts';

/** What is wrong with a generated message: nothing, its numbers, its strings, or its types/wire format. */
export type MessageMode = 'valid' | 'bad-number' | 'bad-string' | 'wrong-type';

/** Known-good values, so that valid messages reach the services' logic (skus that exist, and so on). */
export interface ValueHints {
  skus: readonly bigint[];
}

const INTEGER_SCALARS = new Set<ScalarType>([
  ScalarType.INT64,
  ScalarType.UINT64,
  ScalarType.INT32,
  ScalarType.UINT32,
  ScalarType.SINT32,
  ScalarType.SINT64,
  ScalarType.FIXED32,
  ScalarType.FIXED64,
  ScalarType.SFIXED32,
  ScalarType.SFIXED64,
]);

/** A plausible value for an integer field, by its name. */
function validInteger(rng: Rng, field: DescField, hints: ValueHints): bigint {
  const name = field.name;
  if (name.includes('sku'))
    return hints.skus.length > 0 && rng.bool(0.8)
      ? rng.pick(hints.skus)
      : BigInt(rng.int(10_000_000, 2_000_000_000));
  if (name.includes('count') || name === 'price' || name.includes('size')) return BigInt(rng.int(1, 20));
  return BigInt(rng.int(1, 1000));
}

function validString(rng: Rng, field: DescField): string {
  if (field.name.includes('token')) return '';
  if (field.name.includes('batch_id')) return '00000000-0000-4000-8000-000000000000';
  if (field.name.includes('mask')) return 'name';
  return rng.pick(['fuzz comment', 'Fuzz product', 'ok', 'ё-текст']);
}

const WRONG_JSON_VALUES = ['true', 'false', 'null', '[]', '{}', '[1]', '{"value":1}', '"x"', '""', '[[[]]]'];

// --- JSON ---

/** A JSON object for `message`, as bytes (hostile bytes cannot live in a JS string). */
export function messageJson(rng: Rng, message: DescMessage, mode: MessageMode, hints: ValueHints, depth = 0) {
  const parts: Buffer[] = [];
  const fields = message.fields;
  // The field the hostility is aimed at; the others are mostly valid so the bad one gets read.
  const aimed = fields.length > 0 ? rng.pick(fields) : undefined;
  for (const field of fields) {
    if (mode !== 'valid' && field !== aimed && rng.bool(0.2)) continue;
    const fieldMode = mode === 'valid' || field === aimed || rng.bool(0.3) ? mode : 'valid';
    const key = rng.bool(0.5) ? field.jsonName : field.name;
    parts.push(Buffer.from(`${JSON.stringify(key)}:`), fieldJson(rng, field, fieldMode, hints, depth));
    if (mode !== 'valid' && rng.bool(0.05))
      parts.push(Buffer.from(`${JSON.stringify(key)}:`), fieldJson(rng, field, 'valid', hints, depth));
  }
  if (mode === 'wrong-type' && rng.bool(0.3))
    parts.push(Buffer.from(`"unknownField${rng.int(0, 9)}":{"x":[1]}`));
  const body: Buffer[] = [Buffer.from('{')];
  parts.forEach((part, i) => {
    // parts come in (key, value) pairs
    if (i > 0 && i % 2 === 0) body.push(Buffer.from(','));
    body.push(part);
  });
  body.push(Buffer.from('}'));
  return Buffer.concat(body);
}

function fieldJson(rng: Rng, field: DescField, mode: MessageMode, hints: ValueHints, depth: number): Buffer {
  if (mode === 'wrong-type' && rng.bool(0.7)) return Buffer.from(rng.pick(WRONG_JSON_VALUES));
  switch (field.fieldKind) {
    case 'scalar':
      return scalarJson(rng, field, field.scalar, mode, hints);
    case 'enum':
      if (mode === 'valid') return Buffer.from(String(field.enum.values[0]?.number ?? 0));
      return Buffer.from(rng.pick(['"NO_SUCH_VALUE"', '99999', '-1', '1.5', '"\\u0000"']));
    case 'message':
      return nestedJson(rng, field.message, mode, hints, depth);
    case 'list': {
      if (mode === 'wrong-type' && rng.bool(0.5)) return Buffer.from(rng.pick(['{}', '"1,2"', '1']));
      const count = mode === 'valid' ? rng.int(1, 3) : rng.int(0, 4);
      const items = Array.from({ length: count }, () => {
        if (field.listKind === 'message') return nestedJson(rng, field.message, mode, hints, depth);
        if (field.listKind === 'enum') return Buffer.from('0');
        return scalarJson(rng, field, field.scalar, mode, hints);
      });
      return Buffer.concat([Buffer.from('['), ...join(items, ','), Buffer.from(']')]);
    }
    case 'map':
      return Buffer.from(mode === 'valid' ? '{}' : '{"k":[1],"":null}');
  }
}

function nestedJson(rng: Rng, message: DescMessage, mode: MessageMode, hints: ValueHints, depth: number) {
  if (message.typeName === 'google.protobuf.FieldMask')
    return mode === 'valid'
      ? Buffer.from('"name"')
      : Buffer.from(rng.pick(['"no_such.path"', '"a,,b"', '"..."']));
  if (message.typeName === 'google.protobuf.Timestamp')
    return Buffer.from(
      mode === 'valid'
        ? '"2026-01-01T00:00:00Z"'
        : rng.pick(['"10000-01-01T00:00:00Z"', '"yesterday"', '-1']),
    );
  if (depth > 3) return Buffer.from('{}');
  return messageJson(rng, message, mode, hints, depth + 1);
}

function scalarJson(
  rng: Rng,
  field: DescField,
  scalar: ScalarType,
  mode: MessageMode,
  hints: ValueHints,
): Buffer {
  if (INTEGER_SCALARS.has(scalar)) {
    if (mode === 'bad-number')
      return rng.bool(0.6)
        ? Buffer.from(rng.pick(HOSTILE_NUMBER_LITERALS))
        : Buffer.from(JSON.stringify(rng.pick(HOSTILE_NUMBER_TEXTS)));
    const value = validInteger(rng, field, hints);
    return Buffer.from(rng.bool(0.5) ? String(value) : `"${value}"`);
  }
  if (scalar === ScalarType.STRING) {
    if (mode === 'bad-string')
      return Buffer.concat([Buffer.from('"'), hostileStringBytes(rng), Buffer.from('"')]);
    if (mode === 'bad-number') return Buffer.from(rng.pick(HOSTILE_NUMBER_LITERALS));
    return Buffer.from(JSON.stringify(validString(rng, field)));
  }
  if (scalar === ScalarType.BOOL)
    return Buffer.from(mode === 'valid' ? 'true' : rng.pick(['"true"', '1', 'TRUE']));
  if (scalar === ScalarType.BYTES)
    return Buffer.from(mode === 'valid' ? '"AQID"' : rng.pick(['"!!!"', '"A"', '12']));
  // double and float
  if (mode === 'bad-number')
    return Buffer.from(rng.pick([...HOSTILE_NUMBER_LITERALS, '"NaN"', '"-Infinity"']));
  return Buffer.from('1.5');
}

function join(items: Buffer[], separator: string): Buffer[] {
  return items.flatMap((item, i) => (i === 0 ? [item] : [Buffer.from(separator), item]));
}

// --- protobuf binary ---

const HOSTILE_VARINTS: readonly bigint[] = [
  0n,
  -1n,
  -9223372036854775808n,
  9223372036854775807n,
  18446744073709551615n,
  4294967295n,
  4294967296n,
  2147483648n,
  -2147483649n,
  9007199254740993n,
];

/** A binary message for `message`; hostile modes break the values or the wire format itself. */
export function messageBinary(
  rng: Rng,
  message: DescMessage,
  mode: MessageMode,
  hints: ValueHints,
  depth = 0,
) {
  const parts: Buffer[] = [];
  const aimed = message.fields.length > 0 ? rng.pick(message.fields) : undefined;
  for (const field of message.fields) {
    const fieldMode = mode === 'valid' || field === aimed || rng.bool(0.3) ? mode : 'valid';
    parts.push(fieldBinary(rng, field, fieldMode, hints, depth));
  }
  if (mode === 'wrong-type') parts.push(wireGarbage(rng));
  if (mode !== 'valid' && rng.bool(0.3)) shuffle(rng, parts);
  return Buffer.concat(parts);
}

function fieldBinary(
  rng: Rng,
  field: DescField,
  mode: MessageMode,
  hints: ValueHints,
  depth: number,
): Buffer {
  const n = field.number;
  if (mode === 'wrong-type' && rng.bool(0.6)) {
    // A known field number with the wrong wire type, or a length that runs past the end.
    return rng.weighted<() => Buffer>([
      [() => Buffer.concat([tag(n, 1), Buffer.alloc(8, 0xff)]), 1],
      [() => Buffer.concat([tag(n, 5), Buffer.alloc(4, 0x7f)]), 1],
      [() => lengthDelimited(n, Buffer.from([0x08, 0x96, 0x01])), 1],
      [() => Buffer.concat([tag(n, 0), varint(1)]), 1],
      [
        () =>
          Buffer.concat([
            tag(n, 2),
            varint(rng.pick([10, 1 << 20, 0x7fffffff, 2 ** 32 + 1])),
            Buffer.from('x'),
          ]),
        2,
      ],
      [() => Buffer.concat([tag(n, 3), tag(n, 4)]), 1],
    ])();
  }
  switch (field.fieldKind) {
    case 'scalar':
      return scalarBinary(rng, field, field.scalar, mode, hints);
    case 'enum':
      return Buffer.concat([tag(n, 0), varint(mode === 'valid' ? 0 : rng.pick(HOSTILE_VARINTS))]);
    case 'message':
      if (depth > 3) return lengthDelimited(n, Buffer.alloc(0));
      return lengthDelimited(n, messageBinary(rng, field.message, mode, hints, depth + 1));
    case 'list': {
      const count = mode === 'valid' ? rng.int(1, 3) : rng.int(0, 4);
      const items: Buffer[] = [];
      for (let i = 0; i < count; i++) {
        if (field.listKind === 'message')
          items.push(
            lengthDelimited(
              n,
              depth > 3 ? Buffer.alloc(0) : messageBinary(rng, field.message, mode, hints, depth + 1),
            ),
          );
        else if (field.listKind === 'enum') items.push(Buffer.concat([tag(n, 0), varint(0)]));
        else items.push(scalarBinary(rng, field, field.scalar, mode, hints));
      }
      return Buffer.concat(items);
    }
    case 'map':
      return Buffer.alloc(0);
  }
}

function scalarBinary(rng: Rng, field: DescField, scalar: ScalarType, mode: MessageMode, hints: ValueHints) {
  const n = field.number;
  if (INTEGER_SCALARS.has(scalar)) {
    if (mode === 'bad-number') {
      return rng.weighted<() => Buffer>([
        [() => Buffer.concat([tag(n, 0), varint(rng.pick(HOSTILE_VARINTS))]), 5],
        // Eleven bytes with the continuation bit: longer than any varint may be.
        [() => Buffer.concat([tag(n, 0), Buffer.alloc(11, 0xff), Buffer.from([0x01])]), 1],
        // A varint cut off by the end of the message.
        [() => Buffer.concat([tag(n, 0), Buffer.from([0xff, 0xff])]), 1],
      ])();
    }
    const value = validInteger(rng, field, hints);
    if (scalar === ScalarType.SINT32 || scalar === ScalarType.SINT64)
      return Buffer.concat([tag(n, 0), varint(value * 2n)]);
    if (scalar === ScalarType.FIXED32 || scalar === ScalarType.SFIXED32) {
      const b = Buffer.alloc(4);
      b.writeUInt32LE(Number(value));
      return Buffer.concat([tag(n, 5), b]);
    }
    if (scalar === ScalarType.FIXED64 || scalar === ScalarType.SFIXED64) {
      const b = Buffer.alloc(8);
      b.writeBigUInt64LE(value);
      return Buffer.concat([tag(n, 1), b]);
    }
    return Buffer.concat([tag(n, 0), varint(value)]);
  }
  if (scalar === ScalarType.STRING) {
    if (mode === 'bad-string') return lengthDelimited(n, hostileProtoStringBytes(rng));
    return lengthDelimited(n, Buffer.from(validString(rng, field)));
  }
  if (scalar === ScalarType.BYTES)
    return lengthDelimited(n, mode === 'valid' ? Buffer.from([1, 2, 3]) : rng.bytes(9));
  if (scalar === ScalarType.BOOL) return Buffer.concat([tag(n, 0), varint(mode === 'valid' ? 1 : 2)]);
  if (scalar === ScalarType.FLOAT) {
    const b = Buffer.alloc(4);
    b.writeFloatLE(mode === 'valid' ? 1.5 : Number.NaN);
    return Buffer.concat([tag(n, 5), b]);
  }
  const b = Buffer.alloc(8);
  b.writeDoubleLE(mode === 'valid' ? 1.5 : rng.pick([Number.NaN, Number.POSITIVE_INFINITY, -0]));
  return Buffer.concat([tag(n, 1), b]);
}

/** Wire-format garbage: invalid wire types, field number 0, unmatched group ends, unknown fields. */
function wireGarbage(rng: Rng): Buffer {
  return rng.weighted<() => Buffer>([
    [() => Buffer.from([(rng.int(1, 15) << 3) | rng.pick([6, 7])]), 2],
    [() => Buffer.concat([tag(0, 0), varint(1)]), 1],
    [() => tag(rng.int(1, 15), 4), 1],
    [() => Buffer.concat([tag(536_870_911, 0), varint(1)]), 1],
    [() => lengthDelimited(rng.int(100, 5000), rng.bytes(rng.int(0, 40))), 2],
    [() => rng.bytes(rng.int(1, 16)), 2],
  ])();
}

/** Unknown field `n` opened as a group `depth` times: a reader that recurses on groups runs out of stack. */
export function deepGroups(depth: number): Buffer {
  const open = tag(99, 3);
  const close = tag(99, 4);
  return Buffer.concat([Buffer.alloc(open.length * depth, open), Buffer.alloc(close.length * depth, close)]);
}

/** A message field nested `depth` times in itself, through field `fieldNumber` (length-delimited). */
export function deepNestedMessage(depth: number, fieldNumber: number): Buffer {
  const head = tag(fieldNumber, 2);
  // Lengths from the innermost level out, then the prefixes written from the outermost in.
  const lengths: number[] = [0];
  for (let i = 1; i < depth; i++) {
    const inner = lengths[i - 1]!;
    lengths.push(head.length + varint(inner).length + inner);
  }
  const prefixes: Buffer[] = [];
  for (let i = depth - 1; i >= 0; i--) prefixes.push(head, varint(lengths[i]!));
  return Buffer.concat(prefixes);
}

function shuffle<T>(rng: Rng, list: T[]): void {
  for (let i = list.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
}
