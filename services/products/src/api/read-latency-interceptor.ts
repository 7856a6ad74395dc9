import type { DescMethod } from '@bufbuild/protobuf';
import type { Interceptor } from '@connectrpc/connect';
import { sleep } from '@marketplace/platform';

/**
 * A chaos knob: delays the given read methods by `latencyMs` before they run (the wait ends early
 * when the call is cancelled or its deadline passes). Zero adds nothing.
 */
export function createReadLatencyInterceptor(latencyMs: number, reads: readonly DescMethod[]): Interceptor {
  const names = new Set(reads.map((m) => `${m.parent.typeName}/${m.name}`));
  return (next) => async (req) => {
    if (latencyMs > 0 && names.has(`${req.service.typeName}/${req.method.name}`))
      await sleep(latencyMs, req.signal);
    return next(req);
  };
}
