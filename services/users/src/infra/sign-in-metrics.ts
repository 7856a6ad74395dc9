import { createCounterByLabel, type Logger } from '@marketplace/platform';
import type { Registry } from 'prom-client';
import type { SignInFailureReason, SignInMetrics } from '../app/ports.ts';

const REASONS: readonly SignInFailureReason[] = ['unknown_or_wrong', 'rate_limited', 'suspended', 'inactive'];

/**
 * Failed sign-ins by reason, as a Prometheus counter (every reason exported from the start) and a
 * log line each (the reason only: never the email or what was typed).
 */
export function createSignInMetrics(registry: Registry, log: Logger): SignInMetrics {
  const failures = createCounterByLabel(registry, {
    name: 'users_sign_in_failures_total',
    help: 'Sign-ins refused, by reason: unknown_or_wrong (email or password), rate_limited, suspended, inactive.',
    label: 'reason',
    values: REASONS,
  });
  return {
    failed(reason) {
      failures.inc({ reason });
      log.info({ reason }, 'sign-in refused');
    },
  };
}
