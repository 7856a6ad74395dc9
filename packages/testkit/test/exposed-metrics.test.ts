import { describe, expect, it } from 'vitest';
import { missingMetricNames, parseExposedMetrics } from '../src/exposed-metrics.ts';

const exposition = [
  '# HELP rpc_server_duration_seconds RPC handling time.',
  '# TYPE rpc_server_duration_seconds histogram',
  '# HELP outbox_backlog_events Outbox events not yet published.',
  '# TYPE outbox_backlog_events gauge',
  'outbox_backlog_events{app="loms"} 3',
  '# TYPE rpc_client_duration_seconds summary',
  'legacy_requests{path="/"} 7',
  '',
].join('\n');

describe('exposed metrics', () => {
  it('lists families declared by TYPE lines, with or without samples, and untyped samples', () => {
    expect(parseExposedMetrics(exposition)).toEqual(
      new Map([
        ['rpc_server_duration_seconds', 'histogram'],
        ['outbox_backlog_events', 'gauge'],
        ['rpc_client_duration_seconds', 'summary'],
        ['legacy_requests', 'untyped'],
      ]),
    );
  });

  it('accepts the series of histograms and summaries and reports every other unknown name once', () => {
    const exposed = parseExposedMetrics(exposition);
    const used = [
      'rpc_server_duration_seconds_bucket',
      'rpc_server_duration_seconds_count',
      'rpc_client_duration_seconds_sum',
      'rpc_client_duration_seconds_bucket',
      'outbox_backlog_events_count',
      'outbox_backlog_events',
      'kafka_consumer_lag',
      'kafka_consumer_lag',
    ];
    expect(missingMetricNames(used, exposed)).toEqual([
      'kafka_consumer_lag',
      'outbox_backlog_events_count',
      'rpc_client_duration_seconds_bucket',
    ]);
  });
});
