import { describe, expect, it } from 'vitest';
import { createLoadReport, progressLine } from '../src/load/load-report.ts';

describe('the load report', () => {
  it('counts requests and errors by kind per route, with quantiles of the successful calls', () => {
    const report = createLoadReport();
    for (let ms = 1; ms <= 100; ms++) report.record('GET /cart', ms);
    report.record('GET /cart', 5_000, 'timeout');
    report.record('POST /checkout', 3, '503');
    report.record('POST /checkout', 4, '503');
    expect(report.requests).toBe(103);
    expect(report.errors).toBe(3);
    expect(report.rows()).toEqual([
      {
        route: 'GET /cart',
        requests: 101,
        errors: 'timeout:1',
        'p50 ms': '50.0',
        'p95 ms': '95.0',
        'p99 ms': '99.0',
      },
      {
        route: 'POST /checkout',
        requests: 2,
        errors: '503:2',
        'p50 ms': 'NaN',
        'p95 ms': 'NaN',
        'p99 ms': 'NaN',
      },
    ]);
  });

  it('draws the progress bar in proportion to the elapsed time', () => {
    const report = createLoadReport();
    report.record('r', 1);
    expect(progressLine(30, 60, report)).toBe(
      `[${'#'.repeat(15)}${'.'.repeat(15)}] 30/60 s  1 requests  0 errors`,
    );
  });
});
