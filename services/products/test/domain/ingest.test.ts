import { describe, expect, it } from 'vitest';
import { batchStatus, invalidEventChange } from '../../src/domain/ingest.ts';

describe('batchStatus', () => {
  const at = new Date('2026-11-21T10:00:00Z');

  it('is pending until a worker first claims the batch', () => {
    expect(batchStatus({ startedAt: null, finishedAt: null, failed: 0 })).toBe('pending');
  });

  it('is processing from the first claim until every event has an outcome', () => {
    expect(batchStatus({ startedAt: at, finishedAt: null, failed: 2 })).toBe('processing');
  });

  it('is done when finished without failures, failed when any event failed', () => {
    expect(batchStatus({ startedAt: at, finishedAt: at, failed: 0 })).toBe('done');
    expect(batchStatus({ startedAt: at, finishedAt: at, failed: 1 })).toBe('failed');
  });
});

describe('invalidEventChange', () => {
  it('requires a price or a stock', () => {
    expect(invalidEventChange({ sku: 1n })).toBe('value must set price or stock');
    expect(invalidEventChange({ sku: 1n, stock: 0 })).toBeUndefined();
    expect(invalidEventChange({ sku: 1n, price: 5 })).toBeUndefined();
  });
});
