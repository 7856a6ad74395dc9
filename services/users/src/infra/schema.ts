import type { Generated } from 'kysely';

/** Tables of the users database, as migrations/users defines them. */
export interface UsersDatabase {
  users: {
    id: Generated<bigint>;
    email: string;
    name: string;
    password_hash: string;
    status: string;
    role: string;
    created_at: Date;
    updated_at: Date;
    deleted_at: Date | null;
  };
  sign_in_failures: {
    email: string;
    window_started_at: Date;
    failures: number;
  };
}
