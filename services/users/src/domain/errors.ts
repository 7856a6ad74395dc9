import {
  AlreadyExistsError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  ResourceExhaustedError,
  UnauthenticatedError,
} from '@marketplace/platform';
import type { UserStatus } from './user.ts';

export class UserNotFoundError extends NotFoundError {
  constructor(id: bigint) {
    super(`user ${id} not found`);
  }
}

export class EmailTakenError extends AlreadyExistsError {
  constructor() {
    super('a user with this email already exists');
  }
}

/** Unknown email or wrong password: one message for both, so sign-in does not reveal who has an account. */
export class InvalidCredentialsError extends UnauthenticatedError {
  constructor() {
    super('invalid email or password');
  }
}

/** Too many failed sign-ins for one email within the window. */
export class TooManySignInFailuresError extends ResourceExhaustedError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      `too many failed sign-ins for this email, counting those still being checked; retry after ${retryAfterSeconds}s`,
    );
  }
}

/** Every slot for password hashing was taken and none freed in time: the caller retries shortly. */
export class PasswordHashingBusyError extends ResourceExhaustedError {
  readonly retryAfterSeconds = 1;
  /** `why` tells the queue was full (refused at once) from a wait that ran out (after PASSWORD_HASH_WAIT). */
  constructor(readonly why: 'queue full' | 'wait timed out') {
    super('too many sign-ins at once; retry shortly');
  }
}

/** The password was right but the account may not sign in. */
export class AccountNotActiveError extends PermissionDeniedError {
  constructor(status: UserStatus) {
    super(`this account is ${status} and cannot sign in`);
  }
}

/** A call that needs a caller came without a usable access token (the platform's, which verifiers throw). */
export { AccessTokenError } from '@marketplace/platform';

export class NotOwnAccountError extends PermissionDeniedError {
  constructor(id: bigint) {
    super(
      `permission denied: user ${id} is not the signed-in user (only an admin may access other accounts)`,
    );
  }
}

export class AdminRequiredError extends PermissionDeniedError {
  constructor(what: string) {
    super(`permission denied: ${what} needs an admin token`);
  }
}

/** An update whose field mask does not fit its fields (the proto rules cannot say this). */
export class InvalidUpdateError extends InvalidArgumentError {}
