import { describe, expect, it } from 'vitest';
import { UserMayNotOrderError } from '../../src/domain/errors.ts';
import { assertMayOrder, type UserStanding } from '../../src/domain/user-standing.ts';

describe('assertMayOrder', () => {
  it.each<UserStanding>([
    { kind: 'known', status: 'active' },
    { kind: 'unchecked', reason: 'unavailable' },
    { kind: 'unchecked', reason: 'circuit_open' },
    { kind: 'unchecked', reason: 'error' },
  ])('lets %j order', (standing) => {
    expect(() => assertMayOrder(5n, standing)).not.toThrow();
  });

  it.each<UserStanding>([
    { kind: 'known', status: 'suspended' },
    { kind: 'known', status: 'inactive' },
    { kind: 'known', status: 'some future status' },
    { kind: 'unknown' },
  ])('refuses %j with one message that does not tell the account state', (standing) => {
    expect(() => assertMayOrder(5n, standing)).toThrow(new UserMayNotOrderError(5n));
    expect(new UserMayNotOrderError(5n).message).toBe(
      'user 5 may not place orders: the account is not active',
    );
  });
});
