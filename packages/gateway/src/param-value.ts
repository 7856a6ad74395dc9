import { type DescField, type DescMessage, type JsonValue, ScalarType } from '@bufbuild/protobuf';

/** Well-known message types whose JSON form is a single string, so a URL value can set them. */
const STRING_WKT = new Set([
  'google.protobuf.Timestamp',
  'google.protobuf.Duration',
  'google.protobuf.FieldMask',
  'google.protobuf.Value',
]);

const INTEGER = /^-?\d+$/;

/** The kind of value a URL parameter bound to a field carries. */
export type ParamLeaf =
  | { kind: 'scalar'; scalar: ScalarType }
  | { kind: 'enum'; values: string[] }
  | { kind: 'string-wkt'; typeName: string };

/**
 * What a path or query parameter bound to this field may hold: a scalar, an enum, a string-valued
 * well-known type, or a wrapper of a scalar. Undefined for maps and other messages.
 */
export function paramLeaf(field: DescField): ParamLeaf | undefined {
  if (field.fieldKind === 'map') return undefined;
  if (field.scalar !== undefined) return { kind: 'scalar', scalar: field.scalar };
  if (field.enum !== undefined) return { kind: 'enum', values: field.enum.values.map((v) => v.name) };
  return messageLeaf(field.message);
}

function messageLeaf(message: DescMessage): ParamLeaf | undefined {
  if (STRING_WKT.has(message.typeName)) return { kind: 'string-wkt', typeName: message.typeName };
  const wrapped = wrappedScalar(message);
  return wrapped === undefined ? undefined : { kind: 'scalar', scalar: wrapped };
}

/** The scalar type inside a `google.protobuf.*Value` wrapper, or undefined for other messages. */
export function wrappedScalar(message: DescMessage): ScalarType | undefined {
  if (!/^google\.protobuf\.\w+Value$/.test(message.typeName)) return undefined;
  const value = message.fields[0];
  return message.fields.length === 1 && value?.fieldKind === 'scalar' ? value.scalar : undefined;
}

/** Lower-case proto name of a scalar type, e.g. `int64`. */
export function scalarName(scalar: ScalarType): string {
  return ScalarType[scalar].toLowerCase();
}

/**
 * Converts a URL string into the protobuf JSON value for the leaf, so that fromJson applies the same
 * range checks as for bodies. Returns an error reason when the text cannot be that type.
 */
export function paramJsonValue(leaf: ParamLeaf, text: string): { value: JsonValue } | { error: string } {
  if (leaf.kind === 'enum') return { value: INTEGER.test(text) ? Number(text) : text };
  if (leaf.kind === 'string-wkt') return { value: text };
  switch (leaf.scalar) {
    case ScalarType.BOOL:
      if (text === 'true' || text === '1') return { value: true };
      if (text === 'false' || text === '0') return { value: false };
      return { error: `${JSON.stringify(text)} is not a valid bool` };
    case ScalarType.STRING:
    case ScalarType.BYTES:
    case ScalarType.FLOAT:
    case ScalarType.DOUBLE:
      return { value: text };
    default:
      // fromJson would also take "0x10" or "1e2" for some integer types; URLs get plain decimals only.
      if (!INTEGER.test(text))
        return { error: `${JSON.stringify(text)} is not a valid ${scalarName(leaf.scalar)}` };
      return { value: text };
  }
}
