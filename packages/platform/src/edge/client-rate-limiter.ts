import { createTokenBucket, type TakeResult, type TokenBucket } from '../token-bucket.ts';
import { clientAddressResolver } from './client-address.ts';

/** Options of {@link createClientRateLimiter}. */
export interface ClientRateLimiterOptions {
  /** Requests per second per client (token bucket; burst is twice this). */
  ratePerSecond: number;
  /** Most clients tracked at once; the least recently seen is forgotten first. */
  maxClients: number;
  /** Peers whose `X-Forwarded-For` names the client (addresses or CIDR ranges). Default: none. */
  trustedProxies?: readonly string[];
}

/** A per-client token bucket limiter shared by every port of a server. */
export interface ClientRateLimiter {
  /** Takes a token for the client of a request from `peer` carrying `forwardedFor`. */
  take(peer: string | undefined, forwardedFor: string | string[] | undefined): TakeResult;
  /** Number of clients tracked now. */
  readonly size: number;
}

/**
 * Limits requests per client (as `clientAddressResolver` names it). Buckets live in a Map used in LRU order, so a flood of new
 * addresses evicts idle clients, never the active ones.
 */
export function createClientRateLimiter(options: ClientRateLimiterOptions): ClientRateLimiter {
  const clientOf = clientAddressResolver(options.trustedProxies ?? []);
  const buckets = new Map<string, TokenBucket>();
  const bucketFor = (client: string) => {
    let bucket = buckets.get(client);
    if (bucket) {
      buckets.delete(client);
    } else {
      if (buckets.size >= options.maxClients) buckets.delete(buckets.keys().next().value as string);
      bucket = createTokenBucket({ ratePerSecond: options.ratePerSecond, burst: options.ratePerSecond * 2 });
    }
    buckets.set(client, bucket);
    return bucket;
  };
  return {
    take(peer, forwardedFor) {
      return bucketFor(clientOf(peer, forwardedFor) ?? 'unknown').tryTake();
    },
    get size() {
      return buckets.size;
    },
  };
}
