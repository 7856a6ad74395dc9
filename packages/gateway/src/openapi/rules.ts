import { type DescField, getOption, hasOption, isFieldSet, type Message } from '@bufbuild/protobuf';
import {
  type FieldRules,
  FieldRulesSchema,
  field as fieldRules,
  Ignore,
  type RepeatedRules,
  type StringRules,
} from '@bufbuild/protovalidate/gen/buf/validate/validate_pb.js';
import type { Schema } from './schemas.ts';

/** The protovalidate rules of a field (`(buf.validate.field)`), unless it has none or ignores them. */
export function rulesOf(field: DescField): FieldRules | undefined {
  if (!hasOption(field, fieldRules)) return undefined;
  const rules = getOption(field, fieldRules);
  return rules.ignore === Ignore.ALWAYS ? undefined : rules;
}

/** Whether a field's rules require it to be set. */
export function isRequired(field: DescField): boolean {
  return rulesOf(field)?.required === true;
}

/**
 * `schema` (a field's JSON value, or one element's) narrowed by the field's rules, in JSON Schema
 * words: bounds of numbers, lengths and patterns of strings, sizes of lists and maps. Rules JSON
 * Schema cannot say (CEL expressions, byte lengths) are left to the server.
 */
export function withRules(schema: Schema, rules: FieldRules | undefined): Schema {
  const type = rules?.type;
  if (!type?.case) return schema;
  switch (type.case) {
    case 'string':
      return withStringRules(schema, type.value);
    case 'repeated':
      return withRepeatedRules(schema, type.value);
    case 'map': {
      const { minPairs, maxPairs, values } = type.value;
      const out = { ...schema };
      if (isFieldSet(type.value, ruleField('map', 'minPairs'))) out.minProperties = Number(minPairs);
      if (isFieldSet(type.value, ruleField('map', 'maxPairs'))) out.maxProperties = Number(maxPairs);
      if (values && out.additionalProperties && typeof out.additionalProperties === 'object') {
        out.additionalProperties = withRules(out.additionalProperties as Schema, values);
      }
      return out;
    }
    case 'bool':
    case 'bytes':
    case 'enum':
    case 'any':
    case 'duration':
    case 'fieldMask':
    case 'timestamp':
      return schema;
    default:
      return withNumberRules(schema, type.case, type.value as NumberRules);
  }
}

/** What every numeric rules message (Int32Rules ... DoubleRules) has. */
type NumberRules = Message & {
  lessThan: { case: 'lt' | 'lte' | undefined; value?: number | bigint };
  greaterThan: { case: 'gt' | 'gte' | undefined; value?: number | bigint };
  in: Array<number | bigint>;
  const: number | bigint;
};

function withNumberRules(schema: Schema, kind: string, rules: NumberRules): Schema {
  const out = { ...schema };
  const { lessThan, greaterThan } = rules;
  if (greaterThan.case) {
    delete out.minimum;
    out[greaterThan.case === 'gt' ? 'exclusiveMinimum' : 'minimum'] = Number(greaterThan.value);
  }
  if (lessThan.case) {
    delete out.maximum;
    out[lessThan.case === 'lt' ? 'exclusiveMaximum' : 'maximum'] = Number(lessThan.value);
  }
  if (isFieldSet(rules, ruleField(kind, 'const'))) out.const = Number(rules.const);
  if (rules.in.length > 0) out.enum = rules.in.map(Number);
  return out;
}

function withStringRules(schema: Schema, rules: StringRules): Schema {
  const out = { ...schema };
  const set = (name: string) => isFieldSet(rules, ruleField('string', name));
  if (set('len')) out.minLength = out.maxLength = Number(rules.len);
  if (set('minLen')) out.minLength = Number(rules.minLen);
  if (set('maxLen')) out.maxLength = Number(rules.maxLen);
  if (set('pattern') && isPortablePattern(rules.pattern)) out.pattern = rules.pattern;
  if (set('const')) out.const = rules.const;
  if (rules.in.length > 0) out.enum = [...rules.in];
  const format = STRING_FORMATS[rules.wellKnown.case ?? ''];
  if (format && rules.wellKnown.value === true) out.format = format;
  return out;
}

/** protovalidate's well-known string rules that JSON Schema has a format for. */
const STRING_FORMATS: Readonly<Record<string, string>> = {
  email: 'email',
  hostname: 'hostname',
  ipv4: 'ipv4',
  ipv6: 'ipv6',
  uri: 'uri',
  uriRef: 'uri-reference',
  uuid: 'uuid',
};

function withRepeatedRules(schema: Schema, rules: RepeatedRules): Schema {
  const out = { ...schema };
  if (isFieldSet(rules, ruleField('repeated', 'minItems'))) out.minItems = Number(rules.minItems);
  if (isFieldSet(rules, ruleField('repeated', 'maxItems'))) out.maxItems = Number(rules.maxItems);
  if (rules.unique) out.uniqueItems = true;
  if (rules.items && out.items && typeof out.items === 'object') {
    out.items = withRules(out.items as Schema, rules.items);
  }
  return out;
}

/**
 * RE2 (protovalidate) patterns that mean the same in ECMAScript (JSON Schema): none of RE2's flags
 * groups, named groups, \A, \z, \Q...\E or Unicode classes.
 */
function isPortablePattern(pattern: string): boolean {
  return !/\(\?[a-zA-Z<P]|\\[AzQEpP]/.test(pattern);
}

/** The descriptor of a field of one of the rules messages, e.g. ('string', 'minLen'). */
function ruleField(kind: string, name: string): DescField {
  const rulesMessage = FieldRulesSchema.fields.find((f) => f.localName === kind)?.message;
  const field = rulesMessage?.field[name];
  if (!field) throw new Error(`buf.validate has no ${kind} rule ${name}`);
  return field;
}
