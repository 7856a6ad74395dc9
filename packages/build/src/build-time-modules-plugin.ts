import type { Plugin } from 'esbuild';

/**
 * Runs each module named `*.build-time.ts` while bundling and puts its results in the bundle: every
 * export must be an async function without arguments whose result is JSON, and becomes one that
 * returns that result. The work (e.g. building the storefront's page script) is done
 * once by `make build`, not at each start, and its tools stay out of the running process.
 */
export function buildTimeModulesPlugin(): Plugin {
  return {
    name: 'build-time-modules',
    setup(build) {
      build.onLoad({ filter: /\.build-time\.ts$/ }, async (args) => {
        const exports = Object.entries((await import(args.path)) as Record<string, unknown>);
        const lines = await Promise.all(
          exports.map(async ([name, value]) => {
            if (typeof value !== 'function')
              throw new Error(`${args.path}: export ${name} is not a function of the build`);
            const result = JSON.stringify(await value());
            return `export async function ${name}() { return ${result}; }`;
          }),
        );
        return { contents: lines.join('\n'), loader: 'js' };
      });
    },
  };
}
