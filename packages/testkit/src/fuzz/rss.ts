import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Resident set size of a process in bytes (VmRSS from /proc, or `ps` elsewhere); undefined once it is gone. */
export function readRss(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    try {
      const kb = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim());
      return Number.isFinite(kb) && kb > 0 ? kb * 1024 : undefined;
    } catch {
      return undefined;
    }
  }
}

export interface RssSample {
  atMs: number;
  bytes: number;
}

/** Samples the RSS of some processes on an interval, keeping every sample. */
export class RssMonitor {
  readonly samples = new Map<number, RssSample[]>();
  private readonly timer: NodeJS.Timeout;
  private readonly started = performance.now();

  constructor(
    private readonly pids: readonly number[],
    intervalMs = 200,
  ) {
    for (const pid of pids) this.samples.set(pid, []);
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  sample(): void {
    const atMs = performance.now() - this.started;
    for (const pid of this.pids) {
      const bytes = readRss(pid);
      if (bytes !== undefined) this.samples.get(pid)!.push({ atMs, bytes });
    }
  }

  now(): number {
    return performance.now() - this.started;
  }

  /** The median of the last few samples: a baseline that one spike does not move. */
  current(pid: number, last = 5): number | undefined {
    const list =
      this.samples
        .get(pid)
        ?.slice(-last)
        .map((s) => s.bytes) ?? [];
    if (list.length === 0) return undefined;
    list.sort((a, b) => a - b);
    return list[Math.floor(list.length / 2)];
  }

  /** The highest sample at or after `fromMs`. */
  peak(pid: number, fromMs = 0): RssSample | undefined {
    let best: RssSample | undefined;
    for (const s of this.samples.get(pid) ?? [])
      if (s.atMs >= fromMs && (!best || s.bytes > best.bytes)) best = s;
    return best;
  }

  /** The sharpest rise between two samples after `fromMs`: when a leak or a spike happened. */
  steepestRise(pid: number, fromMs = 0): { fromMs: number; toMs: number; bytes: number } | undefined {
    const list = (this.samples.get(pid) ?? []).filter((s) => s.atMs >= fromMs);
    let best: { fromMs: number; toMs: number; bytes: number } | undefined;
    for (let i = 1; i < list.length; i++) {
      const rise = list[i]!.bytes - list[i - 1]!.bytes;
      if (!best || rise > best.bytes) best = { fromMs: list[i - 1]!.atMs, toMs: list[i]!.atMs, bytes: rise };
    }
    return best;
  }

  /** One point a second (the highest sample of each second): [seconds, MiB]. */
  timeline(pid: number): Array<[number, number]> {
    const perSecond = new Map<number, number>();
    for (const s of this.samples.get(pid) ?? []) {
      const second = Math.floor(s.atMs / 1000);
      perSecond.set(second, Math.max(perSecond.get(second) ?? 0, s.bytes));
    }
    return [...perSecond].map(([second, bytes]) => [second, Math.round((bytes / 1024 / 1024) * 10) / 10]);
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }
}
