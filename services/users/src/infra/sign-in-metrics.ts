import type { Logger } from '@marketplace/platform';
import { Counter, type Registry } from 'prom-client';
import type { SignInFailureReason, SignInMetrics } from '../app/ports.ts';

const REASONS: readonly SignInFailureReason[] = ['unknown_or_wrong', 'rate_limited', 'suspended', 'inactive'];

/**
 * Failed sign-ins by reason, as a Prometheus counter (every reason exported from the start) and a
 * log line each (the reason only: never the email or what was typed).
 */
export function createSignInMetrics(registry: Registry, log: Logger): SignInMetrics {
  const failures = new Counter({
    name: 'users_sign_in_failures_total',
    help: 'Sign-ins refused, by reason: unknown_or_wrong (email or password), rate_limited, suspended, inactive.',
    labelNames: ['reason'],
    registers: [registry],
  });
  for (const reason of REASONS) failures.inc({ reason }, 0);
  return {
    failed(reason) {
      failures.inc({ reason });
      log.info({ reason }, 'sign-in refused');
    },
  };
}
