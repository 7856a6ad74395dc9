/**
 * `make fuzz`: the hostile-input suite against a stack of real service processes. Settings from the
 * environment: FUZZ_SEED (1), FUZZ_REQUESTS (10000), FUZZ_CONCURRENCY (16), FUZZ_RSS_LIMIT_MB (64),
 * FUZZ_CLIENT_TIMEOUT_MS (10000), READ_TIMEOUT (or REQUEST_TIMEOUT) of the services (2s), RATE_LIMIT_PER_IP of the
 * services (100000), FUZZ_STOREFRONT / FUZZ_NOTIFIER (1; 0 leaves them out), FUZZ_CASES (a comma-
 * separated list of case numbers to replay), FUZZ_OUT (bench-results/fuzz.json). Prints a table per
 * port, writes the report as JSON, and exits 1 when an invariant fails.
 */
import { join } from 'node:path';
import { fuzzOptionsFromEnv, REPO_ROOT } from './options.ts';
import { formatReport, writeReport } from './report.ts';
import { runFuzz } from './run.ts';

const options = fuzzOptionsFromEnv(process.env);
const out = process.env.FUZZ_OUT ?? join(REPO_ROOT, 'bench-results', 'fuzz.json');
const report = await runFuzz({ ...options, progress: true });
console.log(formatReport(report));
writeReport(report, out);
console.log(`\nreport: ${out}; service logs: ${options.logDir}`);
process.exit(report.ok ? 0 : 1);
