import { randomBytes } from 'node:crypto';

/**
 * A random positive int64, uniformly from 1..2^63-1 as Go's `rand.Int63()` draws them: almost all
 * are beyond 2^53, where a double would round them.
 */
export function randomInt63(): bigint {
  for (;;) {
    const value = BigInt.asUintN(63, randomBytes(8).readBigUInt64BE());
    if (value > 0n) return value;
  }
}
