import { isBodyless } from '../http-code.ts';
import type { PathTemplate } from '../path-template.ts';
import { boundPaths, type Route } from '../routes.ts';
import { describeMethod } from './comments.ts';
import { pathParameters, queryParameters } from './parameters.ts';
import { componentRef, createSchemaCollector, type Schema, type SchemaCollector } from './schemas.ts';

/** The OpenAPI `info` object. */
export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
}

const OPERATION_METHODS = new Set(['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE']);

const ERROR_RESPONSES: Readonly<Record<string, string>> = {
  '400': 'InvalidArgument, FailedPrecondition or OutOfRange; malformed or mistyped JSON',
  '401': 'Unauthenticated',
  '403': 'PermissionDenied',
  '404': 'NotFound',
  '409': 'AlreadyExists or Aborted',
  '413': 'Request body over the size limit',
  '429': 'ResourceExhausted',
  '500': 'Internal or Unknown',
  '503': 'Unavailable',
  '504': 'DeadlineExceeded',
};

const ERROR_SCHEMA: Schema = {
  type: 'object',
  required: ['code', 'message', 'details'],
  properties: {
    code: { type: 'integer', format: 'int32', description: 'gRPC status code number' },
    message: { type: 'string' },
    details: { type: 'array', items: {} },
  },
};

/**
 * Builds the OpenAPI 3.1 document of the routes: one operation per binding, schemas in
 * `components.schemas` by full type name, and the shared `Error` schema for every error status.
 */
export function buildOpenApi(routes: readonly Route[], info: OpenApiInfo): Record<string, unknown> {
  const schemas = createSchemaCollector();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    if (!OPERATION_METHODS.has(route.httpMethod)) continue;
    const path = openApiPath(route.template);
    paths[path] = { ...paths[path], [route.httpMethod.toLowerCase()]: operation(route, schemas) };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      schemas: { ...schemas.components, Error: ERROR_SCHEMA },
      responses: {
        Error: {
          description: 'Error; the HTTP status follows the gRPC code',
          content: { 'application/json': { schema: componentRef('Error') } },
        },
      },
    },
  };
}

const SUCCESS_DESCRIPTIONS: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
};

function operation(route: Route, schemas: SchemaCollector): Record<string, unknown> {
  const { method } = route;
  const service = method.parent;
  const bound = boundPaths(route);
  const errors = Object.fromEntries(
    Object.entries(ERROR_RESPONSES).map(([status, description]) => [
      status,
      { $ref: '#/components/responses/Error', description },
    ]),
  );
  return {
    operationId: `${service.name}_${method.name}${route.binding > 0 ? `_${route.binding}` : ''}`,
    ...describeMethod(method),
    tags: [service.name],
    'x-connect-path': `/${service.typeName}/${method.name}`,
    parameters: [...pathParameters(route, schemas), ...queryParameters(route, bound, schemas)],
    ...(route.body === undefined ? {} : { requestBody: requestBody(route, schemas) }),
    responses: {
      [String(route.successStatus)]: {
        description: SUCCESS_DESCRIPTIONS[route.successStatus] ?? 'Success',
        ...(isBodyless(route.successStatus)
          ? {}
          : { content: { 'application/json': { schema: responseSchema(route, schemas) } } }),
      },
      ...errors,
    },
  };
}

function requestBody(route: Route, schemas: SchemaCollector): Record<string, unknown> {
  const schema =
    route.body === '*'
      ? schemas.messageWithout(route.method.input, topLevelPathFields(route))
      : schemas.field(route.body!);
  return { required: true, content: { 'application/json': { schema } } };
}

function topLevelPathFields(route: Route): Set<string> {
  return new Set([...route.pathFields.values()].filter((c) => c.length === 1).map((c) => c[0]!.name));
}

function responseSchema(route: Route, schemas: SchemaCollector): Schema {
  return route.responseBody ? schemas.field(route.responseBody) : schemas.message(route.method.output);
}

/** The OpenAPI form of a template: variables become `{field.path}`, whatever segments they match. */
export function openApiPath(template: PathTemplate): string {
  const parts: string[] = [];
  for (let i = 0; i < template.segments.length; i++) {
    const variable = template.variables.find((v) => v.start === i);
    const segment = template.segments[i]!;
    if (variable) {
      parts.push(`{${variable.fieldPath}}`);
      i = Math.max(i, variable.end - 1);
    } else {
      parts.push(segment.kind === 'literal' ? segment.value : segment.kind === 'wildcard' ? '*' : '**');
    }
  }
  return `/${parts.join('/')}${template.verb === undefined ? '' : `:${template.verb}`}`;
}
