import { join } from 'node:path';
import { expect, it } from 'vitest';
import { chaosOptionsFromEnv, REPO_ROOT } from '../../src/chaos/chaos-options.ts';
import { formatChaosReport, writeChaosReport } from '../../src/chaos/chaos-report.ts';
import { runChaos } from '../../src/chaos/chaos-run.ts';

// The short run of `make chaos`: a service killed, the database crashed and the broker restarted
// under load, then every invariant (CHAOS_CI_DURATION, CHAOS_CI_FAULTS change it).
it('keeps every invariant while loms is killed, PostgreSQL crashes and Kafka restarts under load', async () => {
  const options = chaosOptionsFromEnv({
    ...process.env,
    DURATION: process.env.CHAOS_CI_DURATION ?? '40',
    CHAOS_FAULTS: process.env.CHAOS_CI_FAULTS ?? 'loms,postgres,kafka',
    CHAOS_WARMUP: '5',
    CHAOS_GAP: '6',
    CHAOS_RATE: '3',
    CHAOS_PAYMENT_TIMEOUT: '5',
    CHAOS_LOG_DIR: join(REPO_ROOT, 'bench-results', 'chaos-ci-logs'),
  });
  const report = await runChaos(options);
  writeChaosReport(report, join(REPO_ROOT, 'bench-results', 'chaos-ci.json'));
  console.log(formatChaosReport(report));

  expect(report.faults.map((f) => f.fault)).toEqual(expect.arrayContaining(options.faults));
  expect(report.requests).toBeGreaterThan(0);
  const failed = report.invariants
    .filter((i) => !i.ok)
    .map((i) => `${i.invariant}: ${i.detail}${i.problems.map((p) => `\n  - ${p}`).join('')}`);
  expect(failed).toEqual([]);
}, 900_000);
