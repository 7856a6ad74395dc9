import { parseJson } from '@marketplace/platform';

export const ORDER_STATUSES = ['new', 'awaiting payment', 'failed', 'paid', 'cancelled'] as const;

/**
 * Longest accepted `event-id` header, in characters. LOMS sends UUIDs (36); the bound keeps every id
 * far below PostgreSQL's btree index row limit (about 2.7 KB), so storing it can never fail.
 */
export const EVENT_ID_MAX_LENGTH = 200;

/** Largest accepted value, in bytes. An order event is about 100 bytes. */
export const VALUE_MAX_BYTES = 16 * 1024;

/** An order event as LOMS publishes it, with the id from its `event-id` header. */
export interface OrderEvent {
  eventId: string;
  orderId: bigint;
  status: (typeof ORDER_STATUSES)[number];
  moment: Date;
}

export type ParsedOrderEvent = { ok: true; event: OrderEvent } | { ok: false; reason: string };

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
// C0 and C1 control characters (NUL cannot be stored in a PostgreSQL text column at all) and the
// replacement character, which stands for bytes that were not UTF-8 (two different ids would read alike).
const INVALID_ID_CHARACTER = /[\p{Cc}\ufffd]/u;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * Reads a Kafka message of the order-events topic. Anything that is not an order event gets the
 * reason it can never be processed; retrying such a message would not change the answer.
 */
export function parseOrderEvent(value: Buffer | null, headers: Record<string, string>): ParsedOrderEvent {
  const eventId = headers['event-id'];
  if (!eventId) return fail('missing event-id header');
  if (eventId.length > EVENT_ID_MAX_LENGTH && [...eventId].length > EVENT_ID_MAX_LENGTH)
    return fail(`event-id header is longer than ${EVENT_ID_MAX_LENGTH} characters`);
  if (INVALID_ID_CHARACTER.test(eventId))
    return fail('event-id header contains control or non-UTF-8 characters');
  if (!value || value.length === 0) return fail('empty value');
  if (value.length > VALUE_MAX_BYTES) return fail(`value is larger than ${VALUE_MAX_BYTES} bytes`);
  const text = value.toString('utf8');
  let exact: unknown;
  let loose: unknown;
  try {
    exact = parseJson(text);
    loose = JSON.parse(text);
  } catch {
    return fail('value is not JSON');
  }
  if (!isObject(exact) || !isObject(loose)) return fail('value is not a JSON object');

  // `parseJson` hands numbers a double cannot hold as digit strings; the plain parse tells those
  // apart from JSON strings, which are not an order id.
  const orderId = readOrderId(exact.order_id, loose.order_id);
  if (typeof orderId === 'string') return fail(orderId);

  const { status, moment } = exact;
  if (status === undefined || status === null) return fail('status is missing');
  if (typeof status !== 'string' || !(ORDER_STATUSES as readonly string[]).includes(status)) {
    const shown = JSON.stringify(status);
    return fail(`unknown status ${shown.length > 64 ? `${shown.slice(0, 64)}...` : shown}`);
  }
  const at = typeof moment === 'string' ? readMoment(moment) : undefined;
  if (!at) return fail('moment must be an RFC 3339 timestamp');
  return { ok: true, event: { eventId, orderId, status: status as OrderEvent['status'], moment: at } };
}

function fail(reason: string): ParsedOrderEvent {
  return { ok: false, reason };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The order id, or why it is not one: a JSON number that is an integer in 1..2^63-1. */
function readOrderId(exact: unknown, loose: unknown): bigint | string {
  if (exact === undefined || exact === null) return 'order_id is missing';
  if (typeof loose !== 'number') return 'order_id must be an integer';
  const value =
    typeof exact === 'number'
      ? Number.isInteger(exact)
        ? BigInt(exact)
        : 'fraction'
      : integerOf(String(exact));
  if (value === 'fraction') return 'order_id must be an integer';
  if (value === 'huge' || value > INT64_MAX || value < INT64_MIN) return 'order_id is out of the int64 range';
  if (value <= 0n) return 'order_id must be greater than 0';
  return value;
}

const NUMBER_LITERAL = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * The exact value of a JSON number literal: a bigint when it is an integer ("9.2e18" is one),
 * 'fraction' when it is not, 'huge' when it has more than 25 digits before the point.
 */
function integerOf(literal: string): bigint | 'fraction' | 'huge' {
  const match = NUMBER_LITERAL.exec(literal);
  if (!match) return 'fraction';
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  const allDigits = `${whole}${fraction}`.replace(/^0+/, '');
  if (allDigits === '') return 0n;
  const digits = allDigits.replace(/0+$/, '');
  // The value is digits x 10^scale.
  const scale = Number(exponent) - fraction.length + (allDigits.length - digits.length);
  if (scale < 0) return 'fraction';
  if (digits.length + scale > 25) return 'huge';
  return BigInt(`${sign}${digits}`) * 10n ** BigInt(scale);
}

/** An RFC 3339 timestamp whose fields are all in range (no 30 February, no hour 24). */
function readMoment(text: string): Date | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as number[];
  const [offsetHour = 0, offsetMinute = 0] = [match[8], match[9]].map((p) => (p ? Number(p) : 0));
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysIn(year!, month!)) return undefined;
  if (hour! > 23 || minute! > 59 || second! > 59 || offsetHour > 23 || offsetMinute > 59) return undefined;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
