import type { Executor } from '@marketplace/platform';
import { type SelectQueryBuilder, sql } from 'kysely';
import type { UserRepository } from '../app/ports.ts';
import { isUserRole, isUserStatus, type User } from '../domain/user.ts';
import type { UsersDatabase } from './schema.ts';

const COLUMNS = ['id', 'email', 'name', 'status', 'role', 'created_at', 'updated_at'] as const;

interface UserRow {
  id: bigint;
  email: string;
  name: string;
  status: string;
  role: string;
  created_at: Date;
  updated_at: Date;
}

const UNIQUE_VIOLATION = '23505';

function toUser(row: UserRow): User {
  // The table's checks hold these to the domain's values; a row that broke them is a server bug.
  if (!isUserStatus(row.status) || !isUserRole(row.role))
    throw new Error(`user ${row.id} has status ${row.status} and role ${row.role}`);
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    status: row.status,
    role: row.role,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** `text` as a LIKE pattern matching itself anywhere: its wildcards and escapes taken literally. */
const containing = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Accounts in PostgreSQL; every read and write but insert sees live (not deleted) users only. */
export function createUserRepository(db: Executor<UsersDatabase>): UserRepository {
  const live = () => db.selectFrom('users').where('deleted_at', 'is', null);
  return {
    async insert(user, now) {
      const row = await db
        .insertInto('users')
        .values({
          email: user.email,
          name: user.name,
          password_hash: user.passwordHash,
          status: user.status,
          role: user.role,
          created_at: now,
          updated_at: now,
        })
        // The live-email index: ON CONFLICT names its expression and predicate to infer it.
        .onConflict((oc) => oc.expression(sql`lower(email)`).where('deleted_at', 'is', null).doNothing())
        .returning(COLUMNS)
        .executeTakeFirst();
      return row && toUser(row);
    },

    async find(id) {
      const row = await live().select(COLUMNS).where('id', '=', id).executeTakeFirst();
      return row && toUser(row);
    },

    async findByEmail(email) {
      const row = await live()
        .select([...COLUMNS, 'password_hash'])
        .where(sql`lower(email)`, '=', email.toLowerCase())
        .executeTakeFirst();
      return row && { ...toUser(row), passwordHash: row.password_hash };
    },

    async list(filter, page) {
      const matching = <O>(query: SelectQueryBuilder<UsersDatabase, 'users', O>) => {
        let q = query.where('deleted_at', 'is', null);
        if (filter.status) q = q.where('status', '=', filter.status);
        if (filter.search) {
          const pattern = containing(filter.search);
          q = q.where((eb) =>
            eb.or([eb(sql`lower(name)`, 'like', pattern), eb(sql`lower(email)`, 'like', pattern)]),
          );
        }
        return q;
      };
      // One snapshot for the page and the total: both in one statement.
      const rows = await db
        .selectFrom(
          matching(db.selectFrom('users').select((eb) => eb.fn.countAll<bigint>().as('total'))).as('t'),
        )
        .leftJoinLateral(
          matching(db.selectFrom('users').select(COLUMNS))
            .orderBy('created_at', 'desc')
            .orderBy('id', 'desc')
            .limit(page.limit)
            .offset(page.offset)
            .as('u'),
          (join) => join.onTrue(),
        )
        .select([
          't.total',
          'u.id',
          'u.email',
          'u.name',
          'u.status',
          'u.role',
          'u.created_at',
          'u.updated_at',
        ])
        .orderBy('u.created_at', 'desc')
        .orderBy('u.id', 'desc')
        .execute();
      const total = BigInt(rows[0]?.total ?? 0n);
      // The left join gives one row without a user when the page is empty.
      const users = rows.flatMap((row) => (row.id === null ? [] : [toUser(row as unknown as UserRow)]));
      return { users, total };
    },

    async update(id, changes, now) {
      try {
        const row = await db
          .updateTable('users')
          // Kysely leaves out undefined values: only the fields given change.
          .set({
            name: changes.name,
            email: changes.email,
            status: changes.status,
            role: changes.role,
            password_hash: changes.passwordHash,
            updated_at: now,
          })
          .where('id', '=', id)
          .where('deleted_at', 'is', null)
          .returning(COLUMNS)
          .executeTakeFirst();
        return row ? { kind: 'updated', user: toUser(row) } : { kind: 'not-found' };
      } catch (err) {
        if ((err as { code?: string }).code === UNIQUE_VIOLATION) return { kind: 'email-taken' };
        throw err;
      }
    },

    async softDelete(id, now) {
      const result = await db
        .updateTable('users')
        .set({ deleted_at: now, updated_at: now })
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
