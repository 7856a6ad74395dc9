import { expect } from 'vitest';
import type { CallResult } from './users-transports.ts';

export const Codes = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  UNAUTHENTICATED: 16,
} as const;

const HTTP_STATUS: Record<number, number> = { 3: 400, 5: 404, 6: 409, 7: 403, 8: 429, 16: 401 };

/** Asserts a failed call had `code` (and the contract's HTTP status on REST) and, if given, the message. */
export function expectError(result: CallResult, code: number, message?: string | RegExp) {
  expect(result, JSON.stringify(result)).toMatchObject({ ok: false, code });
  if (result.ok) return;
  if (result.httpStatus !== undefined) expect(result.httpStatus).toBe(HTTP_STATUS[code]);
  if (message) expect(result.message).toMatch(message);
}

/** The JSON of a successful call; fails the test with the error otherwise. */
export function okJson(result: CallResult) {
  if (!result.ok) throw new Error(`call failed: ${result.code} ${result.message}`);
  return result.json;
}
