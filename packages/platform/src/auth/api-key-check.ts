import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Whether a presented key is one of `keys`, compared as digests in constant time so timing does
 * not leak how much of a key matched. No key matches an empty list, and a blank key never matches.
 */
export function createApiKeyCheck(keys: readonly string[]): (given: string | null | undefined) => boolean {
  const known = keys.filter((key) => key !== '').map(digest);
  return (given) => {
    if (!given) return false;
    const presented = digest(given);
    return known.reduce((found, key) => timingSafeEqual(key, presented) || found, false);
  };
}

/** The API key every service accepts and sends in development (the contract's `testToken`). */
export const DEVELOPMENT_API_KEY = 'testToken';

/**
 * Whether a configured key is unfit for production: blank, or the development key with or without
 * surrounding spaces (which a key read from a file or a template easily gains).
 */
export function isDevelopmentApiKey(key: string): boolean {
  const trimmed = key.trim();
  return trimmed === '' || trimmed === DEVELOPMENT_API_KEY;
}
