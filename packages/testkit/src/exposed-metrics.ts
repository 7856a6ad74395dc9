/** Metric families of a Prometheus text exposition: name -> type (`counter`, `histogram`, ...). */
export type ExposedMetrics = Map<string, string>;

const SERIES_SUFFIXES: Record<string, string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['_sum', '_count'],
};

/**
 * The metric families a /metrics answer declares (`# TYPE name type`), so a labelled metric that
 * has no sample yet still counts; samples without a TYPE line count as `untyped`.
 */
export function parseExposedMetrics(text: string): ExposedMetrics {
  const metrics: ExposedMetrics = new Map();
  for (const line of text.split('\n')) {
    const typed = /^# TYPE (\S+) (\S+)/.exec(line);
    if (typed) metrics.set(typed[1]!, typed[2]!);
  }
  for (const line of text.split('\n')) {
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)[\s{]/.exec(line);
    if (sample && !isSeriesOfFamily(sample[1]!, metrics)) metrics.set(sample[1]!, 'untyped');
  }
  return metrics;
}

/** Fetches every URL's /metrics (3 s deadline each) and merges their families. */
export async function scrapeMetrics(urls: readonly string[]): Promise<ExposedMetrics> {
  const merged: ExposedMetrics = new Map();
  for (const url of urls) {
    const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
    for (const [name, type] of parseExposedMetrics(await response.text())) merged.set(name, type);
  }
  return merged;
}

/**
 * The names in `used` that no exposed family provides; `x_bucket`, `x_sum` and `x_count` are
 * provided by a histogram `x` (the last two by a summary too).
 */
export function missingMetricNames(used: Iterable<string>, exposed: ExposedMetrics): string[] {
  return [...new Set(used)].filter((name) => !isSeriesOfFamily(name, exposed)).sort();
}

function isSeriesOfFamily(name: string, families: ExposedMetrics): boolean {
  if (families.has(name)) return true;
  return Object.entries(SERIES_SUFFIXES).some(([type, suffixes]) =>
    suffixes.some((suffix) => name.endsWith(suffix) && families.get(name.slice(0, -suffix.length)) === type),
  );
}

/**
 * The value of the first sample of `name` in a Prometheus text exposition whose labels include
 * `labels` (other labels, like the registry's default `app`, are ignored), or undefined.
 */
export function sampleValue(
  metricsText: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of metricsText.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = new Map([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => present.get(k) === v)) return Number(match[3]);
  }
  return undefined;
}
