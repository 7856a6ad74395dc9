import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createCounterByLabel } from '../src/index.ts';

describe('a counter by label', () => {
  it('exports every value as 0 before the first event, then counts', async () => {
    const registry = new Registry();
    const refusals = createCounterByLabel(registry, {
      name: 'test_refusals_total',
      help: 'Refusals by reason.',
      label: 'reason',
      values: ['late', 'rude'],
    });
    refusals.inc({ reason: 'late' });
    const text = await registry.metrics();
    expect(text).toContain('test_refusals_total{reason="late"} 1');
    expect(text).toContain('test_refusals_total{reason="rude"} 0');
  });
});
