import type { DashboardSpec } from './grafana-json.ts';
import {
  breakerStatePanel,
  databasePoolRow,
  httpStatusPanel,
  panel,
  processRow,
  quantile,
  series,
  serviceSelector,
  sumRate,
} from './promql.ts';

/** Dashboards of the HTTP services (cart, storefront) and of the order-event consumer (notifier). */
export function httpAndConsumerDashboards(): DashboardSpec[] {
  return [cart(), storefront(), notifier()];
}

function cart(): DashboardSpec {
  const s = serviceSelector('cart');
  const route = 'http_server_route_duration_seconds';
  const client = 'rpc_client_requests_total';
  return {
    name: 'cart',
    title: 'Marketplace / Cart',
    description: 'The cart HTTP API by route, and its calls to products and LOMS.',
    services: ['cart'],
    instancesOf: 'cart',
    rows: [
      {
        title: 'HTTP API',
        panels: [
          panel('Requests by route', 'HTTP requests answered per second.', 'reqps', [
            [sumRate('method, route', `${route}_count`, s), '{{method}} {{route}}'],
          ]),
          panel('Errors by route and status', '4xx and 5xx answers per second.', 'reqps', [
            [
              sumRate('method, route, status', `${route}_count`, s, 'status=~"4..|5.."'),
              '{{method}} {{route}} {{status}}',
            ],
          ]),
          httpStatusPanel(s),
          panel('Latency p50 by route', 'Median HTTP handling time.', 's', [
            [quantile(0.5, 'method, route', route, s), '{{method}} {{route}}'],
          ]),
          panel('Latency p99 by route', '99th percentile of HTTP handling time.', 's', [
            [quantile(0.99, 'method, route', route, s), '{{method}} {{route}}'],
          ]),
        ],
      },
      {
        title: 'Calls to products and LOMS',
        panels: [
          panel('Calls by method', 'RPC attempts per second (each retry counts).', 'reqps', [
            [sumRate('service, method', client, s), '{{service}} {{method}}'],
          ]),
          panel('Failed calls by code', 'Attempts that ended with a code other than OK.', 'reqps', [
            [sumRate('method, code', client, s, 'code!="OK"'), '{{method}} {{code}}'],
          ]),
          panel('Call latency p99', '99th percentile of the time to an answer.', 's', [
            [quantile(0.99, 'method', 'rpc_client_duration_seconds', s), '{{method}}'],
          ]),
          panel('Rate-limiter wait p99', 'Time calls waited for a client-side rate-limit token.', 's', [
            [quantile(0.99, 'client', 'client_rate_limit_wait_seconds', s), '{{client}}'],
          ]),
          panel('Retries', 'Calls retried after a transient failure, per second.', 'ops', [
            [sumRate('client', 'client_retries_total', s), '{{client}}'],
          ]),
          breakerStatePanel(s),
        ],
      },
      databasePoolRow(s),
      processRow(s),
    ],
  };
}

function storefront(): DashboardSpec {
  const s = serviceSelector('storefront');
  const upstream = 'storefront_upstream_duration_seconds';
  return {
    name: 'storefront',
    title: 'Marketplace / Storefront',
    description: 'The web page and its /api proxy to cart, products, LOMS and comments.',
    services: ['storefront'],
    instancesOf: 'storefront',
    rows: [
      {
        title: 'Page and proxy',
        panels: [
          httpStatusPanel(s),
          panel(
            'Proxied calls by service and outcome',
            'Calls per second by HTTP status, unreachable or timeout.',
            'reqps',
            [[sumRate('service, outcome', `${upstream}_count`, s), '{{service}} {{outcome}}']],
          ),
          panel('Proxied call latency p99', '99th percentile of the backend answer time.', 's', [
            [quantile(0.99, 'service', upstream, s), '{{service}}'],
          ]),
        ],
      },
      processRow(s),
    ],
  };
}

function notifier(): DashboardSpec {
  const s = serviceSelector('notifier');
  return {
    name: 'notifier',
    title: 'Marketplace / Notifier',
    description: 'The order-event consumer group: outcomes, throughput and lag per replica, dead letters.',
    services: ['notifier'],
    instancesOf: 'notifier',
    rows: [
      {
        title: 'Order events',
        panels: [
          panel(
            'Events by outcome',
            'notified, duplicate (seen before) or parked (dead-letter topic).',
            'ops',
            [[sumRate('outcome', 'notifier_events_total', s), '{{outcome}}']],
          ),
          panel('Consumed by replica', 'Messages processed and committed per second.', 'ops', [
            [sumRate('instance', 'kafka_messages_consumed_total', s), '{{instance}}'],
          ]),
          panel('Lag by partition', 'Messages after the last one processed.', 'short', [
            [`max by (topic, partition) (${series('kafka_consumer_lag', s)})`, '{{topic}} #{{partition}}'],
          ]),
          panel('Processing failures', 'Messages whose processing failed (redelivered).', 'ops', [
            [sumRate('instance', 'kafka_consume_failures_total', s), '{{instance}}'],
          ]),
          panel('Dead letters published', 'Messages parked on the dead-letter topic.', 'ops', [
            [sumRate('topic', 'kafka_messages_produced_total', s), '{{topic}}'],
          ]),
          panel('Replicas up', 'Replicas Prometheus can scrape.', 'short', [
            [`sum(${series('up', 'job="notifier", instance=~"$instance"')})`, 'up'],
          ]),
        ],
      },
      databasePoolRow(s),
      processRow(s),
    ],
  };
}
