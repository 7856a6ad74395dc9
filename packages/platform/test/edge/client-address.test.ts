import { describe, expect, it } from 'vitest';
import { clientAddressResolver } from '../../src/edge/client-address.ts';

describe('clientAddressResolver', () => {
  const direct = clientAddressResolver([]);
  const behindProxy = clientAddressResolver(['10.0.0.0/8', '127.0.0.1']);

  it("is the TCP peer when no proxy is trusted, whatever the client's X-Forwarded-For says", () => {
    expect(direct('203.0.113.7', undefined)).toBe('203.0.113.7');
    expect(direct('203.0.113.7', '198.51.100.1')).toBe('203.0.113.7');
    expect(direct('::ffff:203.0.113.7', undefined)).toBe('203.0.113.7');
    expect(direct('2001:db8::1', '198.51.100.1')).toBe('2001:db8::1');
  });

  it('is the TCP peer when the peer is not trusted', () => {
    expect(behindProxy('203.0.113.7', '198.51.100.1')).toBe('203.0.113.7');
  });

  it('behind a trusted peer, is the right-most forwarded address that is not itself trusted', () => {
    expect(behindProxy('10.1.1.1', '198.51.100.1')).toBe('198.51.100.1');
    expect(behindProxy('::ffff:10.1.1.1', 'spoofed, 198.51.100.1, 10.2.2.2')).toBe('198.51.100.1');
    expect(behindProxy('127.0.0.1', ['198.51.100.9', '10.2.2.2'])).toBe('198.51.100.9');
    expect(behindProxy('10.1.1.1', '10.2.2.2, 10.3.3.3')).toBe('10.2.2.2');
  });

  it('falls back to the peer on a malformed or empty header, and gives nothing for an unknown peer', () => {
    expect(behindProxy('10.1.1.1', '198.51.100.1, not-an-address')).toBe('10.1.1.1');
    expect(behindProxy('10.1.1.1', ' , ')).toBe('10.1.1.1');
    expect(behindProxy('10.1.1.1', undefined)).toBe('10.1.1.1');
    expect(direct(undefined, '198.51.100.1')).toBeUndefined();
  });

  it('refuses a trusted entry that is not an address or range', () => {
    expect(() => clientAddressResolver(['proxy.local'])).toThrow(/proxy\.local/);
  });
});
