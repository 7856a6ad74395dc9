import { type DescField, type DescMessage, ScalarType } from '@bufbuild/protobuf';

/**
 * Integer fields may arrive in protobuf JSON as strings (int64 always does). protobuf-es reads those
 * strings with `BigInt()` and `Number()`, which also take `"0x1F"`, `" 3"` and `"+4"`; a client
 * sending those has a bug we should name rather than guess at. A string must read as a decimal number
 * (digits, optionally a fraction and an exponent, as protobuf JSON allows); whether that number is an
 * integer in range is then the protobuf JSON parser's to say. `parseJson` hands number literals a
 * double cannot hold over as such strings too.
 */
const DECIMAL_TEXT = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

const INTEGER_SCALARS: ReadonlySet<ScalarType> = new Set([
  ScalarType.INT32,
  ScalarType.SINT32,
  ScalarType.SFIXED32,
  ScalarType.UINT32,
  ScalarType.FIXED32,
  ScalarType.INT64,
  ScalarType.SINT64,
  ScalarType.SFIXED64,
  ScalarType.UINT64,
  ScalarType.FIXED64,
]);

/**
 * A 32-bit integer range by scalar type. A number a double cannot hold arrives here as a string
 * (see parseJson); protobuf-es would read it through `Number()` and name the rounded value in its
 * error, so it is checked against the range from its own text.
 */
const RANGES_32 = new Map<ScalarType, { min: bigint; max: bigint; name: string }>([
  [ScalarType.INT32, { min: -(2n ** 31n), max: 2n ** 31n - 1n, name: 'int32' }],
  [ScalarType.SINT32, { min: -(2n ** 31n), max: 2n ** 31n - 1n, name: 'sint32' }],
  [ScalarType.SFIXED32, { min: -(2n ** 31n), max: 2n ** 31n - 1n, name: 'sfixed32' }],
  [ScalarType.UINT32, { min: 0n, max: 2n ** 32n - 1n, name: 'uint32' }],
  [ScalarType.FIXED32, { min: 0n, max: 2n ** 32n - 1n, name: 'fixed32' }],
]);

/**
 * A field whose JSON value is an integer written as a string that is not plain decimal digits, or
 * whose digits are out of its 32-bit range (`outOf` names the type then).
 */
export interface LooseInteger {
  /** Path from the message, in proto names: `items[2].sku`. */
  path: string;
  value: string;
  outOf?: string;
}

/**
 * Finds the first integer field (at any depth, in lists and map keys and values too) given as a
 * string that is not a decimal number. Anything else that is wrong is left for the protobuf JSON parser.
 */
export function findLooseInteger(schema: DescMessage, json: unknown): LooseInteger | undefined {
  if (!isObject(json) || schema.typeName.startsWith('google.protobuf.')) return undefined;
  const fields = fieldsByJsonKey(schema);
  for (const [key, value] of Object.entries(json)) {
    const field = fields.get(key);
    if (field === undefined || value === null) continue;
    const found = checkField(field, value);
    if (found !== undefined)
      return { ...found, path: found.path === '' ? field.name : `${field.name}${found.path}` };
  }
  return undefined;
}

function checkField(field: DescField, value: unknown): LooseInteger | undefined {
  switch (field.fieldKind) {
    case 'scalar':
      return checkScalar(field.scalar, value, '');
    case 'message':
      return nested(findLooseInteger(field.message, value), '.');
    case 'list':
      if (!Array.isArray(value)) return undefined;
      for (const [index, item] of value.entries()) {
        const found =
          field.listKind === 'scalar'
            ? checkScalar(field.scalar, item, `[${index}]`)
            : field.listKind === 'message'
              ? nested(findLooseInteger(field.message, item), `[${index}].`)
              : undefined;
        if (found !== undefined) return found;
      }
      return undefined;
    case 'map':
      if (!isObject(value)) return undefined;
      for (const [key, item] of Object.entries(value)) {
        const found =
          checkScalar(field.mapKey, key, `[${key}]`) ??
          (field.mapKind === 'scalar'
            ? checkScalar(field.scalar, item, `[${key}]`)
            : field.mapKind === 'message'
              ? nested(findLooseInteger(field.message, item), `[${key}].`)
              : undefined);
        if (found !== undefined) return found;
      }
      return undefined;
    default:
      return undefined;
  }
}

function checkScalar(scalar: ScalarType, value: unknown, path: string): LooseInteger | undefined {
  if (!INTEGER_SCALARS.has(scalar) || typeof value !== 'string') return undefined;
  if (!DECIMAL_TEXT.test(value)) return { path, value };
  const range = RANGES_32.get(scalar);
  if (range && /^-?[0-9]+$/.test(value)) {
    const n = BigInt(value);
    if (n < range.min || n > range.max) return { path, value, outOf: range.name };
  }
  return undefined;
}

function nested(found: LooseInteger | undefined, separator: string): LooseInteger | undefined {
  return found && { ...found, path: `${separator}${found.path}` };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const keyMaps = new WeakMap<DescMessage, Map<string, DescField>>();

/** Fields by both names protobuf JSON accepts (`userId` and `user_id`). */
function fieldsByJsonKey(schema: DescMessage): Map<string, DescField> {
  let map = keyMaps.get(schema);
  if (map === undefined) {
    map = new Map();
    for (const field of schema.fields) {
      map.set(field.name, field);
      map.set(field.jsonName, field);
    }
    keyMaps.set(schema, map);
  }
  return map;
}

/** The InvalidArgument message for a loose integer, in the contract's `invalid Message.field: rule` form. */
export function describeLooseInteger(schema: DescMessage, found: LooseInteger): string {
  const field = `invalid ${schema.name}.${found.path}`;
  return found.outOf
    ? `${field}: ${found.value.slice(0, 40)} is not a valid ${found.outOf}`
    : `${field}: value must be a decimal number, got ${JSON.stringify(found.value.slice(0, 40))}`;
}
