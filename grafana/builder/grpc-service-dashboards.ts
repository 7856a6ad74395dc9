import type { DashboardSpec } from './grafana-json.ts';
import {
  breakerStatePanel,
  databasePoolRow,
  httpStatusPanel,
  panel,
  processRow,
  rpcServerRow,
  series,
  serviceSelector,
  sumRate,
} from './promql.ts';

/** Dashboards of the gRPC-first services: RED by method, what each does alone, pool, process. */
export function grpcServiceDashboards(): DashboardSpec[] {
  return [loms(), products(), comments(), users()];
}

function loms(): DashboardSpec {
  const s = serviceSelector('loms');
  const maxOf = (metric: string) => `max by (app) (${series(metric, s)})`;
  return {
    name: 'loms',
    title: 'Marketplace / LOMS',
    description: 'Orders, stock and reservations: RPCs, the order-event outbox and its relay to Kafka.',
    services: ['loms'],
    instancesOf: 'loms',
    rows: [
      rpcServerRow(s),
      {
        title: 'Orders',
        panels: [
          panel(
            'Status changes',
            'Committed order status changes per second, by the status reached.',
            'ops',
            [[sumRate('status', 'loms_order_status_changes_total', s), '{{status}}']],
          ),
          panel('Failed reservations', 'Orders kept as failed because stock was short, per second.', 'ops', [
            [sumRate('app', 'loms_reservations_failed_total', s), 'failed'],
          ]),
        ],
      },
      {
        title: 'Users check (OrderCreate asks the users service)',
        panels: [
          breakerStatePanel(s),
          panel(
            'Orders placed unchecked',
            'Orders accepted while the users service could not answer, per second, by reason.',
            'ops',
            [[sumRate('reason', 'loms_orders_user_unchecked_total', s), '{{reason}}']],
          ),
        ],
      },
      {
        title: 'Order events: outbox and relay',
        panels: [
          panel('Outbox backlog', 'Order events committed but not yet published.', 'short', [
            [maxOf('outbox_backlog_events'), 'unsent'],
          ]),
          panel('Oldest unsent event', 'Age of the oldest event waiting in the outbox.', 's', [
            [maxOf('outbox_oldest_unsent_age_seconds'), 'age'],
          ]),
          panel('Relayed', 'Events published and marked sent, per second.', 'ops', [
            [sumRate('instance', 'outbox_relayed_total', s), '{{instance}}'],
          ]),
          panel('Relay failures', 'Relay batches that failed (Kafka or database down).', 'ops', [
            [sumRate('instance', 'outbox_relay_failures_total', s), '{{instance}}'],
          ]),
          panel('Messages produced', 'Messages acknowledged by Kafka, by topic.', 'ops', [
            [sumRate('topic', 'kafka_messages_produced_total', s), '{{topic}}'],
          ]),
          panel('Produce failures', 'Produce calls Kafka did not acknowledge.', 'ops', [
            [sumRate('topic', 'kafka_produce_failures_total', s), '{{topic}}'],
          ]),
        ],
      },
      databasePoolRow(s),
      processRow(s),
    ],
  };
}

function products(): DashboardSpec {
  const s = serviceSelector('products');
  return {
    name: 'products',
    title: 'Marketplace / Products',
    description: 'The product catalogue: RPCs, API-key and rate-limit refusals, database.',
    services: ['products'],
    instancesOf: 'products',
    rows: [
      rpcServerRow(s),
      {
        title: 'Refusals',
        panels: [
          httpStatusPanel(s),
          panel('Rate-limited calls', 'Calls refused by the per-key rate limit (429).', 'reqps', [
            [sumRate('method', 'rpc_server_requests_total', s, 'code="ResourceExhausted"'), '{{method}}'],
          ]),
          panel('Unauthenticated calls', 'Calls without a valid X-API-KEY (401).', 'reqps', [
            [sumRate('method', 'rpc_server_requests_total', s, 'code="Unauthenticated"'), '{{method}}'],
          ]),
        ],
      },
      databasePoolRow(s),
      processRow(s),
    ],
  };
}

function comments(): DashboardSpec {
  const s = serviceSelector('comments');
  return {
    name: 'comments',
    title: 'Marketplace / Comments',
    description: 'Comments: RPCs and the connection pool of every shard.',
    services: ['comments'],
    instancesOf: 'comments',
    rows: [rpcServerRow(s), { ...databasePoolRow(s), title: 'Shards (pool per database)' }, processRow(s)],
  };
}

function users(): DashboardSpec {
  const s = serviceSelector('users');
  return {
    name: 'users',
    title: 'Marketplace / Users',
    description: 'Accounts and sign-in: RPCs, refused sign-ins by reason, pool, process.',
    services: ['users'],
    instancesOf: 'users',
    rows: [
      rpcServerRow(s),
      {
        title: 'Sign-in',
        panels: [
          panel(
            'Refused sign-ins by reason',
            'Wrong email or password, rate-limited emails, suspended or inactive users, per second.',
            'reqps',
            [[sumRate('reason', 'users_sign_in_failures_total', s), '{{reason}}']],
          ),
        ],
      },
      databasePoolRow(s),
      processRow(s),
    ],
  };
}
