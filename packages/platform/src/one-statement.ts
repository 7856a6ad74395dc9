import { type OperationNodeSource, sql } from 'kysely';
import type { Executor } from './database.ts';

/**
 * Runs data-modifying statements (INSERT, UPDATE, DELETE) as one: each becomes a CTE of a single
 * statement, so together they cost one round trip to the database instead of one each. They run
 * on one snapshot and none sees the rows another writes, so they must not depend on each other's
 * effects; constraints are still checked at the end of the statement, as for any statement.
 */
export async function executeAsOneStatement<DB>(
  db: Executor<DB>,
  statements: readonly OperationNodeSource[],
): Promise<void> {
  if (statements.length === 0) return;
  // PostgreSQL runs every data-modifying CTE to completion whether or not the main query reads it.
  const ctes = sql.join(statements.map((statement, i) => sql`${sql.ref(`w${i}`)} AS (${statement})`));
  await sql`WITH ${ctes} SELECT`.execute(db);
}
