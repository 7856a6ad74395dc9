import { createDatabase } from '@marketplace/platform';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNSENT_EVENTS_SQL } from '../../src/infra/outbox-relay-session.ts';
import { createOutboxRepository } from '../../src/infra/outbox-repository.ts';
import type { LomsDatabase } from '../../src/infra/schema.ts';
import { createLomsTestDb, type LomsTestDb } from '../support/loms-test-db.ts';

let t: LomsTestDb;
let pool: ReturnType<typeof createDatabase>['pool'];
const statements: { sql: string; parameters: readonly unknown[] }[] = [];
let logged: Kysely<LomsDatabase>;

beforeAll(async () => {
  t = await createLomsTestDb();
  pool = createDatabase({ url: t.url, maxConnections: 2 }).pool;
  logged = new Kysely<LomsDatabase>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      statements.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  // A day of relayed events, one a second, and a short tail the relay has not sent yet.
  await sql`
    INSERT INTO outbox (event_id, topic, key, payload, created_at, sent_at)
    SELECT gen_random_uuid(), 'loms.order-events.test', n::text, '{}',
           timestamptz '2026-11-20 10:00:00+00' + n * interval '1 second',
           CASE WHEN n <= 86000 THEN timestamptz '2026-11-20 10:00:01+00' + n * interval '1 second' END
    FROM generate_series(1, 86400) AS n`.execute(t.db);
  await sql`ANALYZE outbox`.execute(t.db);
}, 60_000);
afterAll(async () => {
  await logged?.destroy();
  await t?.close();
});

async function plan(text: string, parameters: readonly unknown[]): Promise<string> {
  const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, [...parameters]);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

describe('outbox indexes', () => {
  it('the retention delete reads the oldest sends from outbox_sent_at_idx', async () => {
    const outbox = createOutboxRepository(logged);
    expect(await outbox.deleteSentBefore(new Date('2026-11-20 12:00:00Z'), 1_000)).toBe(1_000);
    const [statement] = statements.filter((s) => s.sql.includes('DELETE FROM outbox'));
    const shown = await plan(statement!.sql, statement!.parameters);
    expect(shown).toMatch(/Index (Only )?Scan using outbox_sent_at_idx/);
    expect(shown).not.toMatch(/Seq Scan/);
  });

  it('the relay claim reads unsent events from outbox_unsent_idx', async () => {
    const shown = await plan(UNSENT_EVENTS_SQL, [100]);
    expect(shown).toMatch(/Index Scan using outbox_unsent_idx/);
    expect(shown).not.toMatch(/Seq Scan|Sort/);
  });
});
