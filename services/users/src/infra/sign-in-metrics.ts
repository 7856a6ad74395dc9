import { createCounterByLabels, type Logger } from '@marketplace/platform';
import type { Registry } from 'prom-client';
import type { SignInFailureReason, SignInMetrics } from '../app/ports.ts';

/** The counter of sign-ins refused for the account (a busy password-hash gate is not counted here). */
const SIGN_IN_FAILURES = {
  name: 'users_sign_in_failures_total',
  help: 'Sign-ins refused, by reason: unknown_or_wrong (email or password), rate_limited, suspended, inactive.',
  labels: {
    reason: ['unknown_or_wrong', 'rate_limited', 'suspended', 'inactive'] satisfies SignInFailureReason[],
  },
};

/**
 * Failed sign-ins by reason, as a Prometheus counter (every reason exported from the start) and a
 * log line each (the reason only: never the email or what was typed).
 */
export function createSignInMetrics(registry: Registry, log: Logger): SignInMetrics {
  const failures = createCounterByLabels(registry, SIGN_IN_FAILURES);
  return {
    failed(reason) {
      failures.inc({ reason });
      log.info({ reason }, 'sign-in refused');
    },
  };
}
