/**
 * Writes bench-results/summary.md from the JSON each bench of `make bench` wrote: every figure with
 * its ceiling, ratio, goal and whether the goal is met, then the README's "What limits each figure"
 * (what the profiles show and what would close each goal not met). BENCH_SINCE (ms since the epoch) leaves out
 * results older than the run, so a bench that failed shows as "not run" instead of an old figure.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BenchResults, readmeSection, summarizeBenches, summaryMarkdown } from './bench-summary.ts';
import { REPO_ROOT } from './fuzz/options.ts';

const dir = join(REPO_ROOT, 'bench-results');
const since = Number(process.env.BENCH_SINCE ?? 0);
const names: Array<keyof BenchResults> = [
  'loms-order-create',
  'loms-stocks-info',
  'comments-list-by-sku',
  'cart-get',
  'order-events',
];
const results: Record<string, unknown> = {};
for (const name of names) {
  const file = join(dir, `${name}.json`);
  if (!existsSync(file)) continue;
  const written = JSON.parse(readFileSync(file, 'utf8')) as { at: string; results: unknown };
  if (Date.parse(written.at) >= since) results[name] = written.results;
}
const limits = readmeSection(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'), 'What limits each figure');
const markdown = summaryMarkdown(summarizeBenches(results as BenchResults), new Date().toISOString(), limits);
writeFileSync(join(dir, 'summary.md'), markdown);
console.log(`\n${markdown}\nsummary: ${join(dir, 'summary.md')}`);
