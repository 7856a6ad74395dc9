import { join } from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from './service-bundles.ts';
import { sourceLocationPlugin } from './source-location-plugin.ts';

/** Where `make run-all`'s launcher is bundled to: packages/testkit/dist/run-all.js. */
export const LAUNCHER_BUNDLE = join(REPO_ROOT, 'packages/testkit/dist/run-all.js');

/**
 * Bundles the native stack's launcher (packages/testkit/src/stack/run-all.ts) into
 * {@link LAUNCHER_BUNDLE}, so it runs as plain JavaScript: Node's own TypeScript stripping keeps a
 * WebAssembly compiler in the process (~17 MB), and tsx a second process besides. Not minified, so
 * its stack traces read without source maps.
 */
export async function buildLauncher(): Promise<void> {
  const outdir = join(REPO_ROOT, 'packages/testkit/dist');
  await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: { 'run-all': join(REPO_ROOT, 'packages/testkit/src/stack/run-all.ts') },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    // Only Node's built-ins are used; a package would have to be bundled or installed beside it.
    packages: 'external',
    logLevel: 'warning',
    plugins: [sourceLocationPlugin(outdir)],
  });
}
