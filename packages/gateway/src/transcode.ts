import {
  create,
  type DescField,
  type DescMessage,
  type JsonValue,
  type Message,
  mergeFromJson,
  toJson,
} from '@bufbuild/protobuf';
import { describeLooseInteger, findLooseInteger, parseJson } from '@marketplace/json';
import { describeDecodeError, invalidArgument } from './errors.ts';
import { inferUpdateMask } from './field-mask.ts';
import { nestJson } from './field-path.ts';
import { type BoundParam, mergeParams, queryParams } from './query-params.ts';
import { boundPaths, type Route } from './routes.ts';
import { withMillisecondTimestamps } from './timestamps.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a request body as JSON without rounding int64 (see `parseJson`). An empty body reads as `{}`,
 * so POST routes without arguments need none. Throws InvalidArgument for bytes that are not UTF-8,
 * malformed JSON, and anything but an object when `requireObject`.
 */
export function parseJsonBody(body: Buffer, schema: DescMessage, requireObject: boolean): JsonValue {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw invalidArgument(`invalid ${schema.name}: request body is not valid UTF-8`);
  }
  if (text.trim() === '') return {};
  let json: JsonValue;
  try {
    json = parseJson(text) as JsonValue;
  } catch (err) {
    throw invalidArgument(`invalid ${schema.name}: malformed JSON: ${(err as Error).message}`);
  }
  if (requireObject && (json === null || typeof json !== 'object' || Array.isArray(json))) {
    throw invalidArgument(`invalid ${schema.name}: request body must be a JSON object`);
  }
  return json;
}

/**
 * Merges JSON into the message with the protobuf JSON mapping, tolerating unknown fields; integers
 * sent as strings must be plain digits (see `findLooseInteger`).
 */
export function mergeJson(schema: DescMessage, message: Message, json: JsonValue): void {
  const loose = findLooseInteger(schema, json);
  if (loose !== undefined) throw invalidArgument(describeLooseInteger(schema, loose));
  try {
    mergeFromJson(schema, message, json, { ignoreUnknownFields: true });
  } catch (err) {
    throw invalidArgument(describeDecodeError(err, schema.name));
  }
}

/** The request of a Connect-JSON call: the body is the whole message, as with `body: "*"`. */
export function buildWholeRequest(schema: DescMessage, body: JsonValue): Message {
  const message = create(schema);
  mergeJson(schema, message, body);
  return message;
}

/**
 * Builds the request message of a route: the body first (whole or into its field),
 * then path variables, then query parameters for every field neither of them set; last, for PATCH
 * routes with an `update_mask`, the mask inferred from the body when the client gave none.
 */
export function buildRequest(
  route: Route,
  pathValues: Record<string, string>,
  search: URLSearchParams,
  body: JsonValue | undefined,
): Message {
  const schema = route.method.input;
  const message = create(schema);
  if (route.body !== undefined && body !== undefined) {
    mergeJson(schema, message, route.body === '*' ? body : nestJson([route.body], body));
  }
  const pathParams: BoundParam[] = [...route.pathFields].map(([variable, chain]) => ({
    chain,
    values: [pathValues[variable] ?? ''],
  }));
  mergeParams(schema, message, pathParams);
  if (route.body !== '*') {
    const bound = boundPaths(route);
    const isBound = (path: string) => bound.some((b) => path === b || path.startsWith(`${b}.`));
    mergeParams(schema, message, queryParams(schema, search, isBound));
  }
  if (route.updateMask !== undefined) inferUpdateMask(route.updateMask, route.body, message, body);
  return message;
}

/**
 * The response JSON: zero values and empty lists emitted, int64 as strings, lowerCamelCase names;
 * timestamps with at least milliseconds; only the `response_body` field when the rule names one.
 */
export function renderResponse(schema: DescMessage, message: Message, responseBody?: DescField): JsonValue {
  const json = withMillisecondTimestamps(schema, toJson(schema, message, { alwaysEmitImplicit: true }));
  if (responseBody === undefined) return json;
  const object = json as Record<string, JsonValue>;
  return object[responseBody.jsonName] ?? null;
}
