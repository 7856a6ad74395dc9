/** `make build`: bundles every service (or those named as arguments) into services/<name>/dist. */
import { buildService } from './build-service.ts';
import { serviceNames } from './service-bundles.ts';

const services = process.argv.length > 2 ? process.argv.slice(2) : serviceNames();
const started = performance.now();
for (const service of services) {
  const { bundles } = await buildService(service);
  const sizes = Object.entries(bundles).map(([name, bytes]) => `${name}.js ${(bytes / 1e6).toFixed(1)} MB`);
  console.log(`${service.padEnd(12)} ${sizes.join(', ')}`);
}
console.log(`built ${services.length} services in ${((performance.now() - started) / 1000).toFixed(1)} s`);
