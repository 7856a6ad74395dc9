/** The statuses an account can have; only an active user can sign in. */
export const USER_STATUSES = ['active', 'inactive', 'suspended'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** What a user may do beyond their own account: admins manage every account. */
export const USER_ROLES = ['customer', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** An account as the API shows it: its password hash stays in the repository. */
export interface User {
  id: bigint;
  email: string;
  name: string;
  status: UserStatus;
  role: UserRole;
  createdAt: Date;
  updatedAt: Date;
}

export const isUserStatus = (value: string): value is UserStatus =>
  (USER_STATUSES as readonly string[]).includes(value);

export const isUserRole = (value: string): value is UserRole =>
  (USER_ROLES as readonly string[]).includes(value);

/**
 * The form of an email that accounts are unique by and sign-in failures are counted by: addresses
 * match ignoring case (the valid ones are ASCII, where JavaScript's and PostgreSQL's lower agree).
 */
export const emailKey = (email: string): string => email.toLowerCase();
