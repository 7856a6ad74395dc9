const grouping = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const moments = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** A price in minor units (kopecks, cents) as currency: 3379 -> "33.79", 123456 -> "1,234.56". */
export function formatPrice(minorUnits: number): string {
  const sign = minorUnits < 0 ? '-' : '';
  const absolute = Math.abs(Math.round(minorUnits));
  const whole = Math.floor(absolute / 100);
  const cents = String(absolute % 100).padStart(2, '0');
  return `${sign}${grouping.format(whole)}.${cents}`;
}

/** An RFC 3339 moment for people: "21 Nov 2026, 10:00" in the browser's time zone. */
export function formatMoment(rfc3339: string): string {
  const date = new Date(rfc3339);
  return Number.isNaN(date.getTime()) ? rfc3339 : moments.format(date);
}

/** Length as the comments service counts it: Unicode code points, so "😀" is one. */
export function codePointLength(text: string): number {
  return [...text].length;
}

const INT64_MAX = 9_223_372_036_854_775_807n;

/**
 * An id typed into a field (a whole number from 1 to 9223372036854775807, as the services take int64
 * ids), as its decimal text without leading zeros; undefined otherwise. Never read through a double.
 */
export function parseId(text: string): string | undefined {
  const digits = text.trim();
  if (!/^\d{1,19}$/.test(digits)) return undefined;
  const value = BigInt(digits);
  return value > 0n && value <= INT64_MAX ? value.toString() : undefined;
}

/** A whole number above 0 typed into a field, or undefined. */
export function parsePositiveInt(text: string): number | undefined {
  if (!/^\s*\d+\s*$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}
