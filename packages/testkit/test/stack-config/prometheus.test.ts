import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SERVER_FAULT_CODES } from '../../../../grafana/builder/promql.ts';
import { missingMetricNames } from '../../src/exposed-metrics.ts';
import { metricNamesInPromQL } from '../../src/promql-metric-names.ts';
import { prometheusConfig } from '../../src/stack/prometheus-config.ts';
import { planStack } from '../../src/stack/stack-plan.ts';
import { builtFolder, loadCompose, oneShotJobs } from './support/compose.ts';
import { CONTRACT_PORTS } from './support/contract.ts';
import { readRepoFile, repoPath } from './support/repo.ts';
import { isDefaultProcessMetric, PROMETHEUS_SERIES, registeredMetrics } from './support/service-sources.ts';

const PROMTOOL_MISSING =
  'promtool is not on PATH: it checks the Prometheus configs and runs the alert unit tests. ' +
  'Install it with `apt-get install -y --no-install-recommends prometheus` (Debian) or from prometheus.io.';

/** Runs promtool in prometheus/; a missing promtool fails the test with how to install it. */
function promtool(...args: string[]) {
  const result = spawnSync('promtool', args, {
    cwd: repoPath('prometheus'),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT')
    throw new Error(PROMTOOL_MISSING);
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

interface ScrapeConfig {
  job_name: string;
  static_configs: { targets: string[] }[];
}
interface Rule {
  alert: string;
  expr: string;
}

const jobsIn = (text: string): Map<string, string[]> => {
  const configs: ScrapeConfig[] = parse(text).scrape_configs;
  return new Map(configs.map((c) => [c.job_name, c.static_configs.flatMap((s) => s.targets)]));
};
const jobsOf = (file: string) => jobsIn(readRepoFile(`prometheus/${file}`));
/** The configuration `make run-all` gives its Prometheus on 9090. */
const nativeConfig = () =>
  prometheusConfig(
    planStack('postgres://127.0.0.1:5432/postgres', []),
    9090,
    repoPath('prometheus/alerts.yml'),
  );
const rules: Rule[] = parse(readRepoFile('prometheus/alerts.yml')).groups.flatMap(
  (g: { rules: Rule[] }) => g.rules,
);

describe('prometheus/', () => {
  it('passes promtool check config, compose and native configs with the rules they load', () => {
    for (const file of ['prometheus.yml', 'prometheus.local.yml']) {
      const { status, output } = promtool('check', 'config', file);
      expect(status, output).toBe(0);
    }
  });

  it('passes the unit tests of the alert rules (promtool test rules)', () => {
    const { status, output } = promtool('test', 'rules', 'alerts.test.yml');
    expect(status, output).toBe(0);
  });

  it('has unit tests for every alert', () => {
    const tests = parse(readRepoFile('prometheus/alerts.test.yml')).tests as {
      alert_rule_test: { alertname: string }[];
    }[];
    const tested = new Set(tests.flatMap((t) => t.alert_rule_test.map((a) => a.alertname)));
    expect([...tested].sort()).toEqual(rules.map((r) => r.alert).sort());
  });

  it('scrapes every long-running service of the compose file on its HTTP port, a job per service', () => {
    const compose = loadCompose();
    const jobs = oneShotJobs(compose);
    const expected = new Map<string, string[]>([['prometheus', ['localhost:9090']]]);
    for (const [name, service] of Object.entries(compose.services)) {
      const folder = builtFolder(service);
      if (!folder || jobs.has(name)) continue;
      expected.set(folder, [...(expected.get(folder) ?? []), `${name}:${CONTRACT_PORTS[folder]!.http}`]);
    }
    expect(jobsOf('prometheus.yml')).toEqual(expected);
  });

  it('scrapes the same jobs on 127.0.0.1 and the contract ports for the native stack', () => {
    const compose = jobsOf('prometheus.yml');
    const local = jobsOf('prometheus.local.yml');
    expect([...local.keys()]).toEqual([...compose.keys()]);
    for (const [job, targets] of local) {
      const port = job === 'prometheus' ? 9090 : CONTRACT_PORTS[job]!.http;
      expect(targets[0], job).toBe(`127.0.0.1:${port}`);
      for (const target of targets) expect(target, job).toMatch(/^127\.0\.0\.1:\d+$/);
    }
  });

  it("makes run-all's Prometheus scrape what prometheus.local.yml lists, with a config promtool accepts", () => {
    expect(jobsIn(nativeConfig())).toEqual(jobsOf('prometheus.local.yml'));
    const dir = mkdtempSync(join(tmpdir(), 'prometheus-native-'));
    try {
      writeFileSync(join(dir, 'prometheus.yml'), nativeConfig());
      const { status, output } = promtool('check', 'config', join(dir, 'prometheus.yml'));
      expect(status, output).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts as RPC server faults the codes the dashboards show', () => {
    const errorRate = rules.find((r) => r.alert === 'HighRpcErrorRate')!;
    expect(errorRate.expr).toContain(`code=~"${SERVER_FAULT_CODES}"`);
  });

  it('alerts only on metrics the services register', () => {
    const used = rules
      .flatMap((r) => metricNamesInPromQL(r.expr))
      .filter((name) => !PROMETHEUS_SERIES.has(name) && !isDefaultProcessMetric(name));
    expect(used.length).toBeGreaterThan(5);
    expect(missingMetricNames(used, registeredMetrics())).toEqual([]);
  });
});
