import { readdirSync } from 'node:fs';
import { metricNamesInPromQL } from '../../../src/promql-metric-names.ts';
import { readRepoFile, repoPath } from './repo.ts';

/** The parts of a Grafana dashboard JSON the tests read. */
export interface Dashboard {
  uid: string;
  title: string;
  tags: string[];
  templating: { list: { name: string; definition?: string }[] };
  panels: {
    type: string;
    title: string;
    datasource?: { uid: string };
    gridPos: { x: number; y: number; w: number; h: number };
    targets?: { expr: string; datasource?: { uid: string } }[];
  }[];
}

/** grafana/dashboards/*.json by file name. */
export function committedDashboards(): Map<string, Dashboard> {
  const files = readdirSync(repoPath('grafana/dashboards')).filter((f) => f.endsWith('.json'));
  return new Map(files.sort().map((file) => [file, JSON.parse(readRepoFile(`grafana/dashboards/${file}`))]));
}

/** Services a dashboard shows: its tags but `marketplace`. */
export function servicesOf(dashboard: Dashboard): string[] {
  return dashboard.tags.filter((tag) => tag !== 'marketplace');
}

/**
 * The metric names a dashboard reads: from every panel query, and the metric of each
 * `label_values(metric{...}, label)` variable.
 */
export function metricNamesOf(dashboard: Dashboard): string[] {
  const fromPanels = dashboard.panels.flatMap((p) =>
    (p.targets ?? []).flatMap((t) => metricNamesInPromQL(t.expr)),
  );
  const fromVariables = dashboard.templating.list.flatMap((v) => {
    const metric = /^label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(v.definition ?? '')?.[1];
    return metric ? [metric] : [];
  });
  return [...new Set([...fromPanels, ...fromVariables])];
}
