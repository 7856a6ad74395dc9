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
  freePort,
  loadRows,
  measureEach,
  printTable,
  readBenchSettings,
  startBenchService,
  startServiceProcess,
  writeBenchResults,
} from '@marketplace/testkit';
import pg from 'pg';

const { CALLS } = readBenchSettings({ CALLS: 3000 });
const SKU = 1_000_001n;

const loms = await startBenchService('loms', LomsService, {
  env: { RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_PER_IP_GRPC: '1000000' },
});
const pool = new pg.Pool({ connectionString: loms.databaseUrls[0], max: 1 });
await pool.query('INSERT INTO stocks (sku, total_count, reserved) VALUES ($1, 100, 0)', [SKU]);
await pool.end();
const [bareGrpcPort, bareHttpPort] = await Promise.all([freePort(), freePort()]);
const bare = await startServiceProcess({
  cwd: new URL('..', import.meta.url).pathname,
  entry: 'bench/bare-connect-server.ts',
  env: { GRPC_PORT: String(bareGrpcPort), HTTP_PORT: String(bareHttpPort) },
  readyUrl: `http://127.0.0.1:${bareHttpPort}/readyz`,
});

const bareGrpcJs = createGrpcJsClient(LomsService, `127.0.0.1:${bareGrpcPort}`);
const connectGrpc = createClient(LomsService, createGrpcTransport({ baseUrl: `http://${loms.grpcAddress}` }));
const agent = new http.Agent({ keepAlive: true });

/** GET /stock/info over a kept-alive HTTP/1.1 connection, the body read whole. */
function restStocksInfo(): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${loms.httpUrl}/stock/info?sku=${SKU}`, { agent }, (res) => {
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
  'LOMS, grpc-js (h2c)': () => loms.client.call('stocksInfo', { sku: SKU }),
  'LOMS, Connect gRPC transport (h2c)': () => connectGrpc.stocksInfo({ sku: SKU }),
  'LOMS, REST (HTTP/1.1)': restStocksInfo,
  'bare connect-node, grpc-js (h2c, constant)': () => bareGrpcJs.call('stocksInfo', { sku: SKU }),
};

try {
  const results = await measureEach(calls, { clients: [1, 8], calls: () => CALLS, warmup: 500 });
  printTable('LOMS StocksInfo by transport, beside a bare connect-node server', loadRows('path', results));
  console.log(`\nresults: ${writeBenchResults('loms-stocks-info', { calls: CALLS, results })}`);
} finally {
  bareGrpcJs.close();
  agent.destroy();
  await Promise.all([loms.stop(), bare.stop()]);
}
