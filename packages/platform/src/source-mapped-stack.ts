import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A position in a JavaScript file, as V8 writes it in a stack frame: `file:///x/main.js:1:2345`. */
const POSITION = /((?:file:\/\/)?\/[^\s():]+\.[cm]?js):(\d+):(\d+)/g;

/** How long a source map stays parsed after its last use: errors come in bursts, memory is kept idle. */
const KEEP_MS = 60_000;

const maps = new Map<string, { map: SourceMap | undefined; timer: NodeJS.Timeout }>();

/** The source map beside `file` (`<file>.map`), parsed on first use and dropped after KEEP_MS unused. */
function sourceMapOf(file: string): SourceMap | undefined {
  const cached = maps.get(file);
  if (cached) {
    cached.timer.refresh();
    return cached.map;
  }
  let map: SourceMap | undefined;
  try {
    map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
  } catch {
    map = undefined; // no map beside it (Node's own files, a dependency loaded by require)
  }
  const timer = setTimeout(() => maps.delete(file), KEEP_MS).unref();
  maps.set(file, { map, timer });
  return map;
}

/**
 * `stack` with each position in a bundle that has a source map beside it replaced by the position in
 * the TypeScript source it was built from. This is what `node --enable-source-maps` does for every
 * error, but that flag keeps every bundle's source map in memory from the start (~3.5 MB a process);
 * here a map is read only when a logged error needs it. A stack Node has already mapped is left as is.
 */
export function sourceMappedStack(stack: string): string {
  if (process.sourceMapsEnabled) return stack;
  return stack.replace(POSITION, (position, location: string, line: string, column: string) => {
    const file = location.startsWith('file://') ? fileURLToPath(location) : location;
    const entry = sourceMapOf(file)?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalSource' in entry)) return position;
    const source = new URL(entry.originalSource, pathToFileURL(`${file}.map`));
    const path = source.protocol === 'file:' ? fileURLToPath(source) : source.href;
    return `${path}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}
