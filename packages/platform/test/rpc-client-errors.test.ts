import { Code, ConnectError } from '@connectrpc/connect';
import { describe, expect, it } from 'vitest';
import { isServerFailure, isTransientRpcError, retryAfterMs } from '../src/rpc-client-errors.ts';

const withRetryAfter = (value: string) =>
  new ConnectError('slow down', Code.ResourceExhausted, new Headers({ 'retry-after': value }));

describe('isTransientRpcError', () => {
  it.each([
    [Code.ResourceExhausted, true],
    [Code.Unavailable, true],
    [Code.NotFound, false],
    [Code.DeadlineExceeded, false],
    [Code.Internal, false],
  ])('treats code %s as transient: %s', (code, transient) => {
    expect(isTransientRpcError(new ConnectError('x', code))).toBe(transient);
  });

  it('does not treat plain errors as transient', () => {
    expect(isTransientRpcError(new Error('boom'))).toBe(false);
  });
});

describe('retryAfterMs', () => {
  it('reads delay-seconds, fractions included', () => {
    expect(retryAfterMs(withRetryAfter('2'))).toBe(2_000);
    expect(retryAfterMs(withRetryAfter('0.25'))).toBe(250);
  });

  it('reads an HTTP date as the time left until it', () => {
    const now = Date.parse('2026-11-21T10:00:00Z');
    expect(retryAfterMs(withRetryAfter('Sat, 21 Nov 2026 10:00:03 GMT'), now)).toBe(3_000);
    expect(retryAfterMs(withRetryAfter('Sat, 21 Nov 2026 09:00:00 GMT'), now)).toBe(0);
  });

  it('is undefined when the header is absent or unreadable', () => {
    expect(retryAfterMs(new ConnectError('x', Code.Unavailable))).toBeUndefined();
    expect(retryAfterMs(withRetryAfter('soon'))).toBeUndefined();
    expect(retryAfterMs(new Error('x'))).toBeUndefined();
  });
});

describe('isServerFailure', () => {
  it.each([
    [Code.Unavailable, true],
    [Code.DeadlineExceeded, true],
    [Code.Internal, true],
    [Code.ResourceExhausted, false],
    [Code.NotFound, false],
    [Code.Canceled, false],
  ])('counts code %s against the server: %s', (code, failure) => {
    expect(isServerFailure(new ConnectError('x', code))).toBe(failure);
  });

  it('does not count errors that are not RPC errors', () => {
    expect(isServerFailure(new TypeError('bug'))).toBe(false);
  });
});
