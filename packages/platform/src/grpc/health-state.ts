import { currentReadiness, type Readiness } from '../lifecycle.ts';

/** What a service reports through grpc.health.v1.Health. */
export type ServingStatus = 'SERVING' | 'NOT_SERVING';

/**
 * Called synchronously with a service's new status, only for real changes; it must not throw,
 * or the listeners after it miss the change.
 */
export type HealthListener = (service: string, status: ServingStatus) => void;

/**
 * The serving status of each service of one server, by fully-qualified service name;
 * the empty name `""` stands for the server as a whole, as the gRPC health protocol says.
 */
export interface HealthState {
  /**
   * Sets the status of `service`, making the name known if it was not; while the readiness the
   * state follows is not ready, the service still reports NOT_SERVING.
   * Ignored after `shutdown()`, so a late readiness probe cannot undo the drain.
   */
  set(service: string, status: ServingStatus): void;
  /** The status `service` reports, or `undefined` when the name is unknown. */
  get(service: string): ServingStatus | undefined;
  /** A snapshot of every known service and the status it reports. */
  list(): ReadonlyMap<string, ServingStatus>;
  /** Subscribes to status changes; returns the function that unsubscribes. */
  onChange(listener: HealthListener): () => void;
  /**
   * Marks every known service NOT_SERVING for good: call it first when the server stops,
   * so that load balancers and watchers drain traffic before connections close.
   */
  shutdown(): void;
}

/**
 * Creates the health state of one server. It follows `readiness`: every service reports
 * NOT_SERVING while the readiness is not ready (a failing probe, e.g. the database is down), and for
 * good once its shutdown began, so gRPC health and `/readyz` always agree.
 *
 * @param serviceNames fully-qualified names of the services to report; `""` (the whole server)
 *   is always added.
 * @param initial the status every name starts with; defaults to `'SERVING'`.
 * @param readiness what to follow; defaults to the readiness of the service being started by
 *   `runService` (none outside it: the state then changes only through `set` and `shutdown`).
 */
export function createHealthState(
  serviceNames: string[],
  initial: ServingStatus = 'SERVING',
  readiness: Readiness | undefined = currentReadiness(),
): HealthState {
  // What `set` said for each service; a service reports it only while the readiness is ready.
  const statuses = new Map<string, ServingStatus>([['', initial]]);
  for (const name of serviceNames) statuses.set(name, initial);
  const listeners = new Set<HealthListener>();
  let shutDown = false;
  let ready = readiness?.isReady() ?? true;

  const reported = (status: ServingStatus): ServingStatus => (ready && !shutDown ? status : 'NOT_SERVING');
  const notify = (service: string, status: ServingStatus) => {
    for (const listener of [...listeners]) listener(service, status);
  };
  /** Applies a change of state, telling listeners of each service whose reported status changed. */
  const change = (apply: () => void) => {
    const before = new Map([...statuses].map(([name, status]) => [name, reported(status)]));
    apply();
    for (const [name, status] of statuses) {
      if (before.get(name) !== reported(status)) notify(name, reported(status));
    }
  };

  const state: HealthState = {
    set(service, status) {
      if (shutDown) return;
      if (!statuses.has(service)) {
        statuses.set(service, status);
        notify(service, reported(status));
        return;
      }
      change(() => statuses.set(service, status));
    },
    get: (service) => {
      const status = statuses.get(service);
      return status && reported(status);
    },
    list: () => new Map([...statuses].map(([name, status]) => [name, reported(status)])),
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    shutdown() {
      if (shutDown) return;
      change(() => {
        shutDown = true;
      });
    },
  };
  readiness?.onChange((next) => {
    if (readiness.isShuttingDown()) state.shutdown();
    else change(() => (ready = next));
  });
  if (readiness?.isShuttingDown()) state.shutdown();
  return state;
}
