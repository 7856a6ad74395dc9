import {
  type MarketplaceService,
  type ServiceOptions,
  startMarketplaceService,
} from './marketplace-service.ts';

/** An answer of LOMS's REST API: its status and JSON body. */
export interface LomsAnswer {
  status: number;
  body: Record<string, string>;
}

/** LOMS as a child process, with helpers over its REST API. */
export interface LomsProcess extends MarketplaceService {
  grpcAddress: string;
  /** POSTs `body` as JSON to `path` (`/order/pay`). */
  post(path: string, body: unknown): Promise<LomsAnswer>;
  /** Available stock of a sku from /stock/info, or undefined when LOMS has none. */
  stockInfo(sku: bigint | number | string): Promise<number | undefined>;
  stockSet(sku: bigint | number, totalCount: number): Promise<void>;
  /** Creates an order of `count` of a sku for user 1 (reserving them) and returns its id; throws if refused. */
  createOrder(sku: bigint | number, count: number): Promise<string>;
}

/**
 * LOMS from its recipe (its own migrated database, no seed, the outbox relay off unless `env` turns
 * it on), so tests of other services reach a real one without importing its code.
 */
export async function startLomsProcess(options: ServiceOptions = {}): Promise<LomsProcess> {
  const loms = await startMarketplaceService('loms', {
    ...options,
    env: { MIGRATE_ON_START: 'false', ...options.env },
  });
  const { grpcAddress } = loms;
  if (!grpcAddress) throw new Error('LOMS has no gRPC address');
  const post = async (path: string, body: unknown): Promise<LomsAnswer> => {
    const res = await fetch(`${loms.httpUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, string> };
  };
  return {
    ...loms,
    grpcAddress,
    post,
    async stockInfo(sku) {
      const res = await fetch(`${loms.httpUrl}/stock/info?sku=${sku}`);
      if (res.status === 404) return undefined;
      if (!res.ok) throw new Error(`stock/info ${sku}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { count: number }).count;
    },
    async stockSet(sku, totalCount) {
      const answer = await post('/stock/set', { sku: String(sku), totalCount });
      if (answer.status !== 200)
        throw new Error(`stock/set: ${answer.status} ${JSON.stringify(answer.body)}`);
    },
    async createOrder(sku, count) {
      const answer = await post('/order/create', { userId: '1', items: [{ sku: String(sku), count }] });
      if (!answer.body.orderId)
        throw new Error(`order not created: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body.orderId;
    },
  };
}
