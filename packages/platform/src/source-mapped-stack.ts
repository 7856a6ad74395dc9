import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A position in a JavaScript file, as V8 writes it in a stack frame: `file:///x/main.js:1:2345`. */
const POSITION = /((?:file:\/\/)?\/[^\s():]+\.[cm]?js):(\d+):(\d+)/g;

/** How long a source map stays read after its last use: errors come in bursts, memory is kept idle. */
const KEEP_MS = 60_000;

/** The parts of a source map (version 3) this reads, and where each generated line starts in it. */
interface SourceMapPayload {
  sources: string[];
  mappings: string;
}
interface IndexedSourceMap extends SourceMapPayload {
  lines: LineStart[];
}

const maps = new Map<string, { map: IndexedSourceMap | undefined; timer: NodeJS.Timeout }>();

/** The source map beside `file` (`<file>.map`), read on first use and dropped after KEEP_MS unused. */
function sourceMapOf(file: string): IndexedSourceMap | undefined {
  const cached = maps.get(file);
  if (cached) {
    cached.timer.refresh();
    return cached.map;
  }
  let map: IndexedSourceMap | undefined;
  try {
    const payload = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as SourceMapPayload;
    map = { ...payload, lines: indexMappings(payload.mappings) };
  } catch {
    map = undefined; // no map beside it (Node's own files, a dependency loaded by require)
  }
  const timer = setTimeout(() => maps.delete(file), KEEP_MS).unref();
  maps.set(file, { map, timer });
  return map;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGITS = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE64.length; i++) DIGITS[BASE64.charCodeAt(i)] = i;
const [COMMA, SEMICOLON] = [44, 59];

/** Where a generated line's mappings start, and the source position they count from. */
export interface LineStart {
  offset: number;
  source: number;
  line: number;
  column: number;
}

/**
 * Reads the mappings of one generated line from `start`, calling `segment` with each mapping's
 * generated column and source position (undefined for a segment that maps to nothing). Returns
 * where the next line starts, or undefined at the end or on a character no mapping has.
 */
function readLine(
  mappings: string,
  start: LineStart,
  segment: (column: number, source: LineStart | undefined) => boolean | undefined,
): LineStart | undefined {
  const fields = [0, 0, 0, 0, 0];
  let { offset: at, source, line, column } = start;
  let generatedColumn = 0;
  while (at < mappings.length) {
    const char = mappings.charCodeAt(at);
    if (char === SEMICOLON) return { offset: at + 1, source, line, column };
    if (char === COMMA) {
      at++;
      continue;
    }
    let count = 0;
    while (
      at < mappings.length &&
      mappings.charCodeAt(at) !== COMMA &&
      mappings.charCodeAt(at) !== SEMICOLON
    ) {
      let [value, shift, digit] = [0, 0, 0];
      do {
        digit = DIGITS[mappings.charCodeAt(at++)] ?? -1;
        if (digit < 0) return undefined;
        value += (digit & 31) * 2 ** shift;
        shift += 5;
      } while (digit & 32);
      fields[count++] = value % 2 === 1 ? -(value - 1) / 2 : value / 2;
    }
    generatedColumn += fields[0]!;
    if (count >= 4) [source, line, column] = [source + fields[1]!, line + fields[2]!, column + fields[3]!];
    const mapped = count >= 4 ? { offset: at, source, line, column } : undefined;
    if (segment(generatedColumn, mapped) === false) return undefined;
  }
  return undefined;
}

/** Where each generated line's mappings start: one pass, so a lookup decodes one line only. */
export function indexMappings(mappings: string): LineStart[] {
  const lines: LineStart[] = [];
  let next: LineStart | undefined = { offset: 0, source: 0, line: 0, column: 0 };
  while (next) {
    lines.push(next);
    next = readLine(mappings, next, () => true);
  }
  return lines;
}

/**
 * Where generated `line` and `column` (both from 0) come from: the source's index, line and column
 * (from 0) of the last mapping at or before the column on that line, or undefined. Decodes that one
 * line as it reads it: Node's own `SourceMap` builds every mapping of a bundle as objects first
 * (~40 MB and 300 ms for one service's map).
 */
export function originalPosition(
  map: { mappings: string; lines: LineStart[] },
  line: number,
  column: number,
): LineStart | undefined {
  const start = map.lines[line];
  if (!start) return undefined;
  let found: LineStart | undefined;
  readLine(map.mappings, start, (generatedColumn, source) => {
    if (generatedColumn > column) return false;
    found = source;
    return true;
  });
  return found;
}

/**
 * `stack` with each position in a bundle that has a source map beside it replaced by the position in
 * the TypeScript source it was built from. This is what `node --enable-source-maps` does for every
 * error, but that flag keeps every bundle's source map in memory from the start (~3.5 MB a process)
 * and, from the first stack it maps, all its mappings as objects (~40 MB); here a map is read only
 * when a logged error needs it. A stack Node has already mapped is left as is.
 */
export function sourceMappedStack(stack: string): string {
  if (process.sourceMapsEnabled) return stack;
  return stack.replace(POSITION, (position, location: string, line: string, column: string) => {
    const file = location.startsWith('file://') ? fileURLToPath(location) : location;
    const map = sourceMapOf(file);
    const original = map && originalPosition(map, Number(line) - 1, Number(column) - 1);
    const sourceName = original && map.sources[original.source];
    if (!original || sourceName === undefined) return position;
    const source = new URL(sourceName, pathToFileURL(`${file}.map`));
    const path = source.protocol === 'file:' ? fileURLToPath(source) : source.href;
    return `${path}:${original.line + 1}:${original.column + 1}`;
  });
}
