import { describe, expect, it } from 'vitest';
import { newStackProductsKeys, planStack } from '../../src/stack/stack-plan.ts';

const plan = (authMode: string | undefined) =>
  planStack(
    'postgres://postgres@127.0.0.1:5432/postgres',
    ['127.0.0.1:9092'],
    newStackProductsKeys(),
    authMode,
  );

describe('AUTH_MODE in the native stack', () => {
  it('goes to every process when set', () => {
    const processes = plan('jwt');
    expect(processes.map((p) => [p.name, p.env.AUTH_MODE])).toEqual(processes.map((p) => [p.name, 'jwt']));
  });

  it('is left to each service (off) when not set', () => {
    expect(plan(undefined).filter((p) => 'AUTH_MODE' in p.env)).toEqual([]);
  });
});
