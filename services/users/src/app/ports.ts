import type { Caller } from '../domain/access.ts';
import type { FailureWindow, SignInLimit } from '../domain/sign-in-limit.ts';
import type { User, UserRole, UserStatus } from '../domain/user.ts';

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string;
  role: UserRole;
  status: UserStatus;
}

/** What an update writes: only the fields it changes. */
export interface UserChanges {
  name?: string;
  email?: string;
  status?: UserStatus;
  role?: UserRole;
  passwordHash?: string;
}

export interface UserFilter {
  /** Matches name or email containing it, ignoring case. */
  search?: string;
  status?: UserStatus;
}

export type UpdateResult = { kind: 'updated'; user: User } | { kind: 'not-found' } | { kind: 'email-taken' };

/** Accounts in PostgreSQL; every read and write but insert sees live (not deleted) users only. */
export interface UserRepository {
  /** The new user, or undefined when a live user has the email (ignoring case). */
  insert(user: NewUser, now: Date): Promise<User | undefined>;
  find(id: bigint): Promise<User | undefined>;
  /** The live user with this email (ignoring case), with their password hash. */
  findByEmail(email: string): Promise<(User & { passwordHash: string }) | undefined>;
  /** A page newest first (ties by id, newest first) and how many users match in all. */
  list(
    filter: UserFilter,
    page: { limit: number; offset: number },
  ): Promise<{ users: User[]; total: bigint }>;
  update(id: bigint, changes: UserChanges, now: Date): Promise<UpdateResult>;
  /** Marks the user deleted; false when there was no live user with the id. */
  softDelete(id: bigint, now: Date): Promise<boolean>;
}

/** Failed sign-ins per email key, shared by every replica. */
export interface SignInFailureRepository {
  /**
   * Counts an attempt for `email` as a failure in advance, unless the email already has
   * `maxFailures` in a window that has not ended: then nothing changes and `taken` is false. A
   * window that has ended is replaced by a new one starting now. One statement, so concurrent
   * attempts cannot get past the limit together.
   */
  take(email: string, limit: SignInLimit, now: Date): Promise<{ taken: boolean; window: FailureWindow }>;
  /** Takes back an attempt counted by `take` that did not fail, if its window is still the current one. */
  giveBack(email: string, window: FailureWindow): Promise<void>;
  /** Deletes windows that started at or before `before` (ended by then); returns how many. */
  deleteStartedBefore(before: Date): Promise<number>;
}

export interface Repositories {
  users: UserRepository;
  signInFailures: SignInFailureRepository;
}

export interface PasswordHasher {
  /** A slow salted hash with its parameters. */
  hash(password: string): Promise<string>;
  /**
   * Compares in constant time. Without a stored hash (an unknown email) it does the same work
   * against a dummy hash and fails, so timing does not tell whether the email has an account.
   * `rehash` is true when the stored hash uses weaker parameters than new hashes do.
   */
  verify(password: string, stored: string | undefined): Promise<{ ok: boolean; rehash: boolean }>;
}

/** A public key of the token signer, as a JWKS lists it. */
export interface PublicJwk {
  kty: string;
  crv: string;
  x: string;
  y: string;
  kid: string;
  alg: string;
  use: string;
}

export interface AccessTokens {
  /** A signed token for `user`, valid from `now` for the configured lifetime. */
  issue(user: Pick<User, 'id' | 'role'>, now: Date): Promise<{ token: string; expiresInSeconds: number }>;
  /** The caller a token names; AccessTokenError when it is malformed, expired or not signed by a known key. */
  verify(token: string, now: Date): Promise<Caller>;
  /** The signing key's public half first, then older keys still accepted. */
  publicKeys(): PublicJwk[];
}

export interface Clock {
  now(): Date;
}

/** Why a sign-in failed, as the failure counter labels it. */
export type SignInFailureReason = 'unknown_or_wrong' | 'rate_limited' | 'suspended' | 'inactive';

export interface SignInMetrics {
  failed(reason: SignInFailureReason): void;
}

export interface UsersDeps {
  repos: Repositories;
  passwords: PasswordHasher;
  tokens: AccessTokens;
  clock: Clock;
  signInLimit: SignInLimit;
  metrics: SignInMetrics;
}
