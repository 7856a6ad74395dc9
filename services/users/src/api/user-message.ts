import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  type User as UserMessage,
  UserSchema,
  type UserUpdate,
} from '@marketplace/proto/marketplace/users/v1/users_pb';
import type { User, UserRole, UserStatus } from '../domain/user.ts';
import type { UserUpdateValues } from '../domain/user-update.ts';

/** A domain user as its protobuf message. */
export const toUserMessage = (user: User): UserMessage =>
  create(UserSchema, {
    id: user.id,
    email: user.email,
    name: user.name,
    status: user.status,
    role: user.role,
    createdAt: timestampFromDate(user.createdAt),
    updatedAt: timestampFromDate(user.updatedAt),
  });

/**
 * The values an update message sets. Status and role hold what users.proto allows once the
 * validation interceptor has passed the request (the auth guard, which runs first, reads only
 * which fields are set).
 */
export function updateValuesOf(update: UserUpdate | undefined): UserUpdateValues {
  return {
    name: update?.name,
    email: update?.email,
    status: update?.status as UserStatus | undefined,
    role: update?.role as UserRole | undefined,
    password: update?.password,
  };
}
