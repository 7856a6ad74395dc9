import { create } from '@bufbuild/protobuf';
import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import { parseJson, stringifyJson } from '@marketplace/json';
import {
  type OrderEvent,
  OrderEventSchema,
  OrderStatus,
  OrderStatusSchema,
} from '@marketplace/proto/marketplace/loms/v1/order_event_pb';

/*
 * The order event of marketplace/loms/v1/order_event.proto as the contract puts it on Kafka, written
 * by LOMS and read by the notifier through this one mapping. It is hand-written because protobuf
 * JSON cannot give the contract's bytes: it writes int64 as a string ("5"), the status as its enum
 * name and whole-second moments without milliseconds, and it reads field names the contract does not
 * allow.
 */

/** The contract's topic of order events (each service's ORDER_EVENTS_TOPIC overrides it). */
export const ORDER_EVENTS_TOPIC = 'loms.order-events';

type Spaced<S extends string> = S extends `${infer A}_${infer B}` ? `${A} ${Spaced<B>}` : S;
/** A status by its contract name ('awaiting payment'), derived from the proto enum's value names. */
export type OrderStatusName = Lowercase<Spaced<Exclude<keyof typeof OrderStatus, 'UNSPECIFIED'>>>;

const NAME_OF = new Map<OrderStatus, OrderStatusName>(
  OrderStatusSchema.values
    .filter((value) => value.number !== OrderStatus.UNSPECIFIED)
    .map((value) => [value.number, value.localName.toLowerCase().replaceAll('_', ' ') as OrderStatusName]),
);
const STATUS_OF = new Map<string, OrderStatus>([...NAME_OF].map(([status, name]) => [name, status]));

/** Every status by its contract name, in the enum's order. */
export const ORDER_STATUS_NAMES: readonly OrderStatusName[] = [...NAME_OF.values()];

export function isOrderStatusName(value: string): value is OrderStatusName {
  return STATUS_OF.has(value);
}

/** The event of `orderId` reaching the status named `status` at `moment`. */
export function orderEventOf(orderId: bigint, status: OrderStatusName, moment: Date): OrderEvent {
  return create(OrderEventSchema, {
    orderId,
    status: STATUS_OF.get(status),
    moment: timestampFromDate(moment),
  });
}

/** The contract name of the event's status; throws for a status the contract does not have. */
export function orderStatusName(event: OrderEvent): OrderStatusName {
  const name = NAME_OF.get(event.status);
  if (!name) throw new Error(`order event of order ${event.orderId} has no status`);
  return name;
}

/** When the event happened; throws for an event without a moment. */
export function orderEventMoment(event: OrderEvent): Date {
  if (!event.moment) throw new Error(`order event of order ${event.orderId} has no moment`);
  return timestampDate(event.moment);
}

/**
 * The Kafka value: exactly the contract's fields in the contract's order, the order id an exact JSON
 * number over the whole int64 range (never rounded through a double), the moment with milliseconds.
 */
export function writeOrderEventJson(event: OrderEvent): string {
  return stringifyJson({
    order_id: event.orderId,
    status: orderStatusName(event),
    moment: orderEventMoment(event).toISOString(),
  });
}

export type ReadOrderEvent = { ok: true; event: OrderEvent } | { ok: false; reason: string };

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * Reads a Kafka value of the order-events topic, or says why it is not an order event: the order
 * id must be a JSON number (an integer in 1..2^63-1, read exactly), the status a contract name, the
 * moment an RFC 3339 timestamp whose fields are in range.
 */
export function readOrderEventJson(text: string): ReadOrderEvent {
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
  if (typeof status !== 'string' || !isOrderStatusName(status)) {
    const shown = JSON.stringify(status);
    return fail(`unknown status ${shown.length > 64 ? `${shown.slice(0, 64)}...` : shown}`);
  }
  const at = typeof moment === 'string' ? readMoment(moment) : undefined;
  if (!at) return fail('moment must be an RFC 3339 timestamp');
  return { ok: true, event: orderEventOf(orderId, status, at) };
}

function fail(reason: string): ReadOrderEvent {
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
