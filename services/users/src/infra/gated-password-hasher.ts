import { type ConcurrencyGate, GateFullError } from '@marketplace/platform';
import type { PasswordHasher } from '../app/ports.ts';
import { PasswordHashingBusyError } from '../domain/errors.ts';

/**
 * A password hasher whose hashes and checks run through `gate`: each scrypt holds tens of MiB, so
 * only a few run at once and a flood of sign-ins is refused quickly (PasswordHashingBusyError)
 * rather than queued without bound. A check for an unknown email passes the same gate as any.
 */
export function createGatedPasswordHasher(inner: PasswordHasher, gate: ConcurrencyGate): PasswordHasher {
  const gated = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await gate.run(work);
    } catch (err) {
      throw err instanceof GateFullError ? new PasswordHashingBusyError(err.why) : err;
    }
  };
  return {
    hash: (password) => gated(() => inner.hash(password)),
    verify: (password, stored) => gated(() => inner.verify(password, stored)),
  };
}
