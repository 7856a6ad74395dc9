import { expect } from 'vitest';
import type { CallResult } from './products-transports.ts';

export const INVALID_ARGUMENT = 3;
export const NOT_FOUND = 5;
export const ALREADY_EXISTS = 6;
export const RESOURCE_EXHAUSTED = 8;
export const UNAVAILABLE = 14;
export const UNAUTHENTICATED = 16;

const HTTP_STATUS: Record<number, number> = { 3: 400, 5: 404, 6: 409, 8: 429, 14: 503, 16: 401 };

/** Asserts a failed call had `code` (and the contract's HTTP status on HTTP transports) and a message. */
export function expectError(result: CallResult, code: number, message?: string | RegExp) {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.code).toBe(code);
  if (result.httpStatus !== undefined) expect(result.httpStatus).toBe(HTTP_STATUS[code]);
  if (message) expect(result.message).toMatch(message);
}
