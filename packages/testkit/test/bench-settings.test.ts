import { describe, expect, it } from 'vitest';
import { readBenchSettings } from '../src/index.ts';

describe('readBenchSettings', () => {
  it('takes each setting from the environment, or its default when unset or empty', () => {
    expect(readBenchSettings({ CALLS: 1000, RATE: 40 }, { CALLS: '250', RATE: '' })).toEqual({
      CALLS: 250,
      RATE: 40,
    });
    expect(readBenchSettings({ SECONDS: 10 }, {})).toEqual({ SECONDS: 10 });
  });

  it('stops on a value that is not a positive number, naming the setting', () => {
    for (const text of ['0', '-5', 'many', 'Infinity'])
      expect(() => readBenchSettings({ CALLS: 1000 }, { CALLS: text })).toThrow(
        `CALLS: expected a positive number, got "${text}"`,
      );
  });
});
