import { describe, expect, it } from 'vitest';
import { metricNamesInPromQL } from '../src/promql-metric-names.ts';

describe('metricNamesInPromQL', () => {
  it('finds the metrics of a ratio, not functions, grouping labels, matchers or ranges', () => {
    const expr =
      'sum by (app) (rate(rpc_server_requests_total{code!="OK", instance=~"$instance"}[$__rate_interval]))' +
      ' / sum by (app) (rate(rpc_server_requests_total[5m]))';
    expect(metricNamesInPromQL(expr)).toEqual(['rpc_server_requests_total']);
  });

  it('keeps histogram suffixes and skips the le of the grouping', () => {
    const expr =
      'histogram_quantile(0.99, sum by (method, le) (rate(rpc_server_duration_seconds_bucket{app="loms"}[5m])))';
    expect(metricNamesInPromQL(expr)).toEqual(['rpc_server_duration_seconds_bucket']);
  });

  it('reads both sides of binary operators and skips keywords and string arguments', () => {
    const expr =
      'max by (app) (outbox_oldest_unsent_age_seconds) > 60 and on (app) up == bool 1 ' +
      'or label_replace(kafka_consumer_lag, "dst", "$1", "src", "(.*)") offset 5m';
    expect(metricNamesInPromQL(expr)).toEqual([
      'outbox_oldest_unsent_age_seconds',
      'up',
      'kafka_consumer_lag',
    ]);
  });
});
