import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import type { Plugin } from 'esbuild';

const IMPORT_META_URL = /\bimport\.meta\.url\b/g;

/**
 * Keeps `import.meta.url` meaning "where this source file is" inside a bundle written to `outdir`:
 * each use becomes the source file's URL computed from the bundle's own URL. Files found relative
 * to their source (migrations/, fixtures/, the storefront's public/, a package's node_modules)
 * are then found from the bundle too, wherever the repository (or the image's copy of it) lies.
 */
export function sourceLocationPlugin(outdir: string): Plugin {
  return {
    name: 'source-location',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.includes('/node_modules/')) return undefined;
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const fromBundle = JSON.stringify(relative(outdir, args.path));
        return {
          contents: source.replace(IMPORT_META_URL, `new URL(${fromBundle}, import.meta.url).href`),
          loader: 'ts',
        };
      });
    },
  };
}
