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
   * Sets the status of `service`, making the name known if it was not.
   * Ignored after `shutdown()`, so a late readiness probe cannot undo the drain.
   */
  set(service: string, status: ServingStatus): void;
  /** The status of `service`, or `undefined` when the name is unknown. */
  get(service: string): ServingStatus | undefined;
  /** A snapshot of every known service and its status. */
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
 * Creates the health state of one server.
 *
 * @param serviceNames fully-qualified names of the services to report; `""` (the whole server)
 *   is always added.
 * @param initial the status every name starts with; defaults to `'SERVING'`.
 */
export function createHealthState(serviceNames: string[], initial: ServingStatus = 'SERVING'): HealthState {
  const statuses = new Map<string, ServingStatus>([['', initial]]);
  for (const name of serviceNames) statuses.set(name, initial);
  const listeners = new Set<HealthListener>();
  let shutDown = false;

  function update(service: string, status: ServingStatus): void {
    if (statuses.get(service) === status) return;
    statuses.set(service, status);
    for (const listener of [...listeners]) listener(service, status);
  }

  return {
    set(service, status) {
      if (!shutDown) update(service, status);
    },
    get: (service) => statuses.get(service),
    list: () => new Map(statuses),
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    shutdown() {
      shutDown = true;
      for (const service of [...statuses.keys()]) update(service, 'NOT_SERVING');
    },
  };
}
