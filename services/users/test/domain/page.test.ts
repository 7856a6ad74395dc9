import { describe, expect, it } from 'vitest';
import { resolvePage, totalPages } from '../../src/domain/page.ts';

describe('pages', () => {
  it('defaults to page 1 of 20', () => {
    expect(resolvePage({ page: 0, pageSize: 0 })).toEqual({ page: 1, pageSize: 20, offset: 0 });
  });

  it('skips the rows of the pages before', () => {
    expect(resolvePage({ page: 3, pageSize: 25 })).toEqual({ page: 3, pageSize: 25, offset: 50 });
  });

  it('counts a partial last page, and no pages for no rows', () => {
    expect(totalPages(42n, 20)).toBe(3);
    expect(totalPages(40n, 20)).toBe(2);
    expect(totalPages(0n, 20)).toBe(0);
  });
});
