import type { LoadResult } from './bench.ts';

/** One figure of `make bench` beside the ceiling it is measured against and the goal it has. */
export interface SummaryRow {
  measure: string;
  value: string;
  ceiling: string;
  ratio: string;
  goal: string;
  /** 'yes' / 'no'; 'not run' when the bench's results are missing. */
  met: string;
}

/** The `results` of each bench's JSON (bench-results/<name>.json), by name; undefined when it did not run. */
export interface BenchResults {
  'loms-order-create'?: {
    runs: Array<{
      grpc: LoadResult;
      ceiling: LoadResult;
      /** CPU ms per order: the service, the bench as grpc-js client, the bench as the ceiling's pg client. */
      cpuMsPerOrder?: { service: number; grpcClient: number; ceiling: number };
    }>;
  };
  'loms-stocks-info'?: { results: Record<string, LoadResult[]> };
  'comments-list-by-sku'?: {
    runs: Array<{ case: string; clients: number; grpc: LoadResult; sql: LoadResult }>;
  };
  'cart-get'?: {
    runs: Array<{ name: string; concurrency: number; load: LoadResult }>;
    staleness?: { p50Ms: number; p99Ms: number };
  };
  'order-events'?: {
    backlog: number;
    relaySeconds: number;
    /** Events/s once LOMS has started and marked its first batch (the relay's own rate). */
    drainRate?: number;
    endToEnd: { p50Ms: number; p99Ms: number };
    ceiling: { p50Ms: number; p99Ms: number };
  };
}

const ms = (n: number) => `${n} ms`;
const ratio = (a: number, b: number) => (a / b).toFixed(2);
const yesNo = (ok: boolean) => (ok ? 'yes' : 'no');

function missing(measure: string, goal: string): SummaryRow {
  return { measure, value: '-', ceiling: '-', ratio: '-', goal, met: 'not run' };
}

function orderCreateRows(r: BenchResults['loms-order-create']): SummaryRow[] {
  return [8, 32].flatMap((clients) => {
    const measure = `LOMS OrderCreate, ${clients} clients: orders/s over gRPC / same transaction with pg`;
    const goal = clients === 8 ? 'ratio >= 0.7, p99 <= 25 ms' : 'ratio >= 0.7';
    const run = r?.runs.find((x) => x.grpc.concurrency === clients);
    if (!run) return [missing(measure, goal)];
    const { grpc, ceiling, cpuMsPerOrder: cpu } = run;
    const ok = grpc.perSecond / ceiling.perSecond >= 0.7 && (clients !== 8 || grpc.p99Ms <= 25);
    return [
      {
        measure,
        value: `${grpc.perSecond}/s, p99 ${ms(grpc.p99Ms)}${cpu ? `; CPU/order: service ${ms(cpu.service)} + client ${ms(cpu.grpcClient)}` : ''}`,
        ceiling: `${ceiling.perSecond}/s, p99 ${ms(ceiling.p99Ms)}${cpu ? `; CPU/order ${ms(cpu.ceiling)}` : ''}`,
        ratio: ratio(grpc.perSecond, ceiling.perSecond),
        goal,
        met: yesNo(ok),
      },
    ];
  });
}

const STOCKS_REST = 'LOMS, REST (HTTP/1.1)';
const STOCKS_BARE = 'bare connect-node, grpc-js (h2c, constant)';

function stocksInfoRows(r: BenchResults['loms-stocks-info']): SummaryRow[] {
  const oneClient = (path: string) => r?.results[path]?.find((x) => x.concurrency === 1);
  const rest = oneClient(STOCKS_REST);
  const bare = oneClient(STOCKS_BARE);
  return ['LOMS, grpc-js (h2c)', 'LOMS, Connect gRPC transport (h2c)'].map((path) => {
    const measure = `StocksInfo p50, 1 client: ${path} / REST`;
    const goal = 'no slower than REST';
    const grpc = oneClient(path);
    if (!grpc || !rest) return missing(measure, goal);
    return {
      measure,
      value: ms(grpc.p50Ms),
      ceiling: `REST ${ms(rest.p50Ms)}${bare ? `; bare server ${ms(bare.p50Ms)}` : ''}`,
      ratio: ratio(grpc.p50Ms, rest.p50Ms),
      goal,
      met: yesNo(grpc.p50Ms <= rest.p50Ms),
    };
  });
}

function commentsRow(r: BenchResults['comments-list-by-sku']): SummaryRow {
  const measure = 'CommentListBySKU first page of 100, 1 client, p50: gRPC / its SQL';
  const goal = 'ratio <= 2';
  const run = r?.runs.find((x) => x.case === 'first page of 100' && x.clients === 1);
  if (!run) return missing(measure, goal);
  return {
    measure,
    value: ms(run.grpc.p50Ms),
    ceiling: ms(run.sql.p50Ms),
    ratio: ratio(run.grpc.p50Ms, run.sql.p50Ms),
    goal,
    met: yesNo(run.grpc.p50Ms <= 2 * run.sql.p50Ms),
  };
}

function cartRows(r: BenchResults['cart-get']): SummaryRow[] {
  const measure = 'Cart GET of a 20-item cart, warm cache, 8 clients';
  const goal = '>= 500 GET/s, p99 <= 15 ms';
  const run = r?.runs.find((x) => x.name === 'cached (warm)' && x.concurrency === 8);
  const batched = r?.runs.find((x) => x.name === 'batched' && x.concurrency === 8);
  const stalenessMeasure = 'Cart: a price change visible (PATCH, then GET), p99';
  return [
    run
      ? {
          measure,
          value: `${run.load.perSecond}/s, p99 ${ms(run.load.p99Ms)}`,
          ceiling: batched ? `uncached ${batched.load.perSecond}/s` : '-',
          ratio: '-',
          goal,
          met: yesNo(run.load.perSecond >= 500 && run.load.p99Ms <= 15),
        }
      : missing(measure, goal),
    r?.staleness
      ? {
          measure: stalenessMeasure,
          value: `${ms(r.staleness.p99Ms)} (p50 ${ms(r.staleness.p50Ms)})`,
          ceiling: '-',
          ratio: '-',
          goal: '<= 1000 ms',
          met: yesNo(r.staleness.p99Ms <= 1000),
        }
      : missing(stalenessMeasure, '<= 1000 ms'),
  ];
}

function eventRows(r: BenchResults['order-events']): SummaryRow[] {
  const relay = 'Outbox relay throughput';
  // The relay's rate is the drain once LOMS runs; the whole backlog's time also counts LOMS's start.
  const withStart = r && Math.round(r.backlog / r.relaySeconds);
  const rate = r?.drainRate ?? withStart;
  const rows: SummaryRow[] = [
    r && rate !== undefined
      ? {
          measure: relay,
          value: `${rate} events/s${r.drainRate !== undefined ? ` (${withStart}/s counting LOMS's start)` : ''}`,
          ceiling: '-',
          ratio: '-',
          goal: '>= 10,000 events/s',
          met: yesNo(rate >= 10_000),
        }
      : missing(relay, '>= 10,000 events/s'),
  ];
  for (const q of ['p50Ms', 'p99Ms'] as const) {
    const measure = `Commit -> notifier ${q.slice(0, 3)}: vs raw kafkajs produce -> consume`;
    if (!r) {
      rows.push(missing(measure, 'ratio <= 3'));
      continue;
    }
    rows.push({
      measure,
      value: ms(r.endToEnd[q]),
      ceiling: ms(r.ceiling[q]),
      ratio: ratio(r.endToEnd[q], r.ceiling[q]),
      goal: 'ratio <= 3',
      met: yesNo(r.endToEnd[q] <= 3 * r.ceiling[q]),
    });
  }
  return rows;
}

/** Every figure with a goal, from the benches' results of one `make bench`. */
export function summarizeBenches(results: BenchResults): SummaryRow[] {
  return [
    ...orderCreateRows(results['loms-order-create']),
    ...stocksInfoRows(results['loms-stocks-info']),
    commentsRow(results['comments-list-by-sku']),
    ...cartRows(results['cart-get']),
    ...eventRows(results['order-events']),
  ];
}

/**
 * The section of the README (Markdown) under the heading `title`, down to the next heading of its
 * level or above; undefined when there is none.
 */
export function readmeSection(readme: string, title: string): string | undefined {
  const lines = readme.split('\n');
  const start = lines.findIndex((line) => /^#+ /.test(line) && line.replace(/^#+ /, '') === title);
  if (start < 0) return undefined;
  const level = lines[start]!.indexOf(' ');
  const after = lines.slice(start + 1);
  const end = after.findIndex((line) => /^#+ /.test(line) && line.indexOf(' ') <= level);
  return lines
    .slice(start, start + 1 + (end < 0 ? after.length : end))
    .join('\n')
    .trim();
}

/**
 * The rows as a Markdown table under a heading that says when they were measured, then `limits`:
 * what limits each figure and what would close a goal not met (the README's section of that name).
 */
export function summaryMarkdown(rows: readonly SummaryRow[], measuredAt: string, limits?: string): string {
  const header: Array<keyof SummaryRow> = ['measure', 'value', 'ceiling', 'ratio', 'goal', 'met'];
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    `# make bench, ${measuredAt}`,
    '',
    line(header),
    line(header.map(() => '---')),
    ...rows.map((row) => line(header.map((k) => row[k]))),
    '',
    `Goals met: ${rows.filter((r) => r.met === 'yes').length} of ${rows.length}.`,
    '',
    ...(limits ? [limits.replace(/^#+ /, '## '), ''] : []),
  ].join('\n');
}
