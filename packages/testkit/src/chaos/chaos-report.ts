import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ChaosReport } from './chaos-run.ts';

const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

/** The report as text: one row per fault, one per invariant (with its violations), one per route. */
export function formatChaosReport(report: ChaosReport): string {
  const { options } = report;
  const lines = [
    `chaos: ${options.durationS} s at ${options.rate} shoppers/s (${report.flows} shoppers, ${report.requests} requests), seed ${options.seed}, payment timeout ${options.paymentTimeoutS} s, settled in ${report.settleS.toFixed(1)} s`,
    '',
    ...table(
      ['fault', 'what', 'down s', 'calls', 'failed', 'recovered after s', 'result'],
      report.faults.map((f) => [
        f.fault,
        f.what,
        f.downS.toFixed(1),
        String(f.calls),
        String(f.unavailable),
        f.recoveredAfterS === undefined ? 'never' : f.recoveredAfterS.toFixed(1),
        verdict(f.ok),
      ]),
    ),
    '',
    ...table(
      ['invariant', 'result', 'detail'],
      report.invariants.map((i) => [i.invariant, verdict(i.ok), i.detail]),
    ),
  ];
  for (const i of report.invariants.filter((i) => i.problems.length > 0)) {
    lines.push('', `${verdict(i.ok)} ${i.invariant}:`);
    for (const problem of i.problems) lines.push(`  - ${problem}`);
  }
  lines.push(
    '',
    ...table(
      ['route', 'requests', 'errors', 'p50 ms', 'p95 ms', 'p99 ms'],
      report.routes.map((r) =>
        [r.route, r.requests, r.errors, r['p50 ms'], r['p95 ms'], r['p99 ms']].map(String),
      ),
    ),
    '',
    report.ok ? 'chaos: every invariant holds' : 'chaos: FAILED',
  );
  return lines.join('\n');
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

export function writeChaosReport(report: ChaosReport, file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    `${JSON.stringify({ name: 'chaos', at: new Date().toISOString(), ...report }, null, 2)}\n`,
  );
}
