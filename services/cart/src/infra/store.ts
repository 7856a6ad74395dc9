import { inTransaction } from '@marketplace/platform';
import type { Kysely } from 'kysely';
import type { Store } from '../app/ports.ts';
import { createCartRepository } from './cart-repository.ts';
import type { CartDatabase } from './schema.ts';

/** The app's Store over PostgreSQL: pooled repositories for reads, one transaction per unit of work. */
export function createPostgresStore(db: Kysely<CartDatabase>): Store {
  return {
    repos: { carts: createCartRepository(db) },
    transaction: (work) => inTransaction(db, (tx) => work({ carts: createCartRepository(tx) })),
  };
}
