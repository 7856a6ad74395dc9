import type { FastifySchemaValidationError } from 'fastify';

/**
 * Builds the message of a failed schema check naming the field and the rule, as the other
 * services do: `invalid count: value must be greater than 0`.
 */
export function describeValidationErrors(errors: FastifySchemaValidationError[], part: string): Error {
  const [first] = errors;
  if (!first) return new Error(`invalid ${part}`);
  const params = first.params as Record<string, unknown>;
  const path = first.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const field = first.keyword === 'required' ? String(params.missingProperty) : path || part;
  return new Error(`invalid ${field}: ${rule(first.keyword, params, first.message)}`);
}

function rule(keyword: string, params: Record<string, unknown>, fallback?: string): string {
  switch (keyword) {
    case 'required':
      return 'value is required';
    case 'type':
      return params.type === 'object'
        ? 'value must be a JSON object'
        : `value must be ${article(params.type)}`;
    case 'exclusiveMinimum':
      return `value must be greater than ${params.limit}`;
    case 'minimum':
      return `value must be greater than or equal to ${params.limit}`;
    case 'maximum':
      return `value must be less than or equal to ${params.limit}`;
    default:
      return fallback ?? keyword;
  }
}

const article = (type: unknown) => (type === 'integer' ? 'an integer' : `a ${String(type)}`);
