/**
 * Default ports of the contract (its "Ports" table; the storefront: 8090, its config default): the
 * compose file publishes them, configs default to them, Prometheus scrapes the HTTP ones.
 */
export const CONTRACT_PORTS: Readonly<Record<string, { http: number; grpc?: number }>> = {
  cart: { http: 8080 },
  products: { http: 8082, grpc: 8081 },
  loms: { http: 8084, grpc: 8083 },
  comments: { http: 8086, grpc: 8085 },
  users: { http: 8092, grpc: 8091 },
  notifier: { http: 8088 },
  storefront: { http: 8090 },
};

/** The order-event topics and their partition counts (contract: "Order events", "Notifier"). */
export const CONTRACT_TOPICS: Readonly<Record<string, number>> = {
  'loms.order-events': 2,
  'loms.order-events.dlq': 1,
};

/** The databases of the stack: one per service, two comments shards. */
export const STACK_DATABASES = [
  'loms',
  'products',
  'cart',
  'notifier',
  'comments_shard_0',
  'comments_shard_1',
];
