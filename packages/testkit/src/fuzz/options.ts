import { join } from 'node:path';
import { KINDS, type Kind } from './cases.ts';
import type { FuzzOptions } from './run.ts';

export const REPO_ROOT = new URL('../../../../', import.meta.url).pathname;

/** The suite's settings from the environment (see run-fuzz.ts), with `make fuzz`'s defaults. */
export function fuzzOptionsFromEnv(env: Record<string, string | undefined>): FuzzOptions {
  const int = (name: string, fallback: number) => {
    const value = env[name];
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!Number.isInteger(n)) throw new Error(`${name}: expected an integer, got "${value}"`);
    return n;
  };
  const flag = (name: string) => !['0', 'false', 'no'].includes(env[name] ?? '1');
  const cases = env.FUZZ_CASES?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  const kinds = env.FUZZ_KINDS?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const ports = env.FUZZ_PORTS?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = kinds?.filter((k) => !(KINDS as readonly string[]).includes(k)) ?? [];
  if (unknown.length > 0)
    throw new Error(`FUZZ_KINDS: unknown ${unknown.join(', ')}; kinds are ${KINDS.join(', ')}`);
  return {
    seed: int('FUZZ_SEED', 1),
    requests: int('FUZZ_REQUESTS', 10_000),
    warmupMix: int('FUZZ_WARMUP', 1_000),
    concurrency: int('FUZZ_CONCURRENCY', 16),
    rssLimitBytes: int('FUZZ_RSS_LIMIT_MB', 64) * 1024 * 1024,
    clientTimeoutMs: int('FUZZ_CLIENT_TIMEOUT_MS', 10_000),
    requestTimeout: env.READ_TIMEOUT || env.REQUEST_TIMEOUT || '2s',
    rateLimitPerIp: int('RATE_LIMIT_PER_IP', 100_000),
    storefront: flag('FUZZ_STOREFRONT'),
    notifier: flag('FUZZ_NOTIFIER'),
    logDir: env.FUZZ_LOG_DIR ?? join(REPO_ROOT, 'bench-results', 'fuzz-logs'),
    ...(cases && cases.length > 0 ? { onlyCases: cases } : {}),
    ...(kinds && kinds.length > 0 ? { kinds: kinds as Kind[] } : {}),
    ...(ports && ports.length > 0 ? { ports } : {}),
  };
}
