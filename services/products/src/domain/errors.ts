import {
  AbortedError,
  AlreadyExistsError,
  FailedPreconditionError,
  NotFoundError,
  UnavailableError,
} from '@marketplace/platform';

export class ProductNotFoundError extends NotFoundError {
  constructor(sku: bigint) {
    super(`product ${sku} not found`);
  }
}

/** Also for a deleted product: skus are never reused. */
export class ProductExistsError extends AlreadyExistsError {
  constructor(sku: bigint) {
    super(`product ${sku} already exists`);
  }
}

export class BatchNotFoundError extends NotFoundError {
  constructor(batchId: string) {
    super(`ingest batch ${batchId} not found`);
  }
}

/** Too many accepted events are still waiting to be applied: the caller should retry later. */
export class IngestBacklogFullError extends UnavailableError {
  constructor(pending: number, incoming: number, maxBacklog: number) {
    super(
      `ingest backlog is full: ${pending} events waiting, ${incoming} more would exceed ${maxBacklog}; retry later`,
    );
  }
}

/** LOMS refused a stock change for a reason retrying cannot fix (e.g. below what is reserved). */
export class StockRejectedError extends FailedPreconditionError {
  constructor(sku: bigint, reason: string) {
    super(`LOMS refused stock for sku ${sku}: ${reason}`);
  }
}

/** LOMS refused a stock change made under a lease older than one that already set the sku. */
export class StockFencedError extends AbortedError {
  constructor(sku: bigint, reason: string) {
    super(`LOMS fenced off stock for sku ${sku}: ${reason}`);
  }
}
