import { stop } from 'esbuild';
import { staleReason } from './build-freshness.ts';
import { buildService } from './build-service.ts';

/**
 * Builds those of `services` whose bundles are missing or older than their sources, one after
 * another, saying why for each, and nothing else. Stops esbuild's helper process when done.
 */
export async function ensureServicesBuilt(
  services: readonly string[],
  say: (line: string) => void = console.log,
): Promise<void> {
  try {
    for (const service of services) {
      const reason = staleReason(service);
      if (!reason) continue;
      const started = performance.now();
      await buildService(service);
      say(`built ${service} (${reason}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    // esbuild's helper process would otherwise live as long as the caller (the stack's launcher).
    await stop();
  }
}
