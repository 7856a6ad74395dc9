import { build } from 'esbuild';

const WEB_ENTRY = new URL('../web/main.ts', import.meta.url).pathname;

/**
 * The page's script: src/web bundled into one ES module by esbuild (no download, no CDN). Run by
 * `make build` once (the bundle holds its result); from the sources (tests, watch mode) at start.
 */
export async function buildPageScript(): Promise<string> {
  const result = await build({
    entryPoints: [WEB_ENTRY],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no page script');
  return output.text;
}
