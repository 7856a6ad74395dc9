import { join } from 'node:path';
import { expect, it } from 'vitest';
import { fuzzOptionsFromEnv, REPO_ROOT } from '../../src/fuzz/options.ts';
import { formatReport, writeReport } from '../../src/fuzz/report.ts';
import { runFuzz } from '../../src/fuzz/run.ts';

// The short run of `make fuzz`: the same suite and invariants with fewer requests (FUZZ_CI_REQUESTS).
it('answers generated hostile requests on every port without a 5xx, an exit or a leak, then still serves valid requests', async () => {
  const options = fuzzOptionsFromEnv({
    ...process.env,
    FUZZ_REQUESTS: process.env.FUZZ_CI_REQUESTS ?? '1500',
    FUZZ_WARMUP: process.env.FUZZ_CI_WARMUP ?? '300',
    FUZZ_CASES: undefined,
  });
  const report = await runFuzz(options);
  writeReport(report, join(REPO_ROOT, 'bench-results', 'fuzz-ci.json'));
  console.log(formatReport(report));

  expect(report.requests).toBeGreaterThanOrEqual(options.requests);
  expect(report.ports.every((port) => port.requests > 0)).toBe(true);
  const failures = report.failures.map(
    (f) =>
      `[${f.invariant}] ${f.service}: ${f.message}${f.caseIndex !== undefined ? ` (case #${f.caseIndex} ${f.kind} via ${f.transport}: ${f.what}; request ${f.request}; answer ${f.answer}; replay: ${f.replay})` : ''}`,
  );
  expect(failures).toEqual([]);
}, 300_000);
