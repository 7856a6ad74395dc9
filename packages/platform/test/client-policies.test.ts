import { Code, ConnectError } from '@connectrpc/connect';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createClientPolicies } from '../src/index.ts';

const settings = { breakerFailures: 2, breakerHalfOpenAfterMs: 60_000 };
const unavailable = () => Promise.reject(new ConnectError('down', Code.Unavailable));
const metricValue = async (registry: Registry, name: string, labels: Record<string, string>) => {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (metric?.values ?? []) as { labels: Record<string, unknown>; value: number }[];
  return values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
};

describe('client policies', () => {
  it('open the circuit after the configured server failures and show it under the target', async () => {
    const registry = new Registry();
    const { breaker } = createClientPolicies('products', settings, registry, pino({ level: 'silent' }));
    for (let i = 0; i < settings.breakerFailures; i += 1)
      await expect(breaker.execute(unavailable)).rejects.toThrow();
    expect(breaker.state).toBe('open');
    await expect(breaker.execute(async () => 'not called')).rejects.toThrow(/products service/);
    expect(
      await metricValue(registry, 'client_circuit_breaker_state', { client: 'products', state: 'open' }),
    ).toBe(1);
  });

  it('do not count a failure of the request against the service', async () => {
    const { breaker } = createClientPolicies('products', settings, new Registry(), pino({ level: 'silent' }));
    for (let i = 0; i < 3; i += 1)
      await expect(
        breaker.execute(() => Promise.reject(new ConnectError('no', Code.NotFound))),
      ).rejects.toThrow();
    expect(breaker.state).toBe('closed');
  });

  it('count each retry under the target', async () => {
    const registry = new Registry();
    const { onRetry } = createClientPolicies('users', settings, registry, pino({ level: 'silent' }));
    onRetry({ attempt: 1, delayMs: 10, err: new ConnectError('down', Code.Unavailable) });
    expect(await metricValue(registry, 'client_retries_total', { client: 'users' })).toBe(1);
  });
});
