import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { buildTimeModulesPlugin } from './build-time-modules-plugin.ts';
import { externalPackagesPlugin } from './external-packages-plugin.ts';
import { keepOwnMappingsInFile } from './own-source-map.ts';
import { REPO_ROOT, serviceDistDir, serviceEntries } from './service-bundles.ts';
import { sourceLocationPlugin } from './source-location-plugin.ts';

/**
 * Packages Node must load itself at run time: OpenTelemetry instruments pg as it loads, and
 * @fastify/swagger-ui serves files found from its own folder (`__dirname`).
 */
export const RUNTIME_PACKAGES = ['pg', '@fastify/swagger-ui'] as const;

/** The record of a build: what went in (for the freshness check) and what came out. */
export const BUILD_RECORD = 'build.json';

/** Bundled CommonJS code calls `require` for Node's built-ins; an ES module has none of its own. */
const REQUIRE_BANNER =
  "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);";

/** What one service's build wrote. */
export interface ServiceBuild {
  service: string;
  /** Bundle name -> bytes of JavaScript. */
  bundles: Record<string, number>;
}

/**
 * Bundles a service with the workspace packages and dependencies it uses into
 * `<outdir>/<entry>.js` (ES modules, for Node 24, with source maps of the project's own code beside
 * them for the logger's stacks; `outdir` defaults to `services/<service>/dist`), replacing what was there. Run it from the
 * repository's tsx (the `*.build-time.ts` modules run during the build).
 */
export async function buildService(
  service: string,
  outdir: string = serviceDistDir(service),
): Promise<ServiceBuild> {
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: serviceEntries(service),
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    sourcemap: 'linked',
    sourcesContent: false,
    minifyWhitespace: true,
    minifySyntax: true,
    // Licence comments go to <entry>.js.LEGAL.txt beside the bundle: one non-ASCII letter in one of
    // them (a name) made V8 hold the cart's whole 4 MB bundle source as two-byte characters, 4 MB
    // more RSS. esbuild escapes every other non-ASCII character (charset ascii).
    legalComments: 'linked',
    charset: 'ascii',
    metafile: true,
    logLevel: 'warning',
    banner: { js: REQUIRE_BANNER },
    // The build-time modules first: their loader must win over the source-location one.
    plugins: [
      buildTimeModulesPlugin(),
      externalPackagesPlugin(RUNTIME_PACKAGES, outdir),
      sourceLocationPlugin(outdir),
    ],
  });
  const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
  for (const [file] of outputs) keepOwnMappingsInFile(join(REPO_ROOT, `${file}.map`));
  writeFileSync(
    join(outdir, BUILD_RECORD),
    JSON.stringify({ entries: serviceEntries(service), inputs: Object.keys(result.metafile.inputs) }),
  );
  return {
    service,
    bundles: Object.fromEntries(
      outputs.map(([file, output]) => [file.slice(file.lastIndexOf('/') + 1, -3), output.bytes]),
    ),
  };
}
