import { InvalidArgumentError } from '@marketplace/platform';
import type { FastifyInstance } from 'fastify';

/** Largest int64: user ids and skus are int64 in every service, 1..2^63-1. */
export const INT64_MAX = 9_223_372_036_854_775_807n;

/** Path parameters that are ids. */
export type IdParam = 'user_id' | 'sku';
const ID_PARAMS: readonly IdParam[] = ['user_id', 'sku'];

const INTEGER = /^-?\d+$/;

/**
 * Reads a path id exactly, as a bigint: decimal digits with a value in 1..2^63-1. The text never
 * passes through a double, so a Go client's `rand.Int63()` id stays the same id. Anything else is
 * an InvalidArgumentError naming the field and the rule.
 */
export function parsePathId(field: IdParam, text: string | undefined): bigint {
  if (text === undefined) throw new InvalidArgumentError(`invalid ${field}: value is required`);
  if (!INTEGER.test(text)) throw new InvalidArgumentError(`invalid ${field}: value must be an integer`);
  const value = BigInt(text);
  if (value <= 0n) throw new InvalidArgumentError(`invalid ${field}: value must be greater than 0`);
  if (value > INT64_MAX)
    throw new InvalidArgumentError(`invalid ${field}: value must be less than or equal to ${INT64_MAX}`);
  return value;
}

/**
 * Checks the path ids of every route before anything else is validated, so a bad id is the error a
 * caller reads even when the body is bad too. The handlers read the ids with {@link parsePathId}.
 */
export function checkPathIds(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    for (const field of ID_PARAMS) if (field in params) parsePathId(field, params[field]);
  });
}
