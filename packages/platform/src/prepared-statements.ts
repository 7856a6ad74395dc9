import type pg from 'pg';

/** At most this many statements are prepared on one connection; further texts run unnamed. */
export const MAX_PREPARED_PER_CONNECTION = 100;

/**
 * True for the error of a prepared statement whose result columns changed under it (a migration
 * added a column to a table it selects `*` from): prepared afresh, it runs again.
 */
export function isStalePreparedStatement(err: unknown): boolean {
  const { code, message } = (err ?? {}) as { code?: string; message?: string };
  return code === '0A000' && /cached plan must not change result type/.test(message ?? '');
}

/**
 * Returns a function that makes a pool's connection (pg client) run each parameterised statement
 * as a named prepared statement: PostgreSQL parses and plans a text once per connection instead of
 * on every call, a large share of what a short statement costs the server. At most `max`
 * statements are prepared per connection, so a stream of distinct texts cannot grow the server's
 * memory; texts beyond run as before.
 *
 * A statement that went stale under a migration (isStalePreparedStatement) is prepared afresh on
 * every connection of the pool, once one of them met it: outside a transaction it runs again at
 * once, so its caller never sees the error; inside one the transaction is aborted, and
 * `inTransaction` runs it again.
 */
export function createStatementPreparer(max = MAX_PREPARED_PER_CONNECTION) {
  // Per text, how many times it went stale: a connection whose name for it is older prepares again.
  const staleCounts = new Map<string, number>();
  return (client: pg.ClientBase): void => {
    const run = client.query.bind(client) as (...args: unknown[]) => unknown;
    const names = new Map<string, { name: string; staleCount: number }>();
    let prepared = 0;
    const nameFor = (text: string) => {
      const staleCount = staleCounts.get(text) ?? 0;
      let entry = names.get(text);
      if (entry?.staleCount !== staleCount) {
        entry = prepared < max ? { name: `p${prepared++}`, staleCount } : undefined;
        if (entry) names.set(text, entry);
        else names.delete(text);
      }
      return entry;
    };
    const runPrepared = (text: string, values: unknown[], again: boolean): Promise<unknown> => {
      const entry = nameFor(text);
      if (!entry) return run(text, values) as Promise<unknown>;
      return (run({ name: entry.name, text, values }) as Promise<unknown>).catch((err: unknown) => {
        if (!isStalePreparedStatement(err)) throw err;
        if ((staleCounts.get(text) ?? 0) === entry.staleCount) staleCounts.set(text, entry.staleCount + 1);
        // Idle: no transaction, so the failed statement changed nothing and may simply run again.
        const idle =
          (client as unknown as { getTransactionStatus(): string | null }).getTransactionStatus() === 'I';
        if (again && idle) return runPrepared(text, values, false);
        throw err;
      });
    };
    client.query = ((...args: unknown[]) => {
      const [text, values] = args;
      // Only the promise form with parameters (what Kysely sends); BEGIN, COMMIT and the like run as simple queries.
      if (args.length !== 2 || typeof text !== 'string' || !Array.isArray(values) || values.length === 0)
        return run(...args);
      return runPrepared(text, values, true);
    }) as typeof client.query;
  };
}
