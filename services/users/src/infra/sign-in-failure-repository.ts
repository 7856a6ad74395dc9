import type { Executor } from '@marketplace/platform';
import { sql } from 'kysely';
import type { SignInFailureRepository } from '../app/ports.ts';
import type { UsersDatabase } from './schema.ts';

/** Failed sign-ins per email in PostgreSQL, so the limit holds across replicas. */
export function createSignInFailureRepository(db: Executor<UsersDatabase>): SignInFailureRepository {
  return {
    async take(email, limit, now) {
      const windowStart = new Date(now.getTime() - limit.windowMs);
      // Counts the attempt unless the current window is full; a window that has ended restarts.
      // The row lock of ON CONFLICT DO UPDATE orders concurrent attempts for one email.
      const taken = await sql<{ window_started_at: Date; failures: number }>`
        INSERT INTO sign_in_failures AS f (email, window_started_at, failures)
        VALUES (${email}, ${now}, 1)
        ON CONFLICT (email) DO UPDATE SET
          window_started_at = CASE WHEN f.window_started_at <= ${windowStart}
            THEN excluded.window_started_at ELSE f.window_started_at END,
          failures = CASE WHEN f.window_started_at <= ${windowStart} THEN 1 ELSE f.failures + 1 END
        WHERE f.window_started_at <= ${windowStart} OR f.failures < ${limit.maxFailures}
        RETURNING window_started_at, failures`.execute(db);
      const row = taken.rows[0];
      if (row) return { taken: true, window: { startedAt: row.window_started_at, failures: row.failures } };
      const full = await db
        .selectFrom('sign_in_failures')
        .select(['window_started_at', 'failures'])
        .where('email', '=', email)
        .executeTakeFirst();
      // Gone meanwhile (a cleanup after its window ended): refused all the same, for a whole window.
      const window = full
        ? { startedAt: full.window_started_at, failures: full.failures }
        : { startedAt: now, failures: limit.maxFailures };
      return { taken: false, window };
    },

    async giveBack(email, window) {
      await db
        .updateTable('sign_in_failures')
        .set((eb) => ({ failures: eb('failures', '-', 1) }))
        .where('email', '=', email)
        .where('window_started_at', '=', window.startedAt)
        .where('failures', '>', 0)
        .execute();
    },

    async deleteStartedBefore(before) {
      const result = await db
        .deleteFrom('sign_in_failures')
        .where('window_started_at', '<=', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
