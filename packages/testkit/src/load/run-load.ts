/**
 * `make load`: shoppers against the running stack at RATE flows per second for DURATION seconds,
 * with a progress bar, then a table per route (requests, errors by kind, p50/p95/p99) and JSON in
 * bench-results/load.json. Exits 1 when any request failed.
 */
import { printTable, writeBenchResults } from '../bench.ts';
import { createLoadReport, progressLine } from './load-report.ts';
import { shoppingFlow } from './shopping-flow.ts';

const rate = Number(process.env.RATE ?? 2);
const durationS = Number(process.env.DURATION ?? 60);
const urls = {
  cart: process.env.CART_URL ?? 'http://127.0.0.1:8080',
  products: process.env.PRODUCTS_URL ?? 'http://127.0.0.1:8082',
  loms: process.env.LOMS_URL ?? 'http://127.0.0.1:8084',
  productsApiKey: process.env.PRODUCTS_API_KEY ?? 'testToken',
};
if (!(rate > 0) || !(durationS > 0)) throw new Error('RATE and DURATION must be positive numbers');

const report = createLoadReport();
const flows: Promise<void>[] = [];
const started = performance.now();
const firstUser = 1_000_000 + Math.floor(Math.random() * 1_000_000_000);
const progress = setInterval(() => {
  process.stderr.write(`\r${progressLine((performance.now() - started) / 1000, durationS, report)}`);
}, 500);
for (let i = 0; (performance.now() - started) / 1000 < durationS; i++) {
  flows.push(shoppingFlow(urls, firstUser + i, report));
  const nextAt = ((i + 1) / rate) * 1000;
  await new Promise((r) => setTimeout(r, Math.max(0, nextAt - (performance.now() - started))));
}
await Promise.all(flows);
clearInterval(progress);
process.stderr.write(`\r${progressLine(durationS, durationS, report)}\n`);

const rows = report.rows();
printTable(
  `make load: ${rate} shoppers/s for ${durationS} s (${flows.length} flows, ${report.requests} requests)`,
  rows,
);
console.log(
  `\nresults: ${writeBenchResults('load', { rate, durationS, flows: flows.length, requests: report.requests, errors: report.errors, routes: rows })}`,
);
process.exit(report.errors > 0 ? 1 : 0);
