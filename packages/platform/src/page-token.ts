/**
 * Opaque keyset page tokens: base64url of a JSON array of the cursor's fields. Services choose the
 * fields (usually the list's owner first, so a token cannot page through another list); this module
 * only packs them and checks that a token is exactly one it could have made.
 */

/** A field of a token: int64 values travel as decimal text so they stay exact. */
export type PageTokenField = string | number | bigint;

/** The token for `fields` (bigints written as decimal strings). */
export function encodePageToken(fields: readonly PageTokenField[]): string {
  const json = fields.map((field) => (typeof field === 'bigint' ? field.toString() : field));
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}

/**
 * The fields of `token` when it is a JSON array of `length` fields that encodes back to exactly the
 * same text (no padding, no re-spelled numbers); undefined otherwise.
 */
export function decodePageToken(token: string, length: number): unknown[] | undefined {
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(fields) || fields.length !== length) return undefined;
  if (!fields.every((f) => typeof f === 'string' || typeof f === 'number')) return undefined;
  return encodePageToken(fields as PageTokenField[]) === token ? fields : undefined;
}

const MAX_INT64 = 2n ** 63n - 1n;

/** A positive int64 written as decimal text without leading zeros, as a token carries ids. */
export function tokenInt64(value: unknown): bigint | undefined {
  if (typeof value !== 'string' || !/^[1-9]\d{0,18}$/.test(value)) return undefined;
  const parsed = BigInt(value);
  return parsed <= MAX_INT64 ? parsed : undefined;
}

/** A non-negative whole number of milliseconds, as a token carries times. */
export function tokenMillis(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}
