import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type DashboardSpec, toGrafanaDashboard } from './grafana-json.ts';
import { grpcServiceDashboards } from './grpc-service-dashboards.ts';
import { httpAndConsumerDashboards } from './http-and-consumer-dashboards.ts';
import { kafkaOutboxDashboard, overviewDashboard } from './stack-dashboards.ts';

/** Folder Grafana's file provider loads (grafana/provisioning/dashboards/marketplace.yml). */
export const DASHBOARDS_DIR = new URL('../dashboards/', import.meta.url).pathname;

/** Every dashboard of the stack. */
export function dashboardSpecs(): DashboardSpec[] {
  return [
    overviewDashboard(),
    ...grpcServiceDashboards(),
    ...httpAndConsumerDashboards(),
    kafkaOutboxDashboard(),
  ];
}

/** File name -> JSON text of every dashboard, as committed under grafana/dashboards. */
export function dashboardFiles(): Map<string, string> {
  return new Map(
    dashboardSpecs().map((spec) => [
      `${spec.name}.json`,
      `${JSON.stringify(toGrafanaDashboard(spec), null, 2)}\n`,
    ]),
  );
}

/** Regenerates grafana/dashboards: `node --import tsx grafana/builder/dashboards.ts`. */
export function writeDashboards(dir = DASHBOARDS_DIR): string[] {
  mkdirSync(dir, { recursive: true });
  const files = dashboardFiles();
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
  return [...files.keys()];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`wrote ${writeDashboards().join(', ')} to ${DASHBOARDS_DIR}`);
}
