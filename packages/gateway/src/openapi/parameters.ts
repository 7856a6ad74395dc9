import type { DescField, DescMessage } from '@bufbuild/protobuf';
import { jsonPath, protoPath } from '../field-path.ts';
import { paramLeaf } from '../param-value.ts';
import type { Route } from '../routes.ts';
import type { Schema, SchemaCollector } from './schemas.ts';

/** An OpenAPI parameter object. */
export type Parameter = Record<string, unknown>;

// Nested messages are flattened into dotted query parameters down to this depth.
const MAX_QUERY_DEPTH = 3;

/** Path parameters, named like the template variables so Swagger UI can fill `{sku}`. */
export function pathParameters(route: Route, schemas: SchemaCollector): Parameter[] {
  return route.template.variables.map((variable) => {
    const chain = route.pathFields.get(variable.fieldPath) ?? [];
    const leaf = chain[chain.length - 1];
    const segments = route.template.segments.slice(variable.start, variable.end);
    const multiSegment = segments.length !== 1 || segments[0]?.kind !== 'wildcard';
    return {
      name: variable.fieldPath,
      in: 'path',
      required: true,
      schema: leaf ? schemas.field(leaf) : { type: 'string' },
      ...(multiSegment
        ? { description: `Matches ${templateText(route, variable.start, variable.end)}` }
        : {}),
    };
  });
}

function templateText(route: Route, start: number, end: number): string {
  return route.template.segments
    .slice(start, end)
    .map((s) => (s.kind === 'literal' ? s.value : s.kind === 'wildcard' ? '*' : '**'))
    .join('/');
}

/**
 * Query parameters: every field neither bound to the path nor to the body, by JSON name,
 * singular message fields flattened with dots, lists as repeated (exploded) parameters.
 */
export function queryParameters(
  route: Route,
  bound: readonly string[],
  schemas: SchemaCollector,
): Parameter[] {
  if (route.body === '*') return [];
  const params: Parameter[] = [];
  const isBound = (chain: DescField[]) => {
    const path = protoPath(chain);
    return bound.some((b) => path === b || path.startsWith(`${b}.`));
  };
  const walk = (message: DescMessage, prefix: DescField[], seen: ReadonlySet<string>) => {
    for (const field of message.fields) {
      const chain = [...prefix, field];
      const leaf = paramLeaf(field);
      if (leaf !== undefined && !isBound(chain)) {
        params.push(queryParameter(chain, schemas.field(field)));
      } else if (
        leaf === undefined &&
        field.fieldKind === 'message' &&
        chain.length < MAX_QUERY_DEPTH &&
        !seen.has(field.message.typeName)
      ) {
        walk(field.message, chain, new Set([...seen, field.message.typeName]));
      }
    }
  };
  walk(route.method.input, [], new Set([route.method.input.typeName]));
  return params;
}

function queryParameter(chain: DescField[], schema: Schema): Parameter {
  const field = chain[chain.length - 1];
  const name = jsonPath(chain);
  const alias = protoPath(chain);
  return {
    name,
    in: 'query',
    required: false,
    schema,
    ...(field?.fieldKind === 'list' ? { style: 'form', explode: true } : {}),
    ...(alias !== name ? { description: `Also accepted as \`${alias}\`.` } : {}),
  };
}
