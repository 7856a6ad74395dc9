import { describe, expect, it } from 'vitest';
import { authModeOf } from '../../src/web/page-mode.ts';

/** A page whose `auth-mode` meta tag says `content` (null: the page has none). */
const page = (content: string | null) =>
  ({
    querySelector: (selector: string) =>
      selector === 'meta[name="auth-mode"]' && content !== null ? { content } : null,
  }) as unknown as Document;

describe('authModeOf', () => {
  it('reads the mode the storefront wrote into the page', () => {
    expect(authModeOf(page('jwt'))).toBe('jwt');
    expect(authModeOf(page('off'))).toBe('off');
  });

  it('is off (the contract) without the tag or with anything else in it', () => {
    expect(authModeOf(page(null))).toBe('off');
    expect(authModeOf(page('JWT '))).toBe('off');
  });
});
