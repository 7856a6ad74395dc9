import type pg from 'pg';

/** At most this many statements are prepared on one connection; further texts run unnamed. */
export const MAX_PREPARED_PER_CONNECTION = 100;

/**
 * True for the error of a prepared statement whose result columns changed under it (a migration
 * added a column to a table it selects `*` from): its text is prepared again on its next run, so
 * running it again succeeds.
 */
export function isStalePreparedStatement(err: unknown): boolean {
  const { code, message } = (err ?? {}) as { code?: string; message?: string };
  return code === '0A000' && /cached plan must not change result type/.test(message ?? '');
}

/**
 * Makes `client` run each parameterised statement as a named prepared statement of its connection:
 * PostgreSQL parses and plans a text once per connection instead of on every call, a large share of
 * what a short statement costs the server. At most `max` statements are prepared per connection, so a
 * stream of distinct texts cannot grow the server's memory; texts beyond run as before. A
 * statement that has gone stale (isStalePreparedStatement) fails once and is prepared afresh, under
 * a new name, on its next run.
 */
export function prepareStatementsOn(client: pg.ClientBase, max = MAX_PREPARED_PER_CONNECTION): void {
  const run = client.query.bind(client) as (...args: unknown[]) => unknown;
  const names = new Map<string, string>();
  let prepared = 0;
  client.query = ((...args: unknown[]) => {
    const [text, values] = args;
    // Only the promise form with parameters (what Kysely sends); BEGIN, COMMIT and the like run as simple queries.
    if (args.length !== 2 || typeof text !== 'string' || !Array.isArray(values) || values.length === 0)
      return run(...args);
    let name = names.get(text);
    if (name === undefined && prepared < max) {
      name = `p${prepared++}`;
      names.set(text, name);
    }
    if (name === undefined) return run(text, values);
    return (run({ name, text, values }) as Promise<unknown>).catch((err: unknown) => {
      if (isStalePreparedStatement(err)) names.delete(text);
      throw err;
    });
  }) as typeof client.query;
}
