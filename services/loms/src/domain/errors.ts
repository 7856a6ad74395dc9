import {
  AbortedError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
} from '@marketplace/platform';

export class OrderNotFoundError extends NotFoundError {
  constructor(orderId: bigint) {
    super(`order ${orderId} not found`);
  }
}

export class StockNotFoundError extends NotFoundError {
  constructor(sku: bigint) {
    super(`stock for sku ${sku} not found`);
  }
}

/** A move the order's status table does not allow, e.g. paying a cancelled order. */
export class OrderStatusError extends FailedPreconditionError {
  constructor(orderId: bigint, from: string, to: string) {
    super(`order ${orderId} is ${from}: it cannot become ${to}`);
  }
}

export class InsufficientStockError extends FailedPreconditionError {}

export class StockBelowReservedError extends FailedPreconditionError {
  constructor(sku: bigint, totalCount: bigint) {
    super(`stock for sku ${sku} cannot be set to ${totalCount}: more than that is reserved`);
  }
}

/** A StockSet from a writer whose lease has passed on: a newer lease already set this sku. */
export class StaleFencingTokenError extends AbortedError {
  constructor(sku: bigint, fencingToken: bigint) {
    super(
      `stock for sku ${sku} was not set: fencing token ${fencingToken} is older than the newest one applied to it (the writer's lease has passed to another)`,
    );
  }
}

/** The users service does not know the user as active (suspended, inactive, unknown or deleted). */
export class UserMayNotOrderError extends PermissionDeniedError {
  constructor(userId: bigint) {
    super(`user ${userId} may not place orders: the account is not active`);
  }
}

export class IdempotencyKeyReusedError extends InvalidArgumentError {
  constructor() {
    super('Idempotency-Key was already used for a different request');
  }
}

/** The counts of one sku in an order add up to more than an item count can hold (uint32). */
export class ItemCountOverflowError extends InvalidArgumentError {
  constructor(sku: bigint) {
    super(`invalid OrderCreateRequest.items: the counts of sku ${sku} add up to more than ${MAX_ITEM_COUNT}`);
  }
}

/** The largest count of one sku in an order: counts are uint32 on the wire. */
export const MAX_ITEM_COUNT = 4_294_967_295n;
