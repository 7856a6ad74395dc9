import { Counter, type Registry } from 'prom-client';
import type { OrderMetrics } from '../app/ports.ts';
import { ORDER_STATUSES } from '../domain/order-status.ts';

/** Orders by status change and failed reservations, as Prometheus counters. */
export function createOrderMetrics(registry: Registry): OrderMetrics {
  const changes = new Counter({
    name: 'loms_order_status_changes_total',
    help: 'Committed order status changes, by the status reached.',
    labelNames: ['status'],
    registers: [registry],
  });
  const failedReservations = new Counter({
    name: 'loms_reservations_failed_total',
    help: 'Orders whose items could not all be reserved (kept as failed).',
    registers: [registry],
  });
  for (const status of ORDER_STATUSES) changes.inc({ status }, 0);
  return {
    committed(events) {
      for (const event of events) {
        changes.inc({ status: event.status });
        if (event.status === 'failed') failedReservations.inc();
      }
    },
  };
}
