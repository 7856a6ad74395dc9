import type { StackProcess } from './stack-plan.ts';

/** How often the native stack's Prometheus scrapes and evaluates its rules. */
export const NATIVE_SCRAPE_INTERVAL = '5s';

/**
 * Prometheus's configuration for the processes of `plan`: one job per service (the notifier's
 * replicas are the instances of one job), Prometheus itself on `prometheusPort`, and the alert
 * rules of `rulesFile`. Prometheus reads YAML, of which this JSON is a part.
 */
export function prometheusConfig(
  plan: readonly StackProcess[],
  prometheusPort: number,
  rulesFile: string,
): string {
  const jobs = new Map<string, string[]>();
  for (const p of plan) jobs.set(p.service, [...(jobs.get(p.service) ?? []), `127.0.0.1:${p.httpPort}`]);
  jobs.set('prometheus', [`127.0.0.1:${prometheusPort}`]);
  const config = {
    global: { scrape_interval: NATIVE_SCRAPE_INTERVAL, evaluation_interval: NATIVE_SCRAPE_INTERVAL },
    rule_files: [rulesFile],
    scrape_configs: [...jobs].map(([job, targets]) => ({
      job_name: job,
      static_configs: [{ targets }],
    })),
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
