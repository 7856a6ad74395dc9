import { lstatSync, realpathSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Plugin } from 'esbuild';

const NAMESPACE = 'runtime-require';

/**
 * Leaves `packages` (and their subpaths) out of the bundle: Node loads them at run time through
 * `require`, the path OpenTelemetry's instrumentations (pg) hook; an ES import of them would go
 * round the hook and leave them uninstrumented. The required path is relative to the bundle and
 * goes through the importing workspace package's node_modules link, so it resolves wherever the
 * repository (or an image holding the same layout) lies, although the service's own
 * node_modules need not list the package.
 */
export function externalPackagesPlugin(packages: readonly string[], outdir: string): Plugin {
  const names = packages.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
  const filter = new RegExp(`^(${names})(/|$)`);
  return {
    name: 'external-packages',
    setup(build) {
      build.onResolve({ filter }, async (args) => {
        if (args.namespace === NAMESPACE || args.pluginData === NAMESPACE) return undefined;
        const resolved = await build.resolve(args.path, {
          kind: 'require-call',
          resolveDir: args.resolveDir,
          pluginData: NAMESPACE,
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        const link = packageLink(args.path.match(filter)![1]!, args.resolveDir);
        const file = join(link, relative(realpathSync(link), resolved.path));
        return { path: `./${relative(outdir, file)}`, namespace: NAMESPACE };
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
      build.onResolve({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
        path: args.path,
        external: true,
      }));
    },
  };
}

/** The nearest `node_modules/<name>` above `dir`, as a path through links (not resolved). */
function packageLink(name: string, dir: string): string {
  for (let at = dir; ; at = dirname(at)) {
    const candidate = join(at, 'node_modules', name);
    try {
      lstatSync(candidate);
      return candidate;
    } catch {
      if (dirname(at) === at) throw new Error(`${name} is not installed above ${dir}`);
    }
  }
}
