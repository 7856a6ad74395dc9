/**
 * StocksInfo latency through each way in, at 1 and 8 concurrent clients: grpc-js and Connect's gRPC
 * transport on the h2c port, REST on the HTTP/1.1 port (the same handler and SQL behind each), and
 * grpc-js against a bare connect-node h2c server answering a constant (the floor of a gRPC call
 * here). Prints a table and writes bench-results/loms-stocks-info.json. CALLS (default 3000).
 */
import http from 'node:http';
import { createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { LomsService } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import {
  createGrpcJsClient,
  createTestDatabase,
  freePort,
  type LoadResult,
  printTable,
  runLoad,
  startServiceProcess,
  writeBenchResults,
} from '@marketplace/testkit';
import pg from 'pg';
import { LOMS_MIGRATIONS } from '../src/infra/migrations.ts';

const CALLS = Number(process.env.CALLS ?? 3000);
const CONCURRENCY = [1, 8];
const SKU = 1_000_001n;
const cwd = new URL('..', import.meta.url).pathname;

const db = await createTestDatabase('loms_bench_stocks', LOMS_MIGRATIONS);
const pool = new pg.Pool({ connectionString: db.url, max: 1 });
await pool.query('INSERT INTO stocks (sku, total_count, reserved) VALUES ($1, 100, 0)', [SKU]);
await pool.end();

const [grpcPort, httpPort, bareGrpcPort, bareHttpPort] = await Promise.all([
  freePort(),
  freePort(),
  freePort(),
  freePort(),
]);
const loms = await startServiceProcess({
  cwd,
  entry: 'src/main.ts',
  env: {
    DATABASE_URL: db.url,
    GRPC_PORT: String(grpcPort),
    HTTP_PORT: String(httpPort),
    HOST: '127.0.0.1',
    RATE_LIMIT_PER_IP: '1000000',
    RATE_LIMIT_PER_IP_GRPC: '1000000',
    OUTBOX_RELAY_ENABLED: 'false',
    LOG_LEVEL: 'warn',
  },
  readyUrl: `http://127.0.0.1:${httpPort}/readyz`,
});
const bare = await startServiceProcess({
  cwd,
  entry: 'bench/bare-connect-server.ts',
  env: { GRPC_PORT: String(bareGrpcPort), HTTP_PORT: String(bareHttpPort) },
  readyUrl: `http://127.0.0.1:${bareHttpPort}/readyz`,
});

const grpcJs = createGrpcJsClient(LomsService, `127.0.0.1:${grpcPort}`);
const bareGrpcJs = createGrpcJsClient(LomsService, `127.0.0.1:${bareGrpcPort}`);
const connectGrpc = createClient(
  LomsService,
  createGrpcTransport({ baseUrl: `http://127.0.0.1:${grpcPort}` }),
);
const agent = new http.Agent({ keepAlive: true });

/** GET /stock/info over a kept-alive HTTP/1.1 connection, the body read whole. */
function restStocksInfo(): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get(`http://127.0.0.1:${httpPort}/stock/info?sku=${SKU}`, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(body))));
    });
    req.on('error', reject);
  });
}

const calls: Record<string, () => Promise<unknown>> = {
  'LOMS, grpc-js (h2c)': () => grpcJs.call('stocksInfo', { sku: SKU }),
  'LOMS, Connect gRPC transport (h2c)': () => connectGrpc.stocksInfo({ sku: SKU }),
  'LOMS, REST (HTTP/1.1)': restStocksInfo,
  'bare connect-node, grpc-js (h2c, constant)': () => bareGrpcJs.call('stocksInfo', { sku: SKU }),
};

try {
  const rows: Array<Record<string, unknown>> = [];
  const results: Record<string, LoadResult[]> = {};
  for (const [name, call] of Object.entries(calls)) {
    await runLoad(8, 500, call); // warm-up: connections, JIT, plan cache
    results[name] = [];
    for (const concurrency of CONCURRENCY) {
      const result = await runLoad(concurrency, CALLS, call);
      results[name].push(result);
      rows.push({
        path: name,
        clients: concurrency,
        calls: CALLS,
        'calls/s': result.perSecond,
        'p50 ms': result.p50Ms,
        'p99 ms': result.p99Ms,
        errors: result.errors,
      });
    }
  }
  printTable('LOMS StocksInfo by transport, beside a bare connect-node server', rows);
  console.log(`\nresults: ${writeBenchResults('loms-stocks-info', { calls: CALLS, results })}`);
} finally {
  grpcJs.close();
  bareGrpcJs.close();
  agent.destroy();
  await Promise.all([loms.stop(), bare.stop()]);
  await db.drop();
}
