import { type DescEnum, type DescField, type DescMessage, ScalarType } from '@bufbuild/protobuf';
import { wrappedScalar } from '../param-value.ts';
import { isRequired, rulesOf, withRules } from './rules.ts';

/** A JSON Schema object as used by OpenAPI 3.1. */
export type Schema = Record<string, unknown>;

/** Collects the component schemas of every message reached while describing fields. */
export interface SchemaCollector {
  /** A `$ref` to the message's component schema (or an inline schema for well-known types). */
  message(message: DescMessage): Schema;
  /** The schema of a field's JSON value, lists and maps included, narrowed by its protovalidate rules. */
  field(field: DescField): Schema;
  /** The schema of a message without some of its top-level fields (e.g. those bound to the path). */
  messageWithout(message: DescMessage, omit: ReadonlySet<string>): Schema;
  /** `components.schemas`, keyed by full type name. */
  readonly components: Record<string, Schema>;
}

const INT64 = { type: 'string', format: 'int64' };
const UINT64 = { type: 'string', format: 'uint64' };

const WELL_KNOWN: Readonly<Record<string, Schema>> = {
  'google.protobuf.Timestamp': { type: 'string', format: 'date-time' },
  'google.protobuf.Duration': { type: 'string', pattern: '^-?\\d+(\\.\\d+)?s$', examples: ['1.5s'] },
  'google.protobuf.FieldMask': { type: 'string', description: 'Comma-separated lowerCamelCase field paths.' },
  'google.protobuf.Struct': { type: 'object', additionalProperties: true },
  'google.protobuf.Value': {},
  'google.protobuf.ListValue': { type: 'array', items: {} },
  'google.protobuf.Empty': { type: 'object' },
  'google.protobuf.Any': {
    type: 'object',
    properties: { '@type': { type: 'string' } },
    additionalProperties: true,
  },
};

/** The proto3 JSON mapping of a scalar type. */
export function scalarSchema(scalar: ScalarType): Schema {
  switch (scalar) {
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return { ...INT64 };
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return { ...UINT64 };
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return { type: 'integer', format: 'uint32', minimum: 0, maximum: 4294967295 };
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return { type: 'integer', format: 'int32' };
    case ScalarType.FLOAT:
      return { type: 'number', format: 'float' };
    case ScalarType.DOUBLE:
      return { type: 'number', format: 'double' };
    case ScalarType.BOOL:
      return { type: 'boolean' };
    case ScalarType.BYTES:
      return { type: 'string', format: 'byte' };
    default:
      return { type: 'string' };
  }
}

/** Enums are emitted by value name. */
export function enumSchema(desc: DescEnum): Schema {
  return { type: 'string', enum: desc.values.map((v) => v.name) };
}

/** A `$ref` into `components.schemas`. */
export function componentRef(typeName: string): Schema {
  return { $ref: `#/components/schemas/${typeName}` };
}

/** Creates a collector; component schemas are added on first reference, so cycles terminate. */
export function createSchemaCollector(): SchemaCollector {
  const components: Record<string, Schema> = {};

  const message = (desc: DescMessage): Schema => {
    const known = WELL_KNOWN[desc.typeName];
    if (known) return { ...known };
    const wrapped = wrappedScalar(desc);
    if (wrapped !== undefined) return nullable(scalarSchema(wrapped));
    if (!(desc.typeName in components)) {
      components[desc.typeName] = {};
      components[desc.typeName] = objectSchema(desc, new Set());
    }
    return componentRef(desc.typeName);
  };

  const single = (f: { scalar?: ScalarType; enum?: DescEnum; message?: DescMessage }): Schema => {
    if (f.message) return message(f.message);
    if (f.enum)
      return f.enum.typeName === 'google.protobuf.NullValue' ? { type: 'null' } : enumSchema(f.enum);
    return scalarSchema(f.scalar ?? ScalarType.STRING);
  };

  const field = (f: DescField): Schema => {
    const rules = rulesOf(f);
    if (f.fieldKind === 'list') return withRules({ type: 'array', items: single(f) }, rules);
    if (f.fieldKind === 'map') return withRules({ type: 'object', additionalProperties: single(f) }, rules);
    return withRules(single(f), rules);
  };

  const objectSchema = (desc: DescMessage, omit: ReadonlySet<string>): Schema => {
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const f of desc.fields) {
      if (omit.has(f.name)) continue;
      properties[f.jsonName] = field(f);
      if (isRequired(f)) required.push(f.jsonName);
    }
    return { type: 'object', title: desc.name, properties, ...(required.length > 0 ? { required } : {}) };
  };

  return {
    message,
    field,
    messageWithout: (desc, omit) => (omit.size === 0 ? message(desc) : objectSchema(desc, omit)),
    components,
  };
}

/** OpenAPI 3.1 nullability: widen `type` to include `null`. */
function nullable(schema: Schema): Schema {
  return { ...schema, type: [schema.type, 'null'] };
}
