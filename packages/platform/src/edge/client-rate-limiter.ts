import { BlockList, isIP } from 'node:net';
import { createTokenBucket, type TakeResult, type TokenBucket } from '../token-bucket.ts';

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
 * Limits requests per client. The client is the TCP peer, or, when the peer is a trusted proxy, the
 * right-most address of `X-Forwarded-For` that is not itself a trusted proxy (the left part of the
 * header is whatever the client wrote). Buckets live in a Map used in LRU order, so a flood of new
 * addresses evicts idle clients, never the active ones.
 */
export function createClientRateLimiter(options: ClientRateLimiterOptions): ClientRateLimiter {
  const trusted = trustedList(options.trustedProxies ?? []);
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
      return bucketFor(clientAddress(peer ?? 'unknown', forwardedFor, trusted)).tryTake();
    },
    get size() {
      return buckets.size;
    },
  };
}

/** Parses `10.0.0.0/8,127.0.0.1,::1` into a BlockList; throws on anything else. */
function trustedList(entries: readonly string[]): BlockList | undefined {
  if (entries.length === 0) return undefined;
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.trim().split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (isIP(address) === 0) throw new RangeError(`not an IP address or CIDR range: "${entry}"`);
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  const family = isIP(plain);
  return family !== 0 && list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
}

function clientAddress(peer: string, forwardedFor: string | string[] | undefined, trusted?: BlockList) {
  if (!trusted || forwardedFor === undefined || !isTrusted(trusted, peer)) return peer;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop !== '');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string;
    if (isIP(hop) === 0) return peer;
    if (!isTrusted(trusted, hop)) return hop;
  }
  return hops[0] ?? peer;
}
