import { describe, expect, it } from 'vitest';
import { createClientRateLimiter } from '../../src/edge/client-rate-limiter.ts';

const drain = (take: () => { ok: boolean }) => {
  let taken = 0;
  while (take().ok) taken++;
  return taken;
};

describe('createClientRateLimiter', () => {
  it('gives each client its own bucket of twice the rate', () => {
    const limiter = createClientRateLimiter({ ratePerSecond: 3, maxClients: 10 });
    expect(drain(() => limiter.take('10.0.0.1', undefined))).toBe(6);
    expect(limiter.take('10.0.0.2', undefined).ok).toBe(true);
  });

  it('forgets the least recently seen client first, so a flood of new addresses cannot reset an active one', () => {
    const limiter = createClientRateLimiter({ ratePerSecond: 1, maxClients: 3 });
    drain(() => limiter.take('192.0.2.1', undefined));
    limiter.take('192.0.2.2', undefined);
    for (let i = 0; i < 50; i++) {
      limiter.take(`198.51.100.${i}`, undefined);
      // The active client keeps asking (and being refused): it stays the most recently seen.
      expect(limiter.take('192.0.2.1', undefined).ok).toBe(false);
    }
    expect(limiter.size).toBe(3);
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    const limiter = createClientRateLimiter({
      ratePerSecond: 1,
      maxClients: 10,
      trustedProxies: ['10.0.0.0/8'],
    });
    drain(() => limiter.take('192.0.2.7', '198.51.100.1'));
    expect(limiter.take('192.0.2.7', '198.51.100.2').ok).toBe(false);
  });

  it('takes the right-most untrusted X-Forwarded-For hop from a trusted proxy', () => {
    const limiter = createClientRateLimiter({
      ratePerSecond: 1,
      maxClients: 10,
      trustedProxies: ['10.0.0.0/8', '::1'],
    });
    // The client wrote a fake left-most hop; the proxy appended the real address.
    drain(() => limiter.take('::ffff:10.1.2.3', 'spoofed-1, 198.51.100.9, 10.0.0.5'));
    expect(limiter.take('::1', '198.51.100.9').ok).toBe(false);
    expect(limiter.take('10.1.2.3', '198.51.100.10').ok).toBe(true);
  });

  it('refuses a trusted proxy list it cannot parse', () => {
    expect(() =>
      createClientRateLimiter({ ratePerSecond: 1, maxClients: 1, trustedProxies: ['nope'] }),
    ).toThrow(/not an IP address/);
  });
});
