import { describe, expect, it } from 'vitest';
import { assertAccountAccess, assertAdmin } from '../../src/domain/access.ts';
import { AdminRequiredError, NotOwnAccountError } from '../../src/domain/errors.ts';

describe('account access', () => {
  it('lets a user act on their own account only', () => {
    expect(() => assertAccountAccess({ userId: 5n, role: 'customer' }, 5n)).not.toThrow();
    expect(() => assertAccountAccess({ userId: 5n, role: 'customer' }, 6n)).toThrow(NotOwnAccountError);
  });

  it('lets an admin act on any account', () => {
    expect(() => assertAccountAccess({ userId: 1n, role: 'admin' }, 9223372036854775807n)).not.toThrow();
  });

  it('names what needs an admin', () => {
    expect(() => assertAdmin({ userId: 5n, role: 'customer' }, 'ListUsers')).toThrow(
      new AdminRequiredError('ListUsers'),
    );
    expect(() => assertAdmin({ userId: 1n, role: 'admin' }, 'ListUsers')).not.toThrow();
  });
});
