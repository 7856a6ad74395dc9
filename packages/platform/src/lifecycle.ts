import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';

type Stop = () => Promise<void> | void;

/** Answers whether one dependency of the service works now (e.g. its database answers). */
export type ReadinessProbe = () => Promise<boolean>;

/**
 * Whether a service takes traffic: every probe passed at the last check and shutdown has not begun.
 * `/readyz` answers a fresh check; gRPC health follows the changes (see `createHealthState`).
 */
export interface Readiness {
  addProbe(probe: ReadinessProbe): void;
  /**
   * Runs every probe now (a probe that throws or outlasts the probe timeout fails) and answers
   * whether the service is ready; the answer of the latest check becomes the state. False from
   * shutdown on.
   */
  check(): Promise<boolean>;
  /** The state: the answer of the latest check, false from shutdown on. */
  isReady(): boolean;
  isShuttingDown(): boolean;
  /** Subscribes to changes of the state; returns the function that unsubscribes. */
  onChange(listener: (ready: boolean) => void): () => void;
  /** Not ready, for good and at once: the first step of a shutdown, before anything stops. */
  beginShutdown(): void;
  /** Checks every `intervalMs`, so watchers see a failing probe without anyone asking; returns the stop. */
  watch(intervalMs: number): () => void;
}

/** Creates the readiness of one service: ready until a check fails (default probe timeout 5s). */
export function createReadiness({ probeTimeoutMs = 5_000 } = {}): Readiness {
  const probes: ReadinessProbe[] = [];
  const listeners = new Set<(ready: boolean) => void>();
  let ready = true;
  let shuttingDown = false;
  let started = 0;
  let applied = 0;

  const update = (next: boolean) => {
    if (next === ready) return;
    ready = next;
    for (const listener of [...listeners]) listener(next);
  };
  const passes = async (probe: ReadinessProbe) => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), probeTimeoutMs);
    });
    try {
      return await Promise.race([probe().catch(() => false), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  };

  const readiness: Readiness = {
    addProbe(probe) {
      probes.push(probe);
    },
    async check() {
      if (shuttingDown) return false;
      const mine = ++started;
      const passed = (await Promise.all(probes.map(passes))).every(Boolean);
      // A slower, older check never overrides a newer one's answer.
      if (!shuttingDown && mine > applied) {
        applied = mine;
        update(passed);
      }
      return passed && !shuttingDown;
    },
    isReady: () => ready,
    isShuttingDown: () => shuttingDown,
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    beginShutdown() {
      shuttingDown = true;
      update(false);
    },
    watch(intervalMs) {
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        readiness.check().finally(() => {
          running = false;
        });
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
  return readiness;
}

const current = new AsyncLocalStorage<Readiness>();

/**
 * Runs `start` with `readiness` as the readiness of the service it starts: the ops endpoints and
 * health states created inside join it (see `readinessCheck`, `createHealthState`).
 */
export function runWithReadiness<T>(readiness: Readiness, start: () => T): T {
  return current.run(readiness, start);
}

/** The readiness of the service being started, when it is started by `runWithReadiness`. */
export function currentReadiness(): Readiness | undefined {
  return current.getStore();
}

/**
 * Adds `probe` to the readiness of the service being started and returns what its `/readyz`
 * answers: a fresh check of every probe, false once shutdown began. Outside `runWithReadiness`
 * (a test starting a server by itself), it returns `probe` unchanged.
 */
export function readinessCheck(probe: ReadinessProbe): () => Promise<boolean> {
  const readiness = currentReadiness();
  if (!readiness) return probe;
  readiness.addProbe(probe);
  return () => readiness.check();
}

export interface LifecycleOptions {
  /** How long a stop may take once it starts before the process exits with 1 (default 15s). */
  timeoutMs?: number;
  /**
   * How long the service stays up, not ready, before anything stops (default 0): load balancers
   * and gRPC clients watching health see it leave and stop sending new work meanwhile.
   */
  drainMs?: number;
  /** Made not ready as the first step of shutdown. */
  readiness?: Readiness;
}

/**
 * Owns a process's shutdown: on SIGTERM/SIGINT the service becomes not ready, stays up for the
 * drain period, then its parts stop in reverse start order. A second signal cuts the drain short;
 * a stop that hangs past `timeoutMs` ends the process with exit code 1.
 */
export function createLifecycle(log: Logger, options: LifecycleOptions = {}) {
  const { timeoutMs = 15_000, drainMs = 0, readiness } = options;
  const stops: Array<{ name: string; stop: Stop }> = [];
  const drainCut = new AbortController();
  let stopping: Promise<void> | undefined;
  let shuttingDown: Promise<void> | undefined;

  const stopAll = () => {
    stopping ??= (async () => {
      for (const { name, stop } of stops.reverse()) {
        try {
          await stop();
          log.debug({ part: name }, 'stopped');
        } catch (err) {
          log.error({ err, part: name }, 'stop failed');
        }
      }
    })();
    return stopping;
  };

  /** Not ready at once, the drain period, then every part stopped; the same promise on every call. */
  const shutdown = () => {
    shuttingDown ??= (async () => {
      readiness?.beginShutdown();
      if (drainMs > 0 && !drainCut.signal.aborted) {
        log.info({ drainMs }, 'not ready; draining before stopping');
        await waitOrAbort(drainMs, drainCut.signal);
      }
      await stopAll();
    })();
    return shuttingDown;
  };

  return {
    /** Registers a part to stop on shutdown, after everything registered later. */
    add(name: string, stop: Stop): void {
      stops.push({ name, stop });
    },
    stopAll,
    shutdown,
    /** Ends the drain period now (the next step, stopping, begins). */
    cutDrain(): void {
      drainCut.abort();
    },
    /** Installs the signal handlers; the process exits 0 after a clean stop. */
    handleSignals(): void {
      const onSignal = (signal: NodeJS.Signals) => {
        if (shuttingDown) {
          log.info({ signal }, 'second signal: stopping without waiting for the drain');
          drainCut.abort();
          return;
        }
        log.info({ signal, drainMs }, 'shutting down');
        setTimeout(() => {
          log.error('shutdown timed out');
          process.exit(1);
        }, drainMs + timeoutMs).unref();
        shutdown().then(() => process.exit(0));
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
    },
  };
}

export type Lifecycle = ReturnType<typeof createLifecycle>;

function waitOrAbort(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
