import { type Executor, inTransaction } from '@marketplace/platform';
import type { Kysely } from 'kysely';
import type { Repositories, Store } from '../app/ports.ts';
import { createIngestRepository } from './ingest-repository.ts';
import { createProductRepository } from './product-repository.ts';
import type { ProductsDatabase } from './schema.ts';

function repositoriesOn(db: Executor<ProductsDatabase>): Repositories {
  return { products: createProductRepository(db), ingest: createIngestRepository(db) };
}

/** The app's Store over PostgreSQL: pooled repositories for reads, one transaction per unit of work. */
export function createPostgresStore(db: Kysely<ProductsDatabase>): Store {
  return {
    repos: repositoriesOn(db),
    transaction: (work) => inTransaction(db, (tx) => work(repositoriesOn(tx))),
  };
}
