import { BlockList, isIP } from 'node:net';

/** Resolves the address of the client behind a request. */
export type ClientAddressOf = (
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
) => string | undefined;

/**
 * The client is the TCP peer, or, when the peer is one of `trustedProxies` (addresses or CIDR
 * ranges), the right-most address of its `X-Forwarded-For` that is not itself a trusted proxy (the
 * left part of the header is whatever the client wrote). IPv4-mapped IPv6 addresses
 * (`::ffff:10.0.0.1`) are given as IPv4. Undefined when the peer is unknown (socket already gone).
 * Throws a RangeError for an entry of `trustedProxies` that is no address or range.
 */
export function clientAddressResolver(trustedProxies: readonly string[]): ClientAddressOf {
  const trusted = trustedList(trustedProxies);
  return (peer, forwardedFor) => {
    if (peer === undefined || isIP(peer) === 0) return undefined;
    const client = plainAddress(peer);
    if (!trusted || forwardedFor === undefined || !isTrusted(trusted, client)) return client;
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
      .split(',')
      .map((hop) => hop.trim())
      .filter((hop) => hop !== '');
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i] as string;
      if (isIP(hop) === 0) return client;
      if (!isTrusted(trusted, hop)) return plainAddress(hop);
    }
    return hops.length > 0 ? plainAddress(hops[0] as string) : client;
  };
}

/** Whether a TCP peer is one of `trustedProxies` (addresses or CIDR ranges), which carry many clients. */
export function trustedPeerCheck(trustedProxies: readonly string[]): (peer: string) => boolean {
  const trusted = trustedList(trustedProxies);
  return (peer) => trusted !== undefined && isTrusted(trusted, peer);
}

function trustedList(entries: readonly string[]): BlockList | undefined {
  if (entries.length === 0) return undefined;
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.trim().split('/');
    if (isIP(address) === 0) throw new RangeError(`not an IP address or CIDR range: "${entry}"`);
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function isTrusted(list: BlockList, address: string): boolean {
  const plain = plainAddress(address);
  const family = isIP(plain);
  return family !== 0 && list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
}
