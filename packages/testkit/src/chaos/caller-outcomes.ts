import type { CallRecord } from './chaos-ledger.ts';

/** A fault as it happened: when it was injected and when what it broke was back (ms since the start). */
export interface FaultWindow {
  fault: string;
  what: string;
  startedMs: number;
  endedMs: number;
}

/** What callers saw around one fault, and how long the success rate took to come back. */
export interface FaultRecovery {
  fault: string;
  what: string;
  downS: number;
  calls: number;
  /** 503/504 answers, refused connections and timeouts from the injection until recovery. */
  unavailable: number;
  /** Seconds from the injection until the success rate came back; undefined when it never did. */
  recoveredAfterS: number | undefined;
  ok: boolean;
  /** When the success rate was back (ms since the start), else when the next fault began. */
  overMs: number;
}

/** Success rate over a window that counts as recovered, and the window it is measured over. */
export const RECOVERED_RATE = 0.9;
const WINDOW_MS = 3_000;
/** Calls a window needs before its rate means anything. */
const MIN_CALLS = 5;
/** How long after a fault ended calls may still fail for it (in flight across the fault). */
export const FAULT_GRACE_MS = 5_000;

const succeeded = (c: CallRecord) => typeof c.outcome === 'number' && c.outcome < 500;

/**
 * Per fault: the calls from the injection until the next fault, and the first moment after the
 * fault ended from which RECOVERED_RATE of the calls in a 3 s window succeeded (4xx counts as an
 * answer). Recovery must come within `boundS` of the fault's end.
 */
export function faultRecoveries(
  calls: readonly CallRecord[],
  faults: readonly FaultWindow[],
  runEndMs: number,
  boundS: number,
): FaultRecovery[] {
  return faults.map((fault, i) => {
    const until = faults[i + 1]?.startedMs ?? runEndMs;
    const around = calls.filter((c) => c.atMs >= fault.startedMs && c.atMs < until);
    let recoveredMs: number | undefined;
    for (let t = fault.endedMs; t + WINDOW_MS <= until && recoveredMs === undefined; t += 250) {
      const window = around.filter((c) => c.atMs >= t && c.atMs < t + WINDOW_MS);
      if (window.length >= MIN_CALLS && window.filter(succeeded).length >= RECOVERED_RATE * window.length)
        recoveredMs = t;
    }
    const recoveredAfterS = recoveredMs === undefined ? undefined : (recoveredMs - fault.startedMs) / 1000;
    const end = recoveredMs ?? until;
    return {
      fault: fault.fault,
      what: fault.what,
      downS: (fault.endedMs - fault.startedMs) / 1000,
      calls: around.length,
      unavailable: around.filter((c) => c.atMs < end && !succeeded(c)).length,
      recoveredAfterS,
      ok: recoveredMs !== undefined && (recoveredMs - fault.endedMs) / 1000 <= boundS,
      overMs: end,
    };
  });
}

/**
 * Answers callers must never see: any 5xx but 503 and 504, anywhere; and apart from the calls in
 * flight during a fault or before the success rate was back after it (at least FAULT_GRACE_MS after
 * its end), no 503/504, refused connection or timeout either. Returns the offending calls.
 */
export function forbiddenAnswers(
  calls: readonly CallRecord[],
  faults: readonly FaultWindow[],
  recoveries: readonly FaultRecovery[],
) {
  const windows = faults.map((f, i) => ({
    from: f.startedMs,
    to: Math.max(f.endedMs + FAULT_GRACE_MS, recoveries[i]?.overMs ?? 0),
  }));
  const inFault = (c: CallRecord) => windows.some((w) => c.endMs >= w.from && c.atMs <= w.to);
  const serverError = (c: CallRecord) =>
    typeof c.outcome === 'number' && c.outcome >= 500 && c.outcome !== 503 && c.outcome !== 504;
  const serverErrors = calls.filter(serverError);
  const outsideFaults = calls.filter((c) => !succeeded(c) && !serverError(c) && !inFault(c));
  return { serverErrors, outsideFaults };
}

/** Per second of the run: the calls that started then, and how many of them failed (5xx, no answer). */
export function timeline(
  calls: readonly CallRecord[],
): Array<{ second: number; calls: number; failed: number }> {
  const seconds: Array<{ second: number; calls: number; failed: number }> = [];
  for (const c of calls) {
    const second = Math.floor(c.atMs / 1000);
    for (let s = seconds.length; s <= second; s++) seconds.push({ second: s, calls: 0, failed: 0 });
    seconds[second]!.calls++;
    if (!succeeded(c)) seconds[second]!.failed++;
  }
  return seconds;
}
