import type { DescMessage, Message } from '@bufbuild/protobuf';
import { type ReflectMessage, reflect } from '@bufbuild/protobuf/reflect';

/**
 * Names every string field of a request that holds a NUL character (U+0000), which PostgreSQL text
 * cannot store: `invalid CommentAddRequest.comment: value must not contain NUL characters`. Walks nested
 * messages, lists and maps; the rule holds for every service without an annotation per field.
 */
export function nulCharacterViolations(schema: DescMessage, message: Message): string[] {
  const violations: string[] = [];
  walk(reflect(schema, message), schema.name, violations);
  return violations;
}

const RULE = 'value must not contain NUL characters';

function walk(message: ReflectMessage, path: string, out: string[]): void {
  for (const field of message.fields) {
    if (!message.isSet(field)) continue;
    const at = `${path}.${field.name}`;
    switch (field.fieldKind) {
      case 'scalar':
        if (hasNul(message.get(field))) out.push(`invalid ${at}: ${RULE}`);
        break;
      case 'message':
        walk(message.get(field), at, out);
        break;
      case 'list': {
        let index = 0;
        for (const item of message.get(field)) {
          if (field.listKind === 'message') walk(item as ReflectMessage, `${at}[${index}]`, out);
          else if (hasNul(item)) out.push(`invalid ${at}[${index}]: ${RULE}`);
          index++;
        }
        break;
      }
      case 'map':
        for (const [key, value] of message.get(field)) {
          if (hasNul(key)) out.push(`invalid ${at}: map key ${RULE}`);
          if (field.mapKind === 'message') walk(value as ReflectMessage, `${at}[${String(key)}]`, out);
          else if (hasNul(value)) out.push(`invalid ${at}[${String(key)}]: ${RULE}`);
        }
        break;
    }
  }
}

function hasNul(value: unknown): boolean {
  return typeof value === 'string' && value.includes('\u0000');
}
