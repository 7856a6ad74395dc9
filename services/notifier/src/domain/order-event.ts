export const ORDER_STATUSES = ['new', 'awaiting payment', 'failed', 'paid', 'cancelled'] as const;

/** An order event as LOMS publishes it, with the id from its `event-id` header. */
export interface OrderEvent {
  eventId: string;
  orderId: bigint;
  status: (typeof ORDER_STATUSES)[number];
  moment: Date;
}

export type ParsedOrderEvent = { ok: true; event: OrderEvent } | { ok: false; reason: string };

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Reads a Kafka message of the order-events topic; anything else is a reason to park it. */
export function parseOrderEvent(value: Buffer | null, headers: Record<string, string>): ParsedOrderEvent {
  const eventId = headers['event-id'];
  if (!eventId) return { ok: false, reason: 'missing event-id header' };
  if (!value) return { ok: false, reason: 'empty value' };
  let body: unknown;
  try {
    body = JSON.parse(value.toString('utf8'));
  } catch {
    return { ok: false, reason: 'value is not JSON' };
  }
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return { ok: false, reason: 'value is not a JSON object' };
  const { order_id, status, moment } = body as Record<string, unknown>;
  if (!Number.isSafeInteger(order_id) || (order_id as number) <= 0) {
    return { ok: false, reason: 'order_id must be a positive integer' };
  }
  if (typeof status !== 'string' || !(ORDER_STATUSES as readonly string[]).includes(status)) {
    return { ok: false, reason: `unknown status ${JSON.stringify(status)}` };
  }
  if (typeof moment !== 'string' || !RFC3339.test(moment) || Number.isNaN(Date.parse(moment))) {
    return { ok: false, reason: 'moment must be an RFC 3339 timestamp' };
  }
  return {
    ok: true,
    event: {
      eventId,
      orderId: BigInt(order_id as number),
      status: status as OrderEvent['status'],
      moment: new Date(moment),
    },
  };
}
