import {
  type DescField,
  type DescMessage,
  type JsonValue,
  type Message,
  mergeFromJson,
} from '@bufbuild/protobuf';
import { decodeErrorDetail, invalidArgument } from './errors.ts';
import { nestJson, protoPath, resolveFieldPath } from './field-path.ts';
import { paramJsonValue, paramLeaf } from './param-value.ts';

/** Values from the URL (path variables or query parameters) bound to one field of the request. */
export interface BoundParam {
  readonly chain: readonly DescField[];
  readonly values: readonly string[];
}

/**
 * Groups query parameters by the field they name: proto names (`order_id`) and JSON names (`orderId`),
 * dotted paths into singular message fields (`filter.min_price`), repeated keys for lists.
 * Keys that name no field, and fields for which `isBound(protoPath)` is true, are ignored.
 */
export function queryParams(
  schema: DescMessage,
  search: URLSearchParams,
  isBound: (protoPath: string) => boolean,
): BoundParam[] {
  const byPath = new Map<string, { chain: DescField[]; values: string[] }>();
  for (const [key, value] of search) {
    const chain = resolveFieldPath(schema, key, true);
    if (chain === undefined) continue;
    const path = protoPath(chain);
    if (isBound(path)) continue;
    const entry = byPath.get(path) ?? { chain, values: [] };
    entry.values.push(value);
    byPath.set(path, entry);
  }
  return [...byPath.values()];
}

/**
 * Sets URL values into the message, converting each per its field type.
 * A singular field given more than once (`orderId=1&orderId=2`, or `orderId` and `order_id`) is
 * refused: another reader of the same URL (a proxy in front) may take a different one.
 * Throws InvalidArgument naming the field, e.g. `invalid OrderInfoRequest.order_id: "x" is not a valid int64`.
 */
export function mergeParams(schema: DescMessage, message: Message, params: readonly BoundParam[]): void {
  for (const { chain, values } of params) {
    const field = chain[chain.length - 1];
    const leaf = field && paramLeaf(field);
    const name = `${schema.name}.${protoPath(chain)}`;
    if (leaf === undefined) throw invalidArgument(`invalid ${name}: cannot be set from the URL`);
    const repeated = field?.fieldKind === 'list';
    if (!repeated && values.length > 1)
      throw invalidArgument(`invalid ${name}: given ${values.length} times in the URL; it takes one value`);
    const json: JsonValue[] = [];
    for (const text of values) {
      const converted = paramJsonValue(leaf, text);
      if ('error' in converted) throw invalidArgument(`invalid ${name}: ${converted.error}`);
      json.push(converted.value);
    }
    try {
      mergeFromJson(schema, message, nestJson(chain, repeated ? json : (json[0] ?? null)), {
        ignoreUnknownFields: false,
      });
    } catch (err) {
      throw invalidArgument(`invalid ${name}: ${decodeErrorDetail(err)}`);
    }
  }
}
