import { mkdirSync, writeFileSync } from 'node:fs';
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
