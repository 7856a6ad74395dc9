/**
 * `make chaos`: shoppers and ingest batches against a stack of its own (private PostgreSQL and
 * Kafka, free ports) while faults are injected one at a time, then the invariants. Settings from
 * the environment: DURATION (120 s), CHAOS_RATE (4 shoppers/s), CHAOS_FAULTS (all, in order:
 * loms,products,cart,notifier,postgres,kafka,slow-products; each once, the load going on until
 * they are over, then repeated while DURATION lasts),
 * CHAOS_WARMUP (8 s), CHAOS_GAP (8 s between faults), CHAOS_PAYMENT_TIMEOUT (10 s),
 * CHAOS_RECOVERY_BOUND (30 s), CHAOS_INGEST_EVERY (5 s), CHAOS_SEED (1), CHAOS_LOG_DIR
 * (bench-results/chaos-logs), CHAOS_OUT (bench-results/chaos.json). Prints the tables, writes the
 * report as JSON, and exits 1 when an invariant fails.
 */
import { join } from 'node:path';
import { chaosOptionsFromEnv, REPO_ROOT } from './chaos-options.ts';
import { formatChaosReport, writeChaosReport } from './chaos-report.ts';
import { runChaos } from './chaos-run.ts';

// Ctrl-C ends the run through process.exit, so the stack's exit hook stops its server and broker.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
const options = chaosOptionsFromEnv(process.env);
const out = process.env.CHAOS_OUT || join(REPO_ROOT, 'bench-results', 'chaos.json');
const report = await runChaos({ ...options, progress: true });
console.log(formatChaosReport(report));
writeChaosReport(report, out);
console.log(`\nreport: ${out}; service logs: ${options.logDir}`);
process.exit(report.ok ? 0 : 1);
