import { createCounterByLabels } from '@marketplace/platform';
import { ORDER_STATUS_NAMES } from '@marketplace/platform/order-event';
import { Counter, type Registry } from 'prom-client';
import type { OrderMetrics } from '../app/ports.ts';
import { UNCHECKED_REASONS } from '../domain/user-standing.ts';

/** Orders by status change, failed reservations and orders placed unchecked, as Prometheus counters. */
export function createOrderMetrics(registry: Registry): OrderMetrics {
  const changes = createCounterByLabels(registry, {
    name: 'loms_order_status_changes_total',
    help: 'Committed order status changes, by the status reached.',
    labels: { status: ORDER_STATUS_NAMES },
  });
  const failedReservations = new Counter({
    name: 'loms_reservations_failed_total',
    help: 'Orders whose items could not all be reserved (kept as failed).',
    registers: [registry],
  });
  const unchecked = createCounterByLabels(registry, {
    name: 'loms_orders_user_unchecked_total',
    help: 'Orders stored without the users service saying their user is active, by why it could not.',
    labels: { reason: UNCHECKED_REASONS },
  });
  return {
    committed(events) {
      for (const event of events) {
        changes.inc({ status: event.status });
        if (event.status === 'failed') failedReservations.inc();
      }
    },
    storedUnchecked: (reason) => unchecked.inc({ reason }),
  };
}
