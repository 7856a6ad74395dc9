import { InvalidArgumentError } from '@marketplace/platform';
import type { FastifyRequest } from 'fastify';
import { MAX_ITEM_COUNT } from '../domain/cart.ts';

/** A JSON number literal, as `parseJson` leaves the ones a double cannot hold (or as a client sends one). */
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * Reads `count` (uint32 > 0) of an add body: a JSON number, or a string holding one (what
 * `parseJson` makes of literals beyond 2^53, and what protobuf JSON clients send). Booleans, null,
 * arrays and other strings are refused instead of being coerced. Doubles are exact around 0 and
 * 2^32-1, so the range checks on `Number(...)` cannot be fooled by rounding.
 */
export function readItemCount(value: unknown): number {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && JSON_NUMBER.test(value)) n = Number(value);
  else throw new InvalidArgumentError('invalid count: value must be an integer');
  if (n <= 0) throw new InvalidArgumentError('invalid count: value must be greater than 0');
  if (n > MAX_ITEM_COUNT)
    throw new InvalidArgumentError(`invalid count: value must be less than or equal to ${MAX_ITEM_COUNT}`);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('invalid count: value must be an integer');
  return n;
}

/**
 * preValidation of the add route: replaces `count` by the number {@link readItemCount} reads, so
 * the schema check after it sees a plain integer. A body that is not an object, or has no count,
 * is left to the schema, which names what is missing.
 */
export async function normalizeItemCount(request: FastifyRequest): Promise<void> {
  const body = request.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !Object.hasOwn(body, 'count'))
    return;
  const fields = body as { count: unknown };
  fields.count = readItemCount(fields.count);
}
