import { create, type DescField, type JsonValue, type Message } from '@bufbuild/protobuf';
import { type FieldMask, FieldMaskSchema } from '@bufbuild/protobuf/wkt';
import type { Route } from './routes.ts';

/**
 * Sets the request's update mask from the top-level keys of a PATCH body, in proto field names,
 * when the client gave no mask (none or an empty one), as grpc-gateway does: a PATCH then changes
 * only the fields it sends. Keys that name no field of the body message are left out; a body
 * without known keys leaves the mask unset.
 */
export function inferUpdateMask(
  maskField: DescField,
  body: Route['body'],
  message: Message,
  json: JsonValue | undefined,
): void {
  if (body === undefined || body === '*' || body.message === undefined) return;
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return;
  // Messages of protobuf-es are plain objects keyed by the fields' local names.
  const fields = message as unknown as Record<string, FieldMask | undefined>;
  if ((fields[maskField.localName]?.paths.length ?? 0) > 0) return;
  const bodyFields = body.message.fields;
  const paths = Object.keys(json).flatMap((key) => {
    const field = bodyFields.find((f) => f.name === key || f.jsonName === key);
    return field ? [field.name] : [];
  });
  if (paths.length > 0) fields[maskField.localName] = create(FieldMaskSchema, { paths: [...new Set(paths)] });
}
