import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dashboardFiles } from '../../../../grafana/builder/dashboards.ts';
import { missingMetricNames } from '../../src/exposed-metrics.ts';
import { environmentOf, loadCompose } from './support/compose.ts';
import { committedDashboards, metricNamesOf, servicesOf } from './support/dashboards.ts';
import { readRepoFile, serviceFolders } from './support/repo.ts';
import { isDefaultProcessMetric, PROMETHEUS_SERIES, registeredMetrics } from './support/service-sources.ts';

const dashboards = committedDashboards();
const datasources: { name: string; uid: string; type: string; url: string; isDefault?: boolean }[] = parse(
  readRepoFile('grafana/provisioning/datasources/datasources.yml'),
).datasources;
const grafana = loadCompose().services.grafana!;
/** Container path -> repository path of grafana's bind mounts. */
const mounts = new Map(
  (grafana.volumes ?? []).map((volume) => {
    const [source = '', target = ''] = String(volume).split(':');
    return [target, source.replace(/^\.\//, '')];
  }),
);

describe('grafana/', () => {
  it('commits exactly what grafana/builder generates (regenerate: node --import tsx grafana/builder/dashboards.ts)', () => {
    const generated = dashboardFiles();
    expect([...dashboards.keys()]).toEqual([...generated.keys()].sort());
    for (const [file, text] of generated) expect(readRepoFile(`grafana/dashboards/${file}`), file).toBe(text);
  });

  it('gives every service under services/ a dashboard of its own', () => {
    const own = [...dashboards.values()].map(servicesOf).filter((services) => services.length === 1);
    expect(own.flat().sort()).toEqual(serviceFolders());
  });

  it('has unique uids, tags naming existing services and panels that do not overlap', () => {
    const uids = [...dashboards.values()].map((d) => d.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const [file, dashboard] of dashboards) {
      for (const service of servicesOf(dashboard)) expect(serviceFolders(), file).toContain(service);
      const cells = new Set<string>();
      for (const { gridPos: g, title } of dashboard.panels)
        for (let x = g.x; x < g.x + g.w; x++)
          for (let y = g.y; y < g.y + g.h; y++) {
            expect(cells.has(`${x},${y}`), `${file}: "${title}" overlaps another panel`).toBe(false);
            cells.add(`${x},${y}`);
          }
    }
  });

  it('queries only provisioned datasources', () => {
    const uids = new Set(datasources.map((d) => d.uid));
    for (const [file, dashboard] of dashboards)
      for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
        expect(uids, `${file}: ${panel.title}`).toContain(panel.datasource?.uid);
        for (const target of panel.targets ?? [])
          expect(uids, `${file}: ${panel.title}`).toContain(target.datasource?.uid);
      }
  });

  it('provisions Prometheus, the default, and Jaeger at their compose service addresses', () => {
    expect(datasources.map(({ name, type, url }) => ({ name, type, url }))).toEqual([
      { name: 'Prometheus', type: 'prometheus', url: 'http://prometheus:9090' },
      { name: 'Jaeger', type: 'jaeger', url: 'http://jaeger:16686' },
    ]);
    expect(datasources.filter((d) => d.isDefault).map((d) => d.name)).toEqual(['Prometheus']);
  });

  it('loads the dashboards from where compose mounts grafana/dashboards, the overview as home', () => {
    expect(mounts.get('/etc/grafana/provisioning')).toBe('grafana/provisioning');
    const provider = parse(readRepoFile('grafana/provisioning/dashboards/marketplace.yml')).providers[0];
    expect(mounts.get(provider.options.path)).toBe('grafana/dashboards');
    const home = environmentOf(grafana).GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH;
    expect(home).toBe(`${provider.options.path}/overview.json`);
    expect(dashboards.has('overview.json')).toBe(true);
  });

  it('queries only metrics registered in the sources, prom-client defaults and Prometheus series', () => {
    const registered = registeredMetrics();
    for (const [file, dashboard] of dashboards) {
      const used = metricNamesOf(dashboard).filter(
        (n) => !PROMETHEUS_SERIES.has(n) && !isDefaultProcessMetric(n),
      );
      expect(used.length, file).toBeGreaterThan(0);
      expect(missingMetricNames(used, registered), file).toEqual([]);
    }
  });
});
