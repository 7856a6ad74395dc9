import { describe, expect, it } from 'vitest';
import { createHealthState } from '../../src/grpc/health-state.ts';

describe('createHealthState', () => {
  it('knows the whole server under "" and each given service, all with the initial status', () => {
    const state = createHealthState(['a.A'], 'NOT_SERVING');
    expect([...state.list()]).toEqual([
      ['', 'NOT_SERVING'],
      ['a.A', 'NOT_SERVING'],
    ]);
    expect(state.get('b.B')).toBeUndefined();
  });

  it('notifies listeners of real changes only', () => {
    const state = createHealthState(['a.A']);
    const seen: string[] = [];
    const off = state.onChange((service, status) => seen.push(`${service}=${status}`));
    state.set('a.A', 'SERVING');
    state.set('a.A', 'NOT_SERVING');
    state.set('b.B', 'SERVING');
    off();
    state.set('a.A', 'SERVING');
    expect(seen).toEqual(['a.A=NOT_SERVING', 'b.B=SERVING']);
  });

  it('marks everything NOT_SERVING at shutdown and ignores later updates', () => {
    const state = createHealthState(['a.A']);
    state.shutdown();
    state.set('a.A', 'SERVING');
    state.set('b.B', 'SERVING');
    expect([...state.list()]).toEqual([
      ['', 'NOT_SERVING'],
      ['a.A', 'NOT_SERVING'],
    ]);
  });
});
