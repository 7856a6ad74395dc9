export { staleReason } from './build-freshness.ts';
export { buildLauncher, LAUNCHER_BUNDLE } from './build-launcher.ts';
export { BUILD_RECORD, buildService, RUNTIME_PACKAGES, type ServiceBuild } from './build-service.ts';
export { ensureServicesBuilt } from './ensure-built.ts';
export { REPO_ROOT, serviceDistDir, serviceEntries, serviceNames } from './service-bundles.ts';
