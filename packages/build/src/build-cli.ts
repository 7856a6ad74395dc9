/**
 * `make build`: bundles every service (or those named as arguments) into services/<name>/dist.
 * With `--stale`, builds only those whose bundles are missing or older than their sources, saying
 * why for each (what `make run-all`'s launcher runs in a process of its own, so esbuild never stays
 * loaded in it). With `--launcher`, bundles that launcher alone (`make run-all` runs the bundle).
 */
import { stop } from 'esbuild';
import { buildLauncher } from './build-launcher.ts';
import { buildService } from './build-service.ts';
import { ensureServicesBuilt } from './ensure-built.ts';
import { serviceNames } from './service-bundles.ts';

const args = process.argv.slice(2);
if (args[0] === '--launcher') {
  await buildLauncher();
  await stop();
  process.exit(0);
}
const staleOnly = args[0] === '--stale';
const named = staleOnly ? args.slice(1) : args;
const services = named.length > 0 ? named : serviceNames();
const started = performance.now();
if (staleOnly) await ensureServicesBuilt(services);
else
  for (const service of services) {
    const { bundles } = await buildService(service);
    const sizes = Object.entries(bundles).map(([name, bytes]) => `${name}.js ${(bytes / 1e6).toFixed(1)} MB`);
    console.log(`${service.padEnd(12)} ${sizes.join(', ')}`);
  }
if (!staleOnly)
  console.log(`built ${services.length} services in ${((performance.now() - started) / 1000).toFixed(1)} s`);
