import type { Kysely } from 'kysely';
import type { Repositories } from '../app/ports.ts';
import type { UsersDatabase } from './schema.ts';
import { createSignInFailureRepository } from './sign-in-failure-repository.ts';
import { createUserRepository } from './user-repository.ts';

/** The app's repositories over the users database. */
export function createRepositories(db: Kysely<UsersDatabase>): Repositories {
  return { users: createUserRepository(db), signInFailures: createSignInFailureRepository(db) };
}
