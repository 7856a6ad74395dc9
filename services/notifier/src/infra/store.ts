import { inTransaction } from '@marketplace/platform';
import type { Kysely } from 'kysely';
import type { NotifierStore } from '../app/ports.ts';
import { createProcessedEventRepository } from './processed-event-repository.ts';
import type { NotifierDatabase } from './schema.ts';

/** The notifier's store over PostgreSQL: the repository on the pool, one transaction per unit of work. */
export function createPostgresStore(db: Kysely<NotifierDatabase>): NotifierStore {
  return {
    processed: createProcessedEventRepository(db),
    transaction: (work) => inTransaction(db, (tx) => work(createProcessedEventRepository(tx))),
  };
}
