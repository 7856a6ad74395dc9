import type { DashboardSpec } from './grafana-json.ts';
import { panel, quantile, ratio, SERVER_FAULT_CODES, series, sumRate } from './promql.ts';

const ALL_SERVICES = ['loms', 'products', 'cart', 'comments', 'users', 'notifier', 'storefront'];

/** The whole stack at a glance: RED of every service side by side, pools, targets up. */
export function overviewDashboard(): DashboardSpec {
  const rpc = 'rpc_server_requests_total';
  const http = 'http_server_requests_total';
  return {
    name: 'overview',
    title: 'Marketplace / Overview',
    description: 'Rate, errors and duration of every service; database pools; scrape targets.',
    services: ALL_SERVICES,
    rows: [
      {
        title: 'RPCs of gRPC-first services (loms, products, comments, users)',
        panels: [
          panel('Requests by service', 'RPCs handled per second (gRPC, Connect and REST).', 'reqps', [
            [sumRate('app', rpc, ''), '{{app}}'],
          ]),
          panel('Error ratio by service', 'Share of RPCs not OK (client errors included).', 'percentunit', [
            [ratio('app', rpc, '', 'code!="OK"'), '{{app}}'],
          ]),
          panel(
            'Server-fault ratio by service',
            `Share of RPCs that ended ${SERVER_FAULT_CODES}.`,
            'percentunit',
            [[ratio('app', rpc, '', `code=~"${SERVER_FAULT_CODES}"`), '{{app}}']],
          ),
          panel('Latency p50 by service', 'Median RPC handling time.', 's', [
            [quantile(0.5, 'app', 'rpc_server_duration_seconds', ''), '{{app}}'],
          ]),
          panel('Latency p99 by service', '99th percentile of RPC handling time.', 's', [
            [quantile(0.99, 'app', 'rpc_server_duration_seconds', ''), '{{app}}'],
          ]),
        ],
      },
      {
        title: 'HTTP (REST, Connect JSON, cart, storefront, ops endpoints)',
        panels: [
          panel('Requests by service', 'HTTP/1.1 requests answered per second.', 'reqps', [
            [sumRate('app', http, ''), '{{app}}'],
          ]),
          panel('5xx ratio by service', 'Share of HTTP answers with a 5xx status.', 'percentunit', [
            [ratio('app', http, '', 'status=~"5.."'), '{{app}}'],
          ]),
          panel('4xx and 5xx by service', 'Error answers per second by status.', 'reqps', [
            [sumRate('app, status', http, '', 'status=~"4..|5.."'), '{{app}} {{status}}'],
          ]),
          panel('Cart latency', 'Median and 99th percentile of the cart HTTP API, all routes.', 's', [
            [quantile(0.5, 'app', 'http_server_route_duration_seconds', ''), '{{app}} p50'],
            [quantile(0.99, 'app', 'http_server_route_duration_seconds', ''), '{{app}} p99'],
          ]),
        ],
      },
      {
        title: 'Database pools and targets',
        panels: [
          panel('Connections in use', 'Pool connections checked out, by service and database.', 'short', [
            [`sum by (app, database) (db_pool_connections_in_use)`, '{{app}} {{database}}'],
          ]),
          panel('Waiting for a connection', 'Queries queued on an exhausted pool.', 'short', [
            [`sum by (app, database) (db_pool_waiting_clients)`, '{{app}} {{database}}'],
          ]),
          panel('Targets up', 'Scrape targets answering, by job.', 'short', [
            [`sum by (job) (up)`, '{{job}}'],
          ]),
        ],
      },
    ],
  };
}

/** Order events end to end: LOMS outbox -> Kafka -> notifier consumer group. */
export function kafkaOutboxDashboard(): DashboardSpec {
  return {
    name: 'kafka-outbox',
    title: 'Marketplace / Kafka and outbox',
    description: 'Order events from the LOMS outbox through Kafka to the notifier consumer group.',
    services: ['loms', 'notifier'],
    rows: [
      {
        title: 'LOMS outbox',
        panels: [
          panel('Outbox backlog', 'Order events committed but not yet published.', 'short', [
            [`max by (app) (outbox_backlog_events)`, 'unsent'],
          ]),
          panel('Oldest unsent event', 'Age of the oldest event waiting in the outbox.', 's', [
            [`max by (app) (outbox_oldest_unsent_age_seconds)`, 'age'],
          ]),
          panel('Relayed', 'Events published and marked sent, per second.', 'ops', [
            [sumRate('app', 'outbox_relayed_total', ''), 'relayed'],
          ]),
        ],
      },
      {
        title: 'Kafka',
        panels: [
          panel('Produced by topic', 'Messages acknowledged by the broker, by service and topic.', 'ops', [
            [sumRate('app, topic', 'kafka_messages_produced_total', ''), '{{app}} {{topic}}'],
          ]),
          panel('Consumed by group', 'Messages processed and committed, by group and topic.', 'ops', [
            [sumRate('group, topic', 'kafka_messages_consumed_total', ''), '{{group}} {{topic}}'],
          ]),
          panel('Consumer lag by partition', 'Messages after the last one processed.', 'short', [
            [`max by (group, topic, partition) (kafka_consumer_lag)`, '{{group}} {{topic}} #{{partition}}'],
          ]),
          panel('Produce and consume failures', 'Unacknowledged produces; failed processing.', 'ops', [
            [sumRate('app, topic', 'kafka_produce_failures_total', ''), 'produce {{app}} {{topic}}'],
            [sumRate('group, topic', 'kafka_consume_failures_total', ''), 'consume {{group}} {{topic}}'],
          ]),
        ],
      },
      {
        title: 'Notifier',
        panels: [
          panel(
            'Events by outcome',
            'notified, duplicate (seen before) or parked (dead-letter topic).',
            'ops',
            [[sumRate('outcome', 'notifier_events_total', ''), '{{outcome}}']],
          ),
          panel('Replicas up', 'Notifier replicas Prometheus can scrape.', 'short', [
            [`sum(${series('up', 'job="notifier"')})`, 'up'],
          ]),
        ],
      },
    ],
  };
}
