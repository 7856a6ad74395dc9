import { type Executor, inTransaction } from '@marketplace/platform';
import type { Kysely } from 'kysely';
import type { Repositories, Store } from '../app/ports.ts';
import { createIdempotencyRepository } from './idempotency-repository.ts';
import { createOrderRepository } from './order-repository.ts';
import { writeOrderChanges } from './order-writes.ts';
import { createOutboxRepository } from './outbox-repository.ts';
import type { LomsDatabase } from './schema.ts';
import { createStockRepository } from './stock-repository.ts';

export interface StoreOptions {
  /** Kafka topic the outbox's order events go to. */
  orderEventsTopic: string;
}

function repositoriesOn(db: Executor<LomsDatabase>, options: StoreOptions): Repositories {
  return {
    orders: createOrderRepository(db),
    stocks: createStockRepository(db),
    outbox: createOutboxRepository(db),
    idempotency: createIdempotencyRepository(db),
    write: (writes) => writeOrderChanges(db, options.orderEventsTopic, writes),
  };
}

/** The app's Store over PostgreSQL: pooled repositories for reads, one transaction per unit of work. */
export function createPostgresStore(db: Kysely<LomsDatabase>, options: StoreOptions): Store {
  return {
    repos: repositoriesOn(db, options),
    transaction: (work) => inTransaction(db, (tx) => work(repositoriesOn(tx, options))),
  };
}
