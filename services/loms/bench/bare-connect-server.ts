/**
 * The floor the StocksInfo bench compares LOMS with: connect-node on a bare h2c server, no
 * interceptors or edge limits, answering StocksInfo with a constant. GRPC_PORT serves gRPC;
 * HTTP_PORT answers /readyz.
 */
import http from 'node:http';
import http2 from 'node:http2';
import { create } from '@bufbuild/protobuf';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import { LomsService, StocksInfoResponseSchema } from '@marketplace/proto/marketplace/loms/v1/loms_pb';

const answer = create(StocksInfoResponseSchema, { count: 7 });
const grpc = http2.createServer(
  connectNodeAdapter({ routes: (router) => router.rpc(LomsService.method.stocksInfo, () => answer) }),
);
grpc.on('connection', (socket) => socket.setNoDelay(true));
grpc.listen(Number(process.env.GRPC_PORT), '127.0.0.1');
const ready = http.createServer((_req, res) => res.end('ok'));
ready.listen(Number(process.env.HTTP_PORT), '127.0.0.1');
process.once('SIGTERM', () => {
  grpc.close();
  ready.close();
  process.exit(0);
});
