import type { Executor } from '@marketplace/platform';
import { sql } from 'kysely';
import type { IngestRepository } from '../app/ports.ts';
import type { StoredEvent } from '../domain/ingest.ts';
import { findBatchProgress } from './batch-progress-query.ts';
import type { ProductsDatabase } from './schema.ts';

const optional = (value: bigint | null) => (value === null ? undefined : Number(value));
const interval = (ms: number) => sql<Date>`now() + ${ms} * interval '1 millisecond'`;

/** The ingest queue in PostgreSQL: batches, their events, and the workers' leases. */
export function createIngestRepository(db: Executor<ProductsDatabase>): IngestRepository {
  return {
    async lockAdmission() {
      await sql`SELECT pg_advisory_xact_lock(hashtext('products.ingest_admission'))`.execute(db);
    },

    async countPending() {
      const { count } = await db
        .selectFrom('ingest_events')
        .select((eb) => eb.fn.countAll<bigint>().as('count'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      return Number(count);
    },

    async insertBatch(batchId, events) {
      await db.insertInto('ingest_batches').values({ id: batchId, total: events.length }).execute();
      // unnest keeps it one statement with five parameters, whatever the batch size.
      const column = (pick: (e: (typeof events)[number]) => bigint | number | undefined) =>
        events.map((e) => {
          const value = pick(e);
          return value === undefined ? null : String(value);
        });
      await sql`
        INSERT INTO ingest_events (batch_id, seq, sku, price, stock)
        SELECT ${batchId}::uuid, e.seq - 1, e.sku, e.price, e.stock
        FROM unnest(${column((e) => e.sku)}::bigint[], ${column((e) => e.price)}::bigint[],
                    ${column((e) => e.stock)}::bigint[]) WITH ORDINALITY AS e (sku, price, stock, seq)`.execute(
        db,
      );
    },

    findBatch: (batchId) => findBatchProgress(db, batchId),

    async claimBatch(token, leaseMs) {
      const row = await db
        .updateTable('ingest_batches')
        .set({
          lease_token: token,
          leased_until: interval(leaseMs),
          fencing_token: sql<bigint>`nextval('ingest_fencing_token_seq')`,
          started_at: sql`coalesce(started_at, now())`,
        })
        .where('id', '=', (eb) =>
          eb
            .selectFrom('ingest_batches')
            .select('id')
            .where('finished_at', 'is', null)
            .where((w) => w.or([w('leased_until', 'is', null), w('leased_until', '<', sql<Date>`now()`)]))
            .orderBy('accepted_at')
            .orderBy('id')
            .limit(1)
            .forUpdate()
            .skipLocked(),
        )
        .returning(['id', 'fencing_token'])
        .executeTakeFirst();
      return row && { batchId: row.id, fencingToken: row.fencing_token! };
    },

    async pendingEvents(batchId, limit) {
      const rows = await db
        .selectFrom('ingest_events')
        .select(['seq', 'sku', 'price', 'stock', 'attempts'])
        .where('batch_id', '=', batchId)
        .where('status', '=', 'pending')
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map(
        (r): StoredEvent => ({
          seq: r.seq,
          sku: r.sku,
          price: optional(r.price),
          stock: optional(r.stock),
          attempts: r.attempts,
        }),
      );
    },

    async holdLease(batchId, token, leaseMs) {
      const row = await db
        .updateTable('ingest_batches')
        .set({ leased_until: interval(leaseMs) })
        .where('id', '=', batchId)
        .where('lease_token', '=', token)
        .returning('id')
        .executeTakeFirst();
      return row !== undefined;
    },

    async recordOutcomes(batchId, outcomes) {
      if (outcomes.length === 0) return;
      const values = sql.join(
        outcomes.map((o) => {
          const status = o.status === 'retry' ? 'pending' : o.status;
          const error = o.status === 'applied' ? null : o.error;
          return sql`(${o.seq}::integer, ${status}::text, ${error}::text, ${o.status === 'retry' ? 1 : 0}::integer)`;
        }),
      );
      await sql`
        UPDATE ingest_events AS e
        SET status = v.status, error = v.error, attempts = e.attempts + v.tried
        FROM (VALUES ${values}) AS v (seq, status, error, tried)
        WHERE e.batch_id = ${batchId}::uuid AND e.seq = v.seq`.execute(db);
    },

    async finishIfDone(batchId) {
      await db
        .updateTable('ingest_batches')
        .set({ finished_at: sql`now()`, lease_token: null, leased_until: null })
        .where('id', '=', batchId)
        .where('finished_at', 'is', null)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('ingest_events')
                .select('seq')
                .where('batch_id', '=', batchId)
                .where('status', '=', 'pending'),
            ),
          ),
        )
        .execute();
    },

    async releaseLease(batchId, token, delayMs) {
      await db
        .updateTable('ingest_batches')
        .set({ lease_token: null, leased_until: interval(delayMs) })
        .where('id', '=', batchId)
        .where('lease_token', '=', token)
        .execute();
    },
  };
}
