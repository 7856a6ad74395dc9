import { ConfigError } from '@marketplace/platform';
import { describe, expect, it } from 'vitest';
import { readLomsConfig } from '../src/config.ts';

describe('readLomsConfig', () => {
  it('defaults the background jobs: expiry in batches of 100, cleanups of 1,000 rows every minute', () => {
    const config = readLomsConfig({});
    expect(config.orders).toMatchObject({ expirySweepIntervalMs: 30_000, expiryBatchSize: 100 });
    expect(config.cleanup).toEqual({
      intervalMs: 60_000,
      batchSize: 1_000,
      idempotencyKeyTtlMs: 86_400_000,
      outboxRetentionMs: 86_400_000,
    });
    expect(config.events.stopTimeoutMs).toBe(5_000);
  });

  it('refuses bad retention, batch and stop settings, naming each variable', () => {
    const read = () =>
      readLomsConfig({
        CLEANUP_BATCH_SIZE: '0',
        EXPIRY_BATCH_SIZE: 'many',
        OUTBOX_RETENTION: '-1h',
        IDEMPOTENCY_KEY_TTL: 'forever',
        CLEANUP_INTERVAL: '0s',
        OUTBOX_STOP_TIMEOUT: '20s',
      });
    expect(read).toThrow(ConfigError);
    try {
      read();
    } catch (err) {
      const { problems } = err as ConfigError;
      for (const name of [
        'CLEANUP_BATCH_SIZE',
        'EXPIRY_BATCH_SIZE',
        'OUTBOX_RETENTION',
        'IDEMPOTENCY_KEY_TTL',
        'CLEANUP_INTERVAL',
        'OUTBOX_STOP_TIMEOUT',
      ]) {
        expect(
          problems.some((p) => p.startsWith(`${name}:`)),
          name,
        ).toBe(true);
      }
    }
  });
});
