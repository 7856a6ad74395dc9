import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FuzzReport } from './run.ts';

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** The report as text: one row per port, the answers by status/code, the services, then every failure. */
export function formatReport(report: FuzzReport): string {
  const lines: string[] = [];
  lines.push(
    `fuzz: seed ${report.seed}, ${report.requests} requests (+${report.warmupRequests} warm-up) in ${report.cases} cases, ${report.durationSeconds} s`,
  );
  const header = [
    'port',
    'target',
    'requests',
    '2xx/g0',
    '4xx/gN',
    '429',
    '5xx',
    '503/504',
    '501',
    'resets',
    'timeouts',
    'closed',
    'slow cut/sent',
    'RSS max',
    'growth',
  ];
  const rows: string[][] = [];
  for (const p of report.ports) {
    const service = report.services.find((s) => p.target.startsWith(`${s.service}/`));
    let ok = 0;
    let client = 0;
    for (const [key, n] of Object.entries(p.answers)) {
      if (/^2\d\d|^g0$/.test(key)) ok += n;
      else if (/^4\d\d|^g([1-9]|1[0-6])$/.test(key) && !/^g(2|13|15)$/.test(key)) client += n;
    }
    rows.push([
      String(p.port),
      p.target,
      String(p.requests),
      String(ok),
      String(client),
      String(p.rateLimited),
      String(p.failures),
      String(p.unavailable),
      String(p.unimplemented),
      String(p.resets),
      String(p.timeouts),
      String(p.otherNoAnswer),
      p.slowBodies > 0
        ? `${p.slowBodies - p.slowNotCutOff}/${p.slowBodies}${p.slowCutOffMsMax > 0 ? ` ≤${(p.slowCutOffMsMax / 1000).toFixed(1)}s` : ''}`
        : '-',
      service ? `${mib(service.peakBytes)} MiB` : '-',
      service ? `${mib(service.growthBytes)} MiB` : '-',
    ]);
  }
  lines.push(...table(header, rows));
  lines.push(
    '',
    'answers by status (HTTP status; gN = gRPC status N; rst:/goaway: = HTTP/2 resets; h2-headers = answered raw frames):',
  );
  for (const p of report.ports) {
    const answers = Object.entries(p.answers)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k}:${n}`)
      .join(' ');
    lines.push(`  ${p.target.padEnd(16)} ${answers}`);
  }
  lines.push('', 'services:');
  for (const s of report.services) {
    lines.push(
      `  ${s.service.padEnd(11)} pid ${s.pid}  RSS baseline ${mib(s.baselineBytes)} MiB, peak ${mib(s.peakBytes)} MiB, growth ${mib(s.growthBytes)} MiB, at the end ${mib(s.rssAfterBytes)} MiB${
        s.heapBefore && s.heapAfter
          ? `; V8 heap used ${mib(s.heapBefore.usedBytes)} -> ${mib(s.heapAfter.usedBytes)} MiB (allocated ${mib(s.heapBefore.totalBytes)} -> ${mib(s.heapAfter.totalBytes)})`
          : ''
      }${s.exited ? `  EXITED (${s.exited.code ?? s.exited.signal})` : ''}`,
    );
    for (const e of s.loggedErrors.slice(0, 5))
      lines.push(`      logged x${e.count}: ${e.text.slice(0, 400)}`);
  }
  lines.push('', 'valid requests afterwards:');
  for (const c of report.checks)
    lines.push(
      `  ${c.service.padEnd(11)} ${c.ok ? 'ok' : 'FAILED'}  ${c.steps
        .filter((s) => !s.ok)
        .map((s) => `${s.what}: ${s.got}`)
        .join('; ')}`,
    );
  if (report.warnings.length > 0) {
    lines.push('', 'warnings (no invariant broken):');
    for (const w of report.warnings) lines.push(`  - ${w}`);
  }
  if (report.failures.length > 0) {
    lines.push('', `FAILED: ${report.failures.length} failure(s):`);
    for (const f of report.failures) {
      lines.push(`  - [${f.invariant}] ${f.service}: ${f.message}`);
      if (f.caseIndex !== undefined)
        lines.push(
          `      case #${f.caseIndex} ${f.kind} via ${f.transport} to ${f.target} (:${f.port}): ${f.what}`,
        );
      if (f.request) lines.push(`      request: ${f.request}`);
      if (f.answer) lines.push(`      answer:  ${f.answer}`);
      if (f.replay) lines.push(`      replay:  ${f.replay}`);
    }
  } else {
    lines.push(
      '',
      'all invariants hold: no 5xx, no exits, RSS growth within the limit, valid requests answered',
    );
  }
  return lines.join('\n');
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

export function writeReport(report: FuzzReport, file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}
