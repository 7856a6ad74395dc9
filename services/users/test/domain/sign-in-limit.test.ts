import { describe, expect, it } from 'vitest';
import { retryAfterSeconds } from '../../src/domain/sign-in-limit.ts';

const limit = { maxFailures: 5, windowMs: 60_000 };
const start = new Date('2026-11-21T10:00:00.000Z');
const at = (ms: number) => new Date(start.getTime() + ms);

describe('sign-in failure window', () => {
  it('says Retry-After in whole seconds, rounded up, at least 1', () => {
    const window = { startedAt: start, failures: 5 };
    expect(retryAfterSeconds(window, limit, at(0))).toBe(60);
    expect(retryAfterSeconds(window, limit, at(20_500))).toBe(40);
    expect(retryAfterSeconds(window, limit, at(59_999))).toBe(1);
    expect(retryAfterSeconds(window, limit, at(61_000))).toBe(1);
  });
});
