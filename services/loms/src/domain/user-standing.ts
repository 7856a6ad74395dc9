import { UserMayNotOrderError } from './errors.ts';

/**
 * Why an order went ahead without the users service's word on its user: it did not answer in time
 * or was failing, its circuit breaker was open, or it refused LOMS's own credentials (or answered
 * something else unexpected).
 */
export const UNCHECKED_REASONS = ['unavailable', 'circuit_open', 'error'] as const;
export type UncheckedReason = (typeof UNCHECKED_REASONS)[number];

/** What the users service said of an order's user. */
export type UserStanding =
  | { kind: 'known'; status: string }
  | { kind: 'unknown' }
  | { kind: 'unchecked'; reason: UncheckedReason };

/**
 * Only active users may order. An unknown (or deleted) user is refused like an inactive one, with the
 * same error, so OrderCreate tells nobody which accounts exist or what state they are in. When the
 * users service could not answer, the order goes ahead: ordering must not stop with a dependency.
 */
export function assertMayOrder(userId: bigint, standing: UserStanding): void {
  if (standing.kind === 'unchecked') return;
  if (standing.kind === 'known' && standing.status === 'active') return;
  throw new UserMayNotOrderError(userId);
}
