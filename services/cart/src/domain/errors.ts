import {
  FailedPreconditionError,
  NotFoundError,
  PermissionDeniedError,
  UnavailableError,
} from '@marketplace/platform';
import { MAX_ITEM_COUNT } from './cart.ts';

export class UnknownProductError extends FailedPreconditionError {
  constructor(sku: bigint) {
    super(`sku ${sku} is not in the product catalogue`);
  }
}

export class InsufficientStockError extends FailedPreconditionError {
  constructor(sku: bigint, requested: number, available: number) {
    super(`not enough stock for sku ${sku}: ${requested} requested, ${available} available`);
  }
}

/** Adding would take one sku of the cart past the uint32 count an order item can hold. */
export class ItemCountLimitError extends FailedPreconditionError {
  constructor(sku: bigint) {
    super(`sku ${sku} cannot be added: the cart would hold more than ${MAX_ITEM_COUNT} of it`);
  }
}

export class EmptyCartError extends NotFoundError {
  constructor(userId: bigint) {
    super(`cart of user ${userId} is empty`);
  }
}

/** LOMS refused the order (FailedPrecondition), e.g. for short stock; its reason is kept. */
export class OrderRefusedError extends FailedPreconditionError {
  constructor(reason: string) {
    super(`order refused: ${reason}`);
  }
}

/** LOMS refused the user (PermissionDenied: a suspended, inactive or unknown account); its reason is kept. */
export class OrderForbiddenError extends PermissionDeniedError {
  constructor(reason: string) {
    super(`order refused: ${reason}`);
  }
}

/** A service the cart depends on cannot answer now; the message names it. */
export class DependencyUnavailableError extends UnavailableError {}
