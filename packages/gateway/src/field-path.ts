import type { DescField, DescMessage, JsonValue } from '@bufbuild/protobuf';

/**
 * Resolves a dotted field path (`book.name`) into the chain of fields it walks through.
 * Each part may be the proto name (`order_id`) or, when `allowJsonNames`, the JSON name (`orderId`).
 * Every field but the last must be a singular message field. Returns undefined when it does not resolve.
 */
export function resolveFieldPath(
  message: DescMessage,
  path: string,
  allowJsonNames: boolean,
): DescField[] | undefined {
  const chain: DescField[] = [];
  let current: DescMessage | undefined = message;
  for (const part of path.split('.')) {
    if (current === undefined) return undefined;
    const field: DescField | undefined = current.fields.find(
      (f) => f.name === part || (allowJsonNames && f.jsonName === part),
    );
    if (field === undefined) return undefined;
    chain.push(field);
    current = field.fieldKind === 'message' ? field.message : undefined;
  }
  return chain;
}

/** The proto-name path of a chain (`book.name`), used in error messages and to compare bindings. */
export function protoPath(chain: readonly DescField[]): string {
  return chain.map((f) => f.name).join('.');
}

/** The JSON-name path of a chain (`book.displayName`), used for documented query parameters. */
export function jsonPath(chain: readonly DescField[]): string {
  return chain.map((f) => f.jsonName).join('.');
}

/** Wraps a value into nested JSON objects along the chain: `{ book: { name: value } }`. */
export function nestJson(chain: readonly DescField[], value: JsonValue): JsonValue {
  let wrapped = value;
  for (let i = chain.length - 1; i >= 0; i--) wrapped = { [chain[i]!.jsonName]: wrapped };
  return wrapped;
}
