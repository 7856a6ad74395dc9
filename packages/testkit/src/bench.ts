import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LoadResult {
  concurrency: number;
  operations: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * A benchmark's numeric settings from the environment, each defaulting to the value given (an
 * unset or empty variable); a value that is not a positive number stops the benchmark, naming it.
 */
export function readBenchSettings<const Names extends string>(
  defaults: Record<Names, number>,
  env: Record<string, string | undefined> = process.env,
): Record<Names, number> {
  const entries = Object.entries<number>(defaults).map(([name, fallback]) => {
    const text = env[name];
    const value = text ? Number(text) : fallback;
    if (!(value > 0) || !Number.isFinite(value))
      throw new Error(`${name}: expected a positive number, got "${text}"`);
    return [name, value];
  });
  return Object.fromEntries(entries) as Record<Names, number>;
}

/** The q-quantile (0..1) of sorted values, by nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * Runs `operation` `total` times from `concurrency` workers at once, timing each call. Failed
 * calls are counted and left out of the latencies.
 */
export async function runLoad(
  concurrency: number,
  total: number,
  operation: (index: number) => Promise<unknown>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const index = next++;
      const t0 = performance.now();
      try {
        await operation(index);
        latencies.push(performance.now() - t0);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    concurrency,
    operations: total,
    errors,
    seconds: round(seconds, 3),
    perSecond: round(latencies.length / seconds, 1),
    p50Ms: round(quantile(latencies, 0.5), 2),
    p99Ms: round(quantile(latencies, 0.99), 2),
  };
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** How {@link measureEach} runs each operation. */
export interface MeasureOptions {
  /** Concurrent clients of each run, in order. */
  clients: readonly number[];
  /** Calls of a run with this many clients. */
  calls(clients: number): number;
  /** Calls from 8 clients before the runs of an operation (connections, JIT, plan cache). */
  warmup: number;
}

/** Runs each named operation, after its warm-up, once per client count: its results by name. */
export async function measureEach(
  operations: Record<string, (index: number) => Promise<unknown>>,
  options: MeasureOptions,
): Promise<Record<string, LoadResult[]>> {
  const results: Record<string, LoadResult[]> = {};
  for (const [name, operation] of Object.entries(operations)) {
    await runLoad(8, options.warmup, operation);
    results[name] = [];
    for (const clients of options.clients)
      results[name].push(await runLoad(clients, options.calls(clients), operation));
  }
  return results;
}

/** Table rows of {@link measureEach}'s results, the operation's name in column `label`. */
export function loadRows(
  label: string,
  results: Record<string, LoadResult[]>,
): Array<Record<string, unknown>> {
  return Object.entries(results).flatMap(([name, runs]) =>
    runs.map((run) => ({
      [label]: name,
      clients: run.concurrency,
      calls: run.operations,
      'calls/s': run.perSecond,
      'p50 ms': run.p50Ms,
      'p99 ms': run.p99Ms,
      errors: run.errors,
    })),
  );
}

/** Prints rows as an aligned text table with the given columns. */
export function printTable(title: string, rows: ReadonlyArray<Record<string, unknown>>): void {
  const columns = Object.keys(rows[0] ?? {});
  const cells = [columns, ...rows.map((row) => columns.map((c) => String(row[c])))];
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => (line[i] ?? '').length)));
  const format = (line: string[]) => line.map((cell, i) => cell.padStart(widths[i] ?? 0)).join('  ');
  console.log(`\n${title}\n${format(columns)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const line of cells.slice(1)) console.log(format(line));
}

/** Writes benchmark results as JSON to bench-results/<name>.json at the repository root. */
export function writeBenchResults(name: string, results: unknown): string {
  const dir = join(new URL('../../..', import.meta.url).pathname, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify({ name, at: new Date().toISOString(), results }, null, 2)}\n`);
  return file;
}

/**
 * CPU time (user + system, ms) a process has used so far: this process's own when `pid` is absent,
 * another's from /proc (Linux; clock ticks of 10 ms). Two readings around a run give its CPU cost.
 */
export function cpuMsOf(pid?: number): number {
  if (pid === undefined) {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  }
  // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
