import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createCounterByLabels } from '../src/index.ts';

describe('a counter by labels', () => {
  it('exports every value as 0 before the first event, then counts', async () => {
    const registry = new Registry();
    const refusals = createCounterByLabels(registry, {
      name: 'test_refusals_total',
      help: 'Refusals by reason.',
      labels: { reason: ['late', 'rude'] },
    });
    refusals.inc({ reason: 'late' });
    const text = await registry.metrics();
    expect(text).toContain('test_refusals_total{reason="late"} 1');
    expect(text).toContain('test_refusals_total{reason="rude"} 0');
  });

  it('exports every combination of the values of several labels, and no other series', async () => {
    const registry = new Registry();
    const runs = createCounterByLabels(registry, {
      name: 'test_runs_total',
      help: 'Runs by job and outcome.',
      labels: { job: ['expiry', 'cleanup'], outcome: ['ok', 'error'] },
    });
    runs.inc({ job: 'cleanup', outcome: 'error' }, 2);
    const series = (await registry.getSingleMetric('test_runs_total')!.get()).values;
    expect(series.map(({ labels, value }) => `${labels.job}/${labels.outcome}=${value}`).sort()).toEqual([
      'cleanup/error=2',
      'cleanup/ok=0',
      'expiry/error=0',
      'expiry/ok=0',
    ]);
  });
});
