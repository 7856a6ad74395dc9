import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config.ts';
import { readProcessSettings } from '../src/run-service.ts';

describe('readProcessSettings', () => {
  it('limits heap growth to 50% unless told otherwise, 0 leaving it to V8', () => {
    expect(readProcessSettings({}).heapGrowthPercent).toBe(50);
    expect(readProcessSettings({ HEAP_GROWTH_PERCENT: '0' }).heapGrowthPercent).toBe(0);
    expect(readProcessSettings({ HEAP_GROWTH_PERCENT: '120' }).heapGrowthPercent).toBe(120);
  });

  it.each(['-1', '301', '1.5', 'half', '0x10', '1e2', ' 50'])(
    'refuses HEAP_GROWTH_PERCENT=%s, naming it',
    (value) => {
      let problems: string[] = [];
      try {
        readProcessSettings({ HEAP_GROWTH_PERCENT: value });
      } catch (err) {
        if (err instanceof ConfigError) problems = err.problems;
      }
      expect(problems).toEqual([`HEAP_GROWTH_PERCENT: expected an integer in [0, 300], got "${value}"`]);
    },
  );

  it('reads the shutdown steps beside it', () => {
    expect(readProcessSettings({ SHUTDOWN_DRAIN: '0', SHUTDOWN_TIMEOUT: '3s' })).toMatchObject({
      drainMs: 0,
      stopTimeoutMs: 3000,
    });
  });
});
