import {
  type OrderStatusName,
  orderEventMoment,
  orderStatusName,
  readOrderEventJson,
} from '@marketplace/platform/order-event';

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
  status: OrderStatusName;
  moment: Date;
}

export type ParsedOrderEvent = { ok: true; event: OrderEvent } | { ok: false; reason: string };

// C0 and C1 control characters (NUL cannot be stored in a PostgreSQL text column at all) and the
// replacement character, which stands for bytes that were not UTF-8 (two different ids would read alike).
const INVALID_ID_CHARACTER = /[\p{Cc}\ufffd]/u;

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
  const read = readOrderEventJson(value.toString('utf8'));
  if (!read.ok) return read;
  const { event } = read;
  return {
    ok: true,
    event: {
      eventId,
      orderId: event.orderId,
      status: orderStatusName(event),
      moment: orderEventMoment(event),
    },
  };
}

function fail(reason: string): ParsedOrderEvent {
  return { ok: false, reason };
}
