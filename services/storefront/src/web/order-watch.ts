/** Statuses after which an order never changes again. */
export const FINAL_ORDER_STATUSES: ReadonlySet<string> = new Set(['paid', 'cancelled', 'failed']);

export interface OrderWatchOptions {
  /** Reads the order's current status. */
  load(): Promise<string>;
  onStatus(status: string): void;
  /** A failed read; the watch keeps polling (the service may come back). */
  onError(err: unknown): void;
  intervalMs?: number;
}

export interface OrderWatch {
  /** Reads the status now instead of at the next tick (after Pay or Cancel). */
  refresh(): void;
  stop(): void;
}

/**
 * Polls an order's status every `intervalMs` (default 1 s) until it is final (paid, cancelled,
 * failed) or the watch is stopped. Reads never overlap: the next one is scheduled after the last.
 */
export function watchOrder(options: OrderWatchOptions): OrderWatch {
  const intervalMs = options.intervalMs ?? 1_000;
  let stopped = false;
  let reading = false;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    timer = undefined;
    if (stopped) return;
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      const status = await options.load();
      if (stopped) return;
      options.onStatus(status);
      if (FINAL_ORDER_STATUSES.has(status)) stopped = true;
    } catch (err) {
      if (!stopped) options.onError(err);
    } finally {
      reading = false;
    }
    if (stopped) return;
    if (again) {
      again = false;
      void tick();
    } else {
      timer = setTimeout(tick, intervalMs);
    }
  };
  void tick();
  return {
    refresh() {
      if (timer) clearTimeout(timer);
      void tick();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
