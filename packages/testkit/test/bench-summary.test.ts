import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LoadResult } from '../src/bench.ts';
import { type BenchResults, readmeSection, summarizeBenches, summaryMarkdown } from '../src/bench-summary.ts';

const load = (concurrency: number, perSecond: number, p50Ms: number, p99Ms: number): LoadResult => ({
  concurrency,
  operations: 1000,
  errors: 0,
  seconds: 1000 / perSecond,
  perSecond,
  p50Ms,
  p99Ms,
});

const results: BenchResults = {
  'loms-order-create': {
    runs: [
      {
        grpc: load(8, 700, 10, 20),
        ceiling: load(8, 1000, 7, 15),
        cpuMsPerOrder: { service: 1.2, grpcClient: 0.3, ceiling: 0.5 },
      },
      { grpc: load(32, 600, 40, 90), ceiling: load(32, 1000, 30, 60) },
    ],
  },
  'loms-stocks-info': {
    results: {
      'LOMS, grpc-js (h2c)': [load(1, 1000, 0.9, 2)],
      'LOMS, Connect gRPC transport (h2c)': [load(1, 1300, 0.7, 2)],
      'LOMS, REST (HTTP/1.1)': [load(1, 1300, 0.75, 2)],
      'bare connect-node, grpc-js (h2c, constant)': [load(1, 2000, 0.5, 1)],
    },
  },
  'comments-list-by-sku': {
    runs: [
      { case: 'first page of 100', clients: 1, grpc: load(1, 300, 2.86, 5), sql: load(1, 2000, 0.34, 1) },
    ],
  },
  'cart-get': {
    runs: [
      { name: 'batched', concurrency: 8, load: load(8, 10, 800, 808) },
      { name: 'cached (warm)', concurrency: 8, load: load(8, 1127, 6, 14.5) },
    ],
    staleness: { p50Ms: 24, p99Ms: 37 },
  },
};

describe('summarizeBenches', () => {
  it('puts each figure beside its ceiling and goal, and says whether the goal is met', () => {
    const rows = summarizeBenches(results);
    const row = (start: string) => rows.find((r) => r.measure.startsWith(start));
    expect(row('LOMS OrderCreate, 8 clients')).toMatchObject({
      value: '700/s, p99 20 ms; CPU/order: service 1.2 ms + client 0.3 ms',
      ceiling: '1000/s, p99 15 ms; CPU/order 0.5 ms',
      ratio: '0.70',
      met: 'yes',
    });
    expect(row('LOMS OrderCreate, 32 clients')).toMatchObject({
      value: '600/s, p99 90 ms',
      ratio: '0.60',
      met: 'no',
    });
    expect(row('StocksInfo p50, 1 client: LOMS, grpc-js')).toMatchObject({
      ceiling: 'REST 0.75 ms; bare server 0.5 ms',
      ratio: '1.20',
      met: 'no',
    });
    expect(row('StocksInfo p50, 1 client: LOMS, Connect')).toMatchObject({ met: 'yes' });
    expect(row('CommentListBySKU')).toMatchObject({ ratio: '8.41', met: 'no' });
    expect(row('Cart GET')).toMatchObject({
      value: '1127/s, p99 14.5 ms',
      ceiling: 'uncached 10/s',
      met: 'yes',
    });
    expect(row('Cart: a price change')).toMatchObject({ met: 'yes' });
  });

  it("takes the relay's rate from its drain once LOMS runs, and shows the rate counting LOMS's start beside it", () => {
    const events = {
      backlog: 10_000,
      relaySeconds: 4,
      endToEnd: { p50Ms: 9, p99Ms: 30 },
      ceiling: { p50Ms: 3, p99Ms: 10 },
    };
    const relay = (r: BenchResults['order-events']) =>
      summarizeBenches({ 'order-events': r }).find((row) => row.measure === 'Outbox relay throughput');
    expect(relay({ ...events, drainRate: 12_000 })).toMatchObject({
      value: "12000 events/s (2500/s counting LOMS's start)",
      met: 'yes',
    });
    expect(relay(events)).toMatchObject({ value: '2500 events/s', met: 'no' });
  });

  it('says "not run" for a bench whose results are missing rather than leaving its goals out', () => {
    const rows = summarizeBenches({});
    expect(rows).toHaveLength(10);
    expect(rows.every((r) => r.met === 'not run')).toBe(true);
  });
});

describe('summaryMarkdown', () => {
  it('is one table with a count of the goals met', () => {
    const markdown = summaryMarkdown(summarizeBenches(results), '2026-11-25T23:00:00.000Z');
    expect(markdown).toContain('| measure | value | ceiling | ratio | goal | met |');
    expect(markdown).toContain('Goals met: 4 of 10.');
  });
});

describe('readmeSection', () => {
  const readme = [
    '# Title',
    'intro',
    '## Benchmarks',
    'runs',
    '### What limits',
    '- a',
    '- b',
    '### Next',
    'x',
    '## Other',
  ].join('\n');

  it('takes a section down to the next heading of its level or above', () => {
    expect(readmeSection(readme, 'What limits')).toBe('### What limits\n- a\n- b');
    expect(readmeSection(readme, 'Benchmarks')).toBe(
      '## Benchmarks\nruns\n### What limits\n- a\n- b\n### Next\nx',
    );
    expect(readmeSection(readme, 'Missing')).toBeUndefined();
  });

  it("finds the project README's account of each figure, which the summary ends with", () => {
    const section = readmeSection(
      readFileSync(new URL('../../../README.md', import.meta.url), 'utf8'),
      'What limits each figure',
    );
    for (const figure of ['OrderCreate', 'StocksInfo', 'CommentListBySKU', 'Cart GET', 'Commit to notifier'])
      expect(section).toContain(figure);
    const markdown = summaryMarkdown([], '2026-11-26T07:00:00.000Z', section);
    expect(markdown).toContain('\n## What limits each figure\n');
  });
});
