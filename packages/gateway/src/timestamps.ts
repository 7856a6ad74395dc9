import type { DescField, DescMessage, JsonObject, JsonValue } from '@bufbuild/protobuf';

const TIMESTAMP = 'google.protobuf.Timestamp';
const WHOLE_SECOND = /^(.*T\d{2}:\d{2}:\d{2})Z$/;

/**
 * Gives every google.protobuf.Timestamp in `json` (the JSON of a `schema` message) at least
 * millisecond digits: protobuf's JSON writer drops a zero fraction (`10:00:00Z`), but the contract
 * promises milliseconds or finer (`10:00:00.000Z`) for every value.
 */
export function withMillisecondTimestamps(schema: DescMessage, json: JsonValue): JsonValue {
  if (schema.typeName === TIMESTAMP)
    return typeof json === 'string' ? json.replace(WHOLE_SECOND, '$1.000Z') : json;
  if (!isObject(json)) return json;
  for (const field of schema.fields) {
    const value = json[field.jsonName];
    const target = messageOf(field);
    if (value === undefined || value === null || !target || !containsTimestamp(target)) continue;
    if (field.fieldKind === 'message') json[field.jsonName] = withMillisecondTimestamps(target, value);
    else if (Array.isArray(value))
      json[field.jsonName] = value.map((item) => withMillisecondTimestamps(target, item));
    else if (isObject(value)) {
      for (const [key, item] of Object.entries(value)) value[key] = withMillisecondTimestamps(target, item);
    }
  }
  return json;
}

function isObject(json: JsonValue): json is JsonObject {
  return json !== null && typeof json === 'object' && !Array.isArray(json);
}

/** The message type a field holds (alone, in a list, or as map values), if any. */
function messageOf(field: DescField): DescMessage | undefined {
  if (field.fieldKind === 'message') return field.message;
  if (field.fieldKind === 'list' && field.listKind === 'message') return field.message;
  if (field.fieldKind === 'map' && field.mapKind === 'message') return field.message;
  return undefined;
}

const cache = new WeakMap<DescMessage, boolean>();

/** Whether a message type is or holds a Timestamp anywhere below it (recursive types count once). */
function containsTimestamp(schema: DescMessage): boolean {
  if (schema.typeName === TIMESTAMP) return true;
  const known = cache.get(schema);
  if (known !== undefined) return known;
  cache.set(schema, false);
  const found = schema.fields.some((f) => {
    const target = messageOf(f);
    return target !== undefined && containsTimestamp(target);
  });
  cache.set(schema, found);
  return found;
}
