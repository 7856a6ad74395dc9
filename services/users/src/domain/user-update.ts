import type { UserRole, UserStatus } from './user.ts';

/** The fields an update may change; id and timestamps never change through it. */
export const UPDATABLE_FIELDS = ['name', 'email', 'status', 'role', 'password'] as const;
export type UpdatableField = (typeof UPDATABLE_FIELDS)[number];

/** Fields only an admin may change. */
export const ADMIN_ONLY_FIELDS: readonly UpdatableField[] = ['status', 'role'];

/** The values an update carries; each is set only when the request set it. */
export interface UserUpdateValues {
  name?: string;
  email?: string;
  status?: UserStatus;
  role?: UserRole;
  password?: string;
}

const isUpdatable = (path: string): path is UpdatableField =>
  (UPDATABLE_FIELDS as readonly string[]).includes(path);

/**
 * The fields an update changes: those its mask names or, without a mask, those it sets (a REST
 * PATCH has its mask inferred from the body's keys, so both read the same). `unknown` lists mask
 * paths naming no updatable field; `unset` lists masked fields the update does not set.
 */
export function selectUpdateFields(
  maskPaths: readonly string[],
  values: UserUpdateValues,
): { fields: UpdatableField[]; unknown: string[]; unset: UpdatableField[] } {
  const set = UPDATABLE_FIELDS.filter((field) => values[field] !== undefined);
  if (maskPaths.length === 0) return { fields: set, unknown: [], unset: [] };
  const fields = UPDATABLE_FIELDS.filter((field) => maskPaths.includes(field));
  const unknown = [...new Set(maskPaths.filter((path) => !isUpdatable(path)))];
  const unset = fields.filter((field) => values[field] === undefined);
  return { fields, unknown, unset };
}

/** Whether changing `fields` takes an admin. */
export const needsAdmin = (fields: readonly UpdatableField[]): boolean =>
  fields.some((field) => ADMIN_ONLY_FIELDS.includes(field));
