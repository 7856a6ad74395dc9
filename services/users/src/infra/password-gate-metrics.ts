import type { ConcurrencyGate } from '@marketplace/platform';
import { Gauge, type Registry } from 'prom-client';

/** Exports the password hashing gate: hashes running (never above the setting) and waiting. */
export function watchPasswordGate(registry: Registry, gate: ConcurrencyGate): void {
  new Gauge({
    name: 'users_password_hashes_in_flight',
    help: 'Password hashes (sign-in checks, new passwords) running now; at most MAX_CONCURRENT_PASSWORD_HASHES.',
    registers: [registry],
    collect() {
      this.set(gate.running);
    },
  });
  new Gauge({
    name: 'users_password_hashes_waiting',
    help: 'Password hashes waiting for a slot now; at most PASSWORD_HASH_QUEUE.',
    registers: [registry],
    collect() {
      this.set(gate.waiting);
    },
  });
}
