import { describe, expect, it } from 'vitest';
import { needsAdmin, selectUpdateFields } from '../../src/domain/user-update.ts';

describe('selectUpdateFields', () => {
  it('takes the fields an update sets when it has no mask', () => {
    expect(selectUpdateFields([], { name: 'a', password: 'p' })).toEqual({
      fields: ['name', 'password'],
      unknown: [],
      unset: [],
    });
  });

  it('takes only the masked fields when there is a mask, ignoring other values', () => {
    expect(selectUpdateFields(['email'], { name: 'a', email: 'e@x.io' }).fields).toEqual(['email']);
  });

  it('reports mask paths naming no updatable field, once each', () => {
    expect(selectUpdateFields(['id', 'id', 'created_at'], {}).unknown).toEqual(['id', 'created_at']);
  });

  it('reports masked fields the update does not set', () => {
    expect(selectUpdateFields(['name', 'status'], { name: 'a' }).unset).toEqual(['status']);
  });
});

describe('needsAdmin', () => {
  it('is true for status and role, false for the rest', () => {
    expect(needsAdmin(['status'])).toBe(true);
    expect(needsAdmin(['name', 'role'])).toBe(true);
    expect(needsAdmin(['name', 'email', 'password'])).toBe(false);
    expect(needsAdmin([])).toBe(false);
  });
});
