/** A PromQL query of a panel and the legend of its series (Grafana's `{{label}}` template). */
export interface Query {
  expr: string;
  legend: string;
}

/** Grafana unit ids used by the dashboards. */
export type Unit = 'reqps' | 'ops' | 'percentunit' | 's' | 'short' | 'bytes';

export interface PanelSpec {
  title: string;
  description: string;
  unit: Unit;
  queries: Query[];
  /** Stack the series (parts of one whole, e.g. answers by status). */
  stacked?: boolean;
}

export interface RowSpec {
  title: string;
  panels: PanelSpec[];
}

export interface DashboardSpec {
  /** File name (without .json) and Grafana uid suffix. */
  name: string;
  title: string;
  description: string;
  /** Services whose /metrics the queries read (dashboard tags; the stack-config tests scrape them). */
  services: string[];
  /** Scrape job whose instances the `$instance` variable offers; queries then filter on it. */
  instancesOf?: string;
  rows: RowSpec[];
}

/** The provisioned Prometheus datasource (grafana/provisioning/datasources). */
export const PROMETHEUS = { type: 'prometheus', uid: 'prometheus' } as const;

const PANEL_HEIGHT = 8;
const GRID_WIDTH = 24;

/** Grafana dashboard JSON (schema 39, Grafana 11) of a spec: one row per RowSpec, up to 3 panels a line. */
export function toGrafanaDashboard(spec: DashboardSpec): Record<string, unknown> {
  const panels: Record<string, unknown>[] = [];
  let y = 0;
  let id = 1;
  for (const row of spec.rows) {
    panels.push({
      id: id++,
      type: 'row',
      title: row.title,
      collapsed: false,
      gridPos: { x: 0, y, w: GRID_WIDTH, h: 1 },
      panels: [],
    });
    y += 1;
    const perLine = Math.min(3, row.panels.length);
    const width = GRID_WIDTH / perLine;
    row.panels.forEach((panel, index) => {
      const gridPos = {
        x: (index % perLine) * width,
        y: y + Math.floor(index / perLine) * PANEL_HEIGHT,
        w: width,
        h: PANEL_HEIGHT,
      };
      panels.push(timeseries(panel, id++, gridPos));
    });
    y += Math.ceil(row.panels.length / perLine) * PANEL_HEIGHT;
  }
  return {
    uid: `marketplace-${spec.name}`,
    title: spec.title,
    description: spec.description,
    tags: ['marketplace', ...spec.services],
    editable: true,
    graphTooltip: 1,
    refresh: '30s',
    schemaVersion: 39,
    version: 1,
    time: { from: 'now-1h', to: 'now' },
    timepicker: {},
    timezone: 'browser',
    annotations: { list: [] },
    links: [
      { title: 'Marketplace', type: 'dashboards', tags: ['marketplace'], asDropdown: true, keepTime: true },
      { title: 'Traces (Jaeger)', type: 'link', url: 'http://localhost:16686/search', targetBlank: true },
    ],
    templating: { list: spec.instancesOf ? [instanceVariable(spec.instancesOf)] : [] },
    panels,
  };
}

function timeseries(panel: PanelSpec, id: number, gridPos: Record<string, number>) {
  return {
    id,
    type: 'timeseries',
    title: panel.title,
    description: panel.description,
    datasource: PROMETHEUS,
    gridPos,
    fieldConfig: {
      defaults: {
        unit: panel.unit,
        min: 0,
        custom: {
          drawStyle: 'line',
          lineWidth: 1,
          fillOpacity: panel.stacked ? 30 : 10,
          showPoints: 'never',
          stacking: { mode: panel.stacked ? 'normal' : 'none', group: 'A' },
        },
      },
      overrides: [],
    },
    options: {
      legend: { showLegend: true, displayMode: 'list', placement: 'bottom', calcs: [] },
      tooltip: { mode: 'multi', sort: 'desc' },
    },
    targets: panel.queries.map((query, index) => ({
      refId: String.fromCharCode(65 + index),
      datasource: PROMETHEUS,
      editorMode: 'code',
      expr: query.expr,
      legendFormat: query.legend,
      range: true,
    })),
  };
}

/** `$instance`: the scrape targets of `job`, all selected by default (`.*`). */
function instanceVariable(job: string) {
  const query = `label_values(up{job="${job}"}, instance)`;
  return {
    name: 'instance',
    label: 'Instance',
    type: 'query',
    datasource: PROMETHEUS,
    definition: query,
    query: { query, refId: 'instances' },
    includeAll: true,
    multi: true,
    allValue: '.*',
    current: { selected: true, text: ['All'], value: ['$__all'] },
    refresh: 2,
    sort: 1,
  };
}
