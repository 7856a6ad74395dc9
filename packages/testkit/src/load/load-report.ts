import { quantile } from '../bench.ts';

/** Latencies and outcomes per route, kept while a load runs. */
export function createLoadReport() {
  const routes = new Map<string, { latencies: number[]; errors: Map<string, number> }>();
  const routeOf = (name: string) => {
    let route = routes.get(name);
    if (!route) {
      route = { latencies: [], errors: new Map() };
      routes.set(name, route);
    }
    return route;
  };
  let requests = 0;
  let errors = 0;
  return {
    get requests() {
      return requests;
    },
    get errors() {
      return errors;
    },
    record(route: string, ms: number, error?: string) {
      requests++;
      const entry = routeOf(route);
      if (error) {
        errors++;
        entry.errors.set(error, (entry.errors.get(error) ?? 0) + 1);
      } else entry.latencies.push(ms);
    },
    /** One row per route: requests, errors by kind, latency quantiles of the successful ones. */
    rows() {
      return [...routes].map(([route, { latencies, errors: byKind }]) => {
        const sorted = [...latencies].sort((a, b) => a - b);
        const failed = [...byKind.values()].reduce((a, b) => a + b, 0);
        return {
          route,
          requests: sorted.length + failed,
          errors: failed ? [...byKind].map(([kind, n]) => `${kind}:${n}`).join(' ') : '0',
          'p50 ms': quantile(sorted, 0.5).toFixed(1),
          'p95 ms': quantile(sorted, 0.95).toFixed(1),
          'p99 ms': quantile(sorted, 0.99).toFixed(1),
        };
      });
    },
  };
}

export type LoadReport = ReturnType<typeof createLoadReport>;

/** `[#####.....] 30/60 s  1234 requests  0 errors` on one terminal line. */
export function progressLine(elapsedS: number, totalS: number, report: LoadReport): string {
  const width = 30;
  const done = Math.min(width, Math.round((elapsedS / totalS) * width));
  return `[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${Math.floor(elapsedS)}/${totalS} s  ${report.requests} requests  ${report.errors} errors`;
}
