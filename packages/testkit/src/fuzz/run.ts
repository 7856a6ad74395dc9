import { readFileSync } from 'node:fs';
import {
  buildCase,
  type FuzzCase,
  type GenContext,
  generateCase,
  KINDS,
  type Kind,
  kindApplies,
  type Target,
} from './cases.ts';
import { judge, type Verdict } from './classify.ts';
import { type FuzzService, type FuzzServiceName, startFuzzStack } from './fuzz-stack.ts';
import { floodStreams, H2Pool, sendH2, sendRawH2, withOwnSession } from './h2-client.ts';
import { type Answer, sendRawHttp1 } from './http1-raw.ts';
import { compressionBombs, preview } from './payloads.ts';
import { Rng } from './prng.ts';
import { RssMonitor } from './rss.ts';
import { checkServices, type ServiceCheck } from './verify.ts';

export interface FuzzOptions {
  seed: number;
  /** Generated requests after the warm-up (a flood's streams each count). */
  requests: number;
  /** Generated requests sent in the warm-up, after one of each kind per port. */
  warmupMix: number;
  /** Cases in flight at once. */
  concurrency: number;
  /** Most RSS a service may gain over its post-warm-up baseline. */
  rssLimitBytes: number;
  /** How long the client waits for any answer. */
  clientTimeoutMs: number;
  /** READ_TIMEOUT, REQUEST_TIMEOUT and HEADERS_TIMEOUT of the services: how long a request may take to arrive. */
  requestTimeout: string;
  /** RATE_LIMIT_PER_IP (and products' per-key limit) of the services: raised so limits do not hide behaviour. */
  rateLimitPerIp: number;
  storefront: boolean;
  notifier: boolean;
  /** Where the services' logs go. */
  logDir: string;
  /** Only these cases (replaying a failure); no warm-up. */
  onlyCases?: number[];
  /** Only these ports (`loms/http`, `comments/grpc`, ...), to narrow a finding down; all when absent. */
  ports?: string[];
  /** Only these kinds of request (to narrow a finding down); all kinds when absent. */
  kinds?: Kind[];
  /** Progress lines on stderr. */
  progress?: boolean;
}

/** Warm-up cases at or below this number are generated like the run's own. */
const MIX_INDEX_BASE = -100_001;

export interface PortStats {
  target: string;
  port: number;
  requests: number;
  answers: Record<string, number>;
  failures: number;
  unavailable: number;
  /** 501 answers that are the protocol's Unimplemented error (see Verdict.unimplemented). */
  unimplemented: number;
  rateLimited: number;
  resets: number;
  timeouts: number;
  otherNoAnswer: number;
  slowBodies: number;
  /** Slow bodies the server did not cut off before the client gave up. */
  slowNotCutOff: number;
  slowCutOffMsMax: number;
  byKind: Partial<Record<Kind, number>>;
  /** Up to two cases per answer key (`#index kind transport what`), to reproduce any line of the table. */
  examples: Record<string, string[]>;
}

export interface ServiceStats {
  service: FuzzServiceName;
  pid: number;
  baselineBytes: number;
  peakBytes: number;
  growthBytes: number;
  exited?: { code: number | null; signal: string | null };
  /** RSS at the end, after the closing checks. */
  rssAfterBytes: number;
  /** V8 heap in use and allocated (the service's /metrics), at the baseline and at the end: a leak keeps `used` up. */
  heapBefore?: HeapStats;
  heapAfter?: HeapStats;
  /** RSS over the run, one point a second: [seconds since the stack started, MiB]. */
  timeline: Array<[number, number]>;
  /** Error-level log lines of the service (deduplicated), with counts. */
  loggedErrors: Array<{ count: number; text: string }>;
}

export interface Failure {
  invariant: '5xx' | 'exit' | 'rss' | 'final-check';
  service: FuzzServiceName;
  message: string;
  target?: string;
  port?: number;
  caseIndex?: number;
  kind?: Kind;
  transport?: string;
  what?: string;
  request?: string;
  answer?: string;
  replay?: string;
}

export interface FuzzReport {
  ok: boolean;
  seed: number;
  requests: number;
  warmupRequests: number;
  cases: number;
  durationSeconds: number;
  settings: Record<string, string | number | boolean>;
  ports: PortStats[];
  services: ServiceStats[];
  checks: ServiceCheck[];
  failures: Failure[];
  /** Findings that break no invariant: slow bodies not cut off, hangs. */
  warnings: string[];
}

/**
 * The hostile-input suite: starts the stack, sends a warm-up of every kind to every port, takes each
 * service's RSS baseline, sends `requests` generated hostile requests (and some valid ones), then
 * checks the invariants: no 5xx (nor gRPC INTERNAL/UNKNOWN/DATA_LOSS), no exited service, RSS growth
 * within the limit, and correct answers to valid requests afterwards.
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  compressionBombs();
  const env: Record<string, string> = {
    // The platform's name for the time a whole request may take to arrive, and its older name.
    READ_TIMEOUT: options.requestTimeout,
    REQUEST_TIMEOUT: options.requestTimeout,
    HEADERS_TIMEOUT: options.requestTimeout,
    RATE_LIMIT_PER_IP: String(options.rateLimitPerIp),
    RATE_LIMIT_PER_IP_GRPC: String(options.rateLimitPerIp),
    RATE_LIMIT_RPS: String(Math.min(options.rateLimitPerIp, 1_000_000)),
  };
  const stack = await startFuzzStack({
    env,
    serviceEnv: {
      cart: {
        HTTP_READ_TIMEOUT: options.requestTimeout,
        HTTP_HEADERS_TIMEOUT: options.requestTimeout,
        PRODUCTS_RATE_LIMIT: '10000',
        PRODUCTS_RATE_BURST: '10000',
      },
    },
    storefront: options.storefront,
    notifier: options.notifier,
    logDir: options.logDir,
  });
  const pools = new Map<string, H2Pool>();
  try {
    const targets = targetsOf(stack.services).filter((t) => !options.ports || options.ports.includes(t.id));
    if (targets.length === 0)
      throw new Error(`FUZZ_PORTS: none of ${options.ports?.join(', ')} is a port of this stack`);
    for (const t of targets) if (t.listener === 'grpc') pools.set(t.id, new H2Pool(t.port));
    const ctx: GenContext = { hints: { skus: seedSkus() }, apiKey: stack.productsApiKey };
    const monitor = new RssMonitor(stack.services.map((s) => s.pid));
    const state = new RunState(targets, stack.services, options);

    const execute = (c: FuzzCase) => runCase(c, pools, options.clientTimeoutMs);
    const onlyKinds = options.kinds ? new Set(options.kinds) : undefined;
    let warmupRequests = 0;
    if (!options.onlyCases) {
      const warmup = warmupCases(options.seed, targets, ctx, onlyKinds);
      // Then generated traffic like the run's own (case numbers from -100001 down), so heaps have
      // grown to their working size under this load before the baseline is taken.
      let mixed = 0;
      for (let i = 0; mixed < options.warmupMix; i++) {
        const c = generateCase(options.seed, MIX_INDEX_BASE - i, targets, ctx, onlyKinds);
        mixed += c.count;
        warmup.push(c);
      }
      warmupRequests = warmup.reduce((sum, c) => sum + c.count, 0);
      await pool(options.concurrency, warmup, async (c) =>
        state.record(c, await state.track(c, monitor, () => execute(c))),
      );
      await sleep(1500);
    }
    const baselineAt = monitor.now();
    const baseline = new Map(stack.services.map((s) => [s.pid, monitor.current(s.pid) ?? 0]));
    const heapBefore = new Map(
      await Promise.all(stack.services.map(async (s) => [s.pid, await scrapeHeap(s.httpPort)] as const)),
    );

    let sent = 0;
    let index = 0;
    const progress = options.progress
      ? setInterval(
          () =>
            process.stderr.write(
              `fuzz: ${sent}/${options.requests} requests, ${state.failureCount} failing\n`,
            ),
          5000,
        )
      : undefined;
    const warmupList = options.onlyCases?.some((i) => i < 0 && i > MIX_INDEX_BASE)
      ? warmupCases(options.seed, targets, ctx, onlyKinds)
      : [];
    const replays = (options.onlyCases ?? []).map((i) =>
      i < 0 && i > MIX_INDEX_BASE
        ? warmupList.find((c) => c.index === i)
        : generateCase(options.seed, i, targets, ctx, onlyKinds),
    );
    for (const [n, c] of replays.entries())
      if (!c)
        state.warnings.push(`case #${options.onlyCases![n]} is not a case of this run's warm-up; skipped`);
    const next = (): FuzzCase | undefined => {
      if (options.onlyCases) {
        while (index < replays.length) {
          const c = replays[index++];
          if (c) return c;
        }
        return undefined;
      }
      if (sent >= options.requests) return undefined;
      const c = generateCase(options.seed, index++, targets, ctx, onlyKinds);
      sent += c.count;
      return c;
    };
    await poolFrom(options.concurrency, next, async (c) =>
      state.record(c, await state.track(c, monitor, () => execute(c))),
    );
    clearInterval(progress);
    await sleep(1000);

    const checks = await checkServices(stack.services, stack.productsApiKey, new Rng(options.seed));
    await sleep(500);
    monitor.stop();
    const heapAfter = new Map(
      await Promise.all(stack.services.map(async (s) => [s.pid, await scrapeHeap(s.httpPort)] as const)),
    );

    const services: ServiceStats[] = stack.services.map((s) => {
      const base = baseline.get(s.pid) ?? 0;
      const peak = monitor.peak(s.pid, baselineAt)?.bytes ?? base;
      return {
        service: s.name,
        pid: s.pid,
        baselineBytes: base,
        peakBytes: peak,
        growthBytes: Math.max(0, peak - base),
        ...(s.exited ? { exited: { code: s.exited.code, signal: s.exited.signal } } : {}),
        loggedErrors: [],
        timeline: monitor.timeline(s.pid),
        rssAfterBytes: monitor.current(s.pid) ?? 0,
        heapBefore: heapBefore.get(s.pid),
        heapAfter: heapAfter.get(s.pid),
      };
    });
    for (const s of stack.services) {
      if (s.exited) state.exitFailure(s);
      const stats = services.find((x) => x.pid === s.pid)!;
      if (stats.growthBytes > options.rssLimitBytes) state.rssFailure(s, stats, monitor, baselineAt);
    }
    for (const check of checks)
      if (!check.ok)
        state.failures.push({
          invariant: 'final-check',
          service: check.service,
          message: `a valid request was not answered correctly: ${check.steps
            .filter((st) => !st.ok)
            .map((st) => `${st.what}: got ${st.got}`)
            .join('; ')}`,
        });
    await stack.stop();
    for (const stats of services)
      stats.loggedErrors = loggedErrors(stack.services.find((s) => s.pid === stats.pid)!.logFile);
    state.addWarnings();
    const requests = state.ports.reduce((sum, p) => sum + p.requests, 0);
    return {
      ok: state.failures.length === 0,
      seed: options.seed,
      requests: requests - warmupRequests,
      warmupRequests,
      cases: state.cases,
      durationSeconds: Math.round((performance.now() - started) / 100) / 10,
      settings: {
        FUZZ_SEED: options.seed,
        FUZZ_REQUESTS: options.requests,
        FUZZ_WARMUP: options.warmupMix,
        FUZZ_CONCURRENCY: options.concurrency,
        REQUEST_TIMEOUT: options.requestTimeout,
        RATE_LIMIT_PER_IP: options.rateLimitPerIp,
        rssLimitMiB: options.rssLimitBytes / 1024 / 1024,
      },
      ports: state.ports,
      services,
      checks,
      // Exits, leaks and failed checks first; then the 5xx, the first few of each sort in full.
      failures: [
        ...state.failures.filter((f) => f.invariant !== '5xx'),
        ...state.failures.filter((f) => f.invariant === '5xx'),
        ...state.failureSummary(),
      ],
      warnings: state.warnings,
    };
  } finally {
    for (const p of pools.values()) p.close();
    await stack.stop();
  }
}

/** The command that sends these cases again: the same seed, services and kinds give the same requests. */
function replayCommand(options: FuzzOptions, cases: number[]): string {
  const env = [`FUZZ_SEED=${options.seed}`, `FUZZ_CASES=${cases.join(',')}`];
  if (options.kinds) env.push(`FUZZ_KINDS=${options.kinds.join(',')}`);
  if (options.ports) env.push(`FUZZ_PORTS=${options.ports.join(',')}`);
  if (!options.storefront) env.push('FUZZ_STOREFRONT=0');
  if (!options.notifier) env.push('FUZZ_NOTIFIER=0');
  return `${env.join(' ')} make fuzz`;
}

/** Every port of every started service, with what it speaks. */
export function targetsOf(services: readonly FuzzService[]): Target[] {
  const targets: Target[] = [];
  // A fixed order (services start in parallel and finish in any order): case N must hit the same port every run.
  const order: FuzzServiceName[] = [
    'loms',
    'products',
    'comments',
    'users',
    'cart',
    'storefront',
    'notifier',
  ];
  const sorted = [...services].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  for (const s of sorted) {
    if (s.name === 'loms' || s.name === 'products' || s.name === 'comments' || s.name === 'users') {
      targets.push({
        id: `${s.name}/http`,
        service: s.name,
        listener: 'http',
        port: s.httpPort,
        profile: 'rpc-http',
        rpc: s.name,
      });
      targets.push({
        id: `${s.name}/grpc`,
        service: s.name,
        listener: 'grpc',
        port: s.grpcPort!,
        profile: 'rpc-h2',
        rpc: s.name,
      });
    } else {
      const profile = s.name === 'cart' ? 'cart' : s.name === 'storefront' ? 'storefront' : 'ops';
      targets.push({ id: `${s.name}/http`, service: s.name, listener: 'http', port: s.httpPort, profile });
    }
  }
  return targets;
}

/** The warm-up: every kind (but slow bodies) twice on every port, so heaps are grown before the baseline. */
export function warmupCases(
  seed: number,
  targets: readonly Target[],
  ctx: GenContext,
  onlyKinds?: ReadonlySet<Kind>,
): FuzzCase[] {
  const cases: FuzzCase[] = [];
  let n = 0;
  for (let round = 0; round < 2; round++)
    for (const target of targets)
      for (const kind of KINDS) {
        if (kind === 'slow-body' || (kind === 'stream-flood' && round > 0)) continue;
        const index = -++n;
        if (!kindApplies(target, kind) || (onlyKinds && !onlyKinds.has(kind))) continue;
        cases.push(buildCase(Rng.forCase(seed, index), index, target, kind, ctx));
      }
  return cases;
}

async function runCase(c: FuzzCase, pools: Map<string, H2Pool>, timeoutMs: number): Promise<Answer[]> {
  const { send, target } = c;
  switch (send.via) {
    case 'http1':
      return [
        await sendRawHttp1(target.port, send.bytes, {
          timeoutMs,
          slow: send.slow,
          headRequest: send.headRequest,
        }),
      ];
    case 'h2': {
      const request = { headers: send.headers, body: send.body, slow: send.slow, timeoutMs };
      if (send.ownSession) return [await withOwnSession(target.port, (session) => sendH2(session, request))];
      return [await sendH2(pools.get(target.id)!.session(), request)];
    }
    case 'h2-flood':
      return floodStreams(target.port, send.streams, { headers: send.headers, body: send.body, timeoutMs });
    case 'h2-raw':
      return [await sendRawH2(target.port, send.bytes, 2500)];
  }
}

/** Counts, failures and what was in flight where, as the run goes. */
class RunState {
  readonly ports: PortStats[];
  readonly failures: Failure[] = [];
  readonly warnings: string[] = [];
  cases = 0;
  failureCount = 0;
  private readonly failuresByKey = new Map<string, number>();
  private readonly inFlight = new Map<FuzzServiceName, Set<FuzzCase>>();
  private readonly recent = new Map<FuzzServiceName, FuzzCase[]>();
  private readonly starts: Array<{ atMs: number; service: FuzzServiceName; c: FuzzCase }> = [];
  private readonly hangs: FuzzCase[] = [];
  private readonly slowNotCut: FuzzCase[] = [];
  /** Cases in flight on (or just sent to) a service when it exited. */
  private readonly blame = new Map<FuzzServiceName, FuzzCase[]>();

  constructor(
    targets: readonly Target[],
    services: readonly FuzzService[],
    private readonly options: FuzzOptions,
  ) {
    // What was in flight when a service died, before those requests finish with resets.
    for (const s of services)
      s.child.once('exit', () =>
        this.blame.set(s.name, [
          ...(this.inFlight.get(s.name) ?? []),
          ...(this.recent.get(s.name) ?? []).reverse(),
        ]),
      );
    this.ports = targets.map((t) => ({
      target: t.id,
      port: t.port,
      requests: 0,
      answers: {},
      failures: 0,
      unavailable: 0,
      unimplemented: 0,
      rateLimited: 0,
      resets: 0,
      timeouts: 0,
      otherNoAnswer: 0,
      slowBodies: 0,
      slowNotCutOff: 0,
      slowCutOffMsMax: 0,
      byKind: {},
      examples: {},
    }));
  }

  async track(c: FuzzCase, monitor: RssMonitor, run: () => Promise<Answer[]>): Promise<Answer[]> {
    const service = c.target.service;
    const inFlight = this.inFlight.get(service) ?? new Set();
    this.inFlight.set(service, inFlight);
    inFlight.add(c);
    const recent = this.recent.get(service) ?? [];
    recent.push(c);
    if (recent.length > 10) recent.shift();
    this.recent.set(service, recent);
    this.starts.push({ atMs: monitor.now(), service, c });
    try {
      return await run();
    } finally {
      inFlight.delete(c);
    }
  }

  record(c: FuzzCase, answers: Answer[]): void {
    this.cases++;
    const port = this.ports.find((p) => p.target === c.target.id)!;
    port.byKind[c.kind] = (port.byKind[c.kind] ?? 0) + answers.length;
    for (const answer of answers) {
      port.requests++;
      const verdict = judge(answer, c.answerAs, { flood: c.kind === 'stream-flood' });
      port.answers[verdict.key] = (port.answers[verdict.key] ?? 0) + 1;
      const examples = port.examples[verdict.key] ?? [];
      port.examples[verdict.key] = examples;
      if (examples.length < 2) examples.push(`#${c.index} ${c.kind} ${c.transport} ${c.what}`);
      if (verdict.rateLimited) port.rateLimited++;
      if (verdict.unavailable) port.unavailable++;
      if (verdict.unimplemented) port.unimplemented++;
      if (verdict.noAnswer === 'reset') port.resets++;
      else if (verdict.noAnswer === 'timeout') port.timeouts++;
      else if (verdict.noAnswer === 'other') port.otherNoAnswer++;
      if (c.kind === 'slow-body') {
        port.slowBodies++;
        if (answer.error === 'timeout') {
          port.slowNotCutOff++;
          this.slowNotCut.push(c);
        } else port.slowCutOffMsMax = Math.max(port.slowCutOffMsMax, Math.round(answer.ms));
      } else if (answer.error === 'timeout' && c.answerAs !== 'h2-raw') {
        this.hangs.push(c);
      }
      if (verdict.failure) this.fail(c, answer, verdict);
    }
  }

  private fail(c: FuzzCase, answer: Answer, verdict: Verdict): void {
    this.failureCount++;
    this.ports.find((p) => p.target === c.target.id)!.failures++;
    const key = `${c.target.id} ${c.kind} ${c.transport} ${verdict.key}`;
    const seen = this.failuresByKey.get(key) ?? 0;
    this.failuresByKey.set(key, seen + 1);
    // The first of each sort of failure (port, kind, transport, answer) is listed in full; the rest are counted.
    if (seen >= 1) return;
    this.failures.push({
      invariant: '5xx',
      service: c.target.service,
      message: verdict.failure!,
      target: c.target.id,
      port: c.target.port,
      caseIndex: c.index,
      kind: c.kind,
      transport: c.transport,
      what: c.what,
      request: c.preview,
      answer: `${verdict.key} ${preview(answer.body, 160)}`,
      replay: this.replay(c),
    });
  }

  failureSummary(): Failure[] {
    const out: Failure[] = [];
    for (const [key, count] of this.failuresByKey)
      if (count > 1)
        out.push({
          invariant: '5xx',
          service: key.split('/')[0] as FuzzServiceName,
          message: `${count - 1} more like: ${key}`,
        });
    return out;
  }

  private replay(c: FuzzCase): string {
    return replayCommand(this.options, [c.index]);
  }

  exitFailure(s: FuzzService): void {
    const suspects = this.blame.get(s.name) ?? [];
    const unique = [...new Map(suspects.map((c) => [c.index, c])).values()].slice(0, 6);
    this.failures.push({
      invariant: 'exit',
      service: s.name,
      message: `${s.name} (pid ${s.pid}) exited with ${s.exited!.code ?? s.exited!.signal} ${Math.round(s.exited!.atMs / 1000)} s after start; in flight or just sent: ${unique
        .map((c) => `#${c.index} ${c.kind} ${c.transport} ${c.what} [${c.preview}]`)
        .join(' | ')}; log: ${s.logFile}`,
      replay:
        unique.length > 0
          ? replayCommand(
              this.options,
              unique.map((c) => c.index),
            )
          : undefined,
    });
  }

  rssFailure(s: FuzzService, stats: ServiceStats, monitor: RssMonitor, fromMs: number): void {
    const rise = monitor.steepestRise(s.pid, fromMs);
    const around = rise
      ? this.starts.filter((x) => x.service === s.name && x.atMs >= rise.fromMs - 2000 && x.atMs <= rise.toMs)
      : [];
    const kinds = new Map<string, number>();
    for (const { c } of around)
      kinds.set(`${c.kind}/${c.transport}`, (kinds.get(`${c.kind}/${c.transport}`) ?? 0) + 1);
    const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
    this.failures.push({
      invariant: 'rss',
      service: s.name,
      message: `${s.name} RSS grew ${mb(stats.growthBytes)} MiB (baseline ${mb(stats.baselineBytes)}, peak ${mb(stats.peakBytes)}; limit ${mb(this.options.rssLimitBytes)})${
        rise
          ? `; steepest rise +${mb(rise.bytes)} MiB at ${(rise.toMs / 1000).toFixed(1)} s, with these cases sent just before: ${[
              ...kinds,
            ]
              .map(([k, n]) => `${k} x${n}`)
              .join(', ')} (e.g. ${around
              .slice(-3)
              .map((x) => `#${x.c.index}`)
              .join(', ')})`
          : ''
      }`,
    });
  }

  addWarnings(): void {
    const example = (c: FuzzCase) =>
      `#${c.index} ${c.kind} ${c.transport} ${c.what} [${c.preview.slice(0, 120)}]`;
    for (const p of this.ports)
      if (p.slowNotCutOff > 0)
        this.warnings.push(
          `${p.target}: ${p.slowNotCutOff} of ${p.slowBodies} slow bodies were not cut off by the server within ${this.options.clientTimeoutMs / 1000} s (REQUEST_TIMEOUT ${this.options.requestTimeout}), e.g. ${this.slowNotCut
            .filter((c) => c.target.id === p.target)
            .slice(0, 3)
            .map(example)
            .join(' | ')}`,
        );
    const hangs = new Map<string, FuzzCase[]>();
    for (const c of this.hangs) hangs.set(c.target.id, [...(hangs.get(c.target.id) ?? []), c]);
    for (const [target, list] of hangs)
      this.warnings.push(
        `${target}: ${list.length} requests got no answer within ${this.options.clientTimeoutMs / 1000} s, e.g. ${list
          .slice(0, 3)
          .map(example)
          .join(' | ')}`,
      );
  }
}

export interface HeapStats {
  usedBytes: number;
  totalBytes: number;
  externalBytes: number;
}

/** The V8 heap figures of a service's /metrics (prom-client's default metrics), when it has them. */
async function scrapeHeap(port: number): Promise<HeapStats | undefined> {
  try {
    const text = await (
      await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) })
    ).text();
    const value = (name: string) =>
      Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(text)?.[1]);
    const stats = {
      usedBytes: value('nodejs_heap_size_used_bytes'),
      totalBytes: value('nodejs_heap_size_total_bytes'),
      externalBytes: value('nodejs_external_memory_bytes'),
    };
    return Number.isFinite(stats.usedBytes) ? stats : undefined;
  } catch {
    return undefined;
  }
}

/** Error and fatal lines of a service's JSON log, deduplicated by message and error, most frequent first. */
function loggedErrors(logFile: string): Array<{ count: number; text: string }> {
  let text = '';
  try {
    text = readFileSync(logFile, 'utf8');
  } catch {
    return [];
  }
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let entry:
      | { level?: number; msg?: string; err?: { type?: string; message?: string; stack?: string } }
      | undefined;
    try {
      entry = JSON.parse(line);
    } catch {
      // Not JSON: an uncaught error printed by Node itself.
      if (/Error|error|at /.test(line))
        counts.set(line.slice(0, 300), (counts.get(line.slice(0, 300)) ?? 0) + 1);
      continue;
    }
    if (!entry || (entry.level ?? 0) < 50) continue;
    const where = entry.err?.stack
      ?.split('\n')
      .slice(1, 4)
      .map((l) => l.trim())
      .join(' < ');
    const key =
      `${entry.msg ?? ''}: ${entry.err?.type ?? ''} ${entry.err?.message ?? ''}${where ? ` @ ${where}` : ''}`.slice(
        0,
        600,
      );
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([t, count]) => ({ count, text: t }));
}

function seedSkus(): bigint[] {
  const path = new URL('../../../../fixtures/stock-data.json', import.meta.url);
  try {
    const rows = JSON.parse(readFileSync(path, 'utf8')) as Array<{ sku: number }>;
    return rows.map((r) => BigInt(r.sku));
  } catch {
    return [1076963n, 139275865n, 2956315n];
  }
}

async function pool<T>(
  concurrency: number,
  items: readonly T[],
  work: (item: T) => Promise<void>,
): Promise<void> {
  let i = 0;
  await poolFrom(concurrency, () => items[i++], work);
}

async function poolFrom<T>(
  concurrency: number,
  next: () => T | undefined,
  work: (item: T) => Promise<void>,
): Promise<void> {
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let item = next(); item !== undefined; item = next()) await work(item);
    }),
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
