import { readFileSync, writeFileSync } from 'node:fs';
import { decode, encode, type SourceMapSegment } from '@jridgewell/sourcemap-codec';

/** The fields of a source map (version 3) that esbuild writes. */
export interface SourceMapV3 {
  version: 3;
  sources: string[];
  names: string[];
  mappings: string;
  sourceRoot?: string;
  sourcesContent?: Array<string | null>;
}

/**
 * Keeps the mappings of `map` into the sources `isOwn` accepts, and marks where every run of
 * other code starts as unmapped, so a stack frame there shows the bundle's own position rather than
 * the nearest own line before it. Whoever maps a stack reads the whole map (the logger, or Node with
 * `--enable-source-maps`, which keeps each mapping as an array: some 40 MB of heap for a LOMS bundle):
 * a service bundle's dependencies have about 350,000 mappings (a 2.3 MB map), its own code about
 * 25,000 (0.14 MB). Frames in dependencies keep their bundle position and function name.
 */
export function keepOwnMappings(map: SourceMapV3, isOwn: (source: string) => boolean): SourceMapV3 {
  const sources: string[] = [];
  const sourcesContent: Array<string | null> = [];
  const names: string[] = [];
  const newSource = new Map<number, number>();
  const newName = new Map<number, number>();
  const indexOf = (table: Map<number, number>, list: string[], old: number, value: string) => {
    let index = table.get(old);
    if (index === undefined) {
      index = list.push(value) - 1;
      table.set(old, index);
      if (list === sources) sourcesContent.push(map.sourcesContent?.[old] ?? null);
    }
    return index;
  };
  const lines = decode(map.mappings).map((line) => {
    const kept: SourceMapSegment[] = [];
    let inOwnCode = true;
    for (const segment of line) {
      if (segment.length === 1 || !isOwn(map.sources[segment[1]]!)) {
        if (inOwnCode) kept.push([segment[0]]);
        inOwnCode = false;
        continue;
      }
      inOwnCode = true;
      const source = indexOf(newSource, sources, segment[1], map.sources[segment[1]]!);
      kept.push(
        segment.length === 5
          ? [
              segment[0],
              source,
              segment[2],
              segment[3],
              indexOf(newName, names, segment[4], map.names[segment[4]]!),
            ]
          : [segment[0], source, segment[2], segment[3]],
      );
    }
    return kept;
  });
  return {
    ...map,
    sources,
    names,
    mappings: encode(lines),
    ...(map.sourcesContent ? { sourcesContent } : {}),
  };
}

/** The project's own code: everything a bundle takes from outside node_modules. */
export const isOwnSource = (source: string) => !source.includes('node_modules/');

/** Rewrites the source map file at `path` to map only the project's own code (see keepOwnMappings). */
export function keepOwnMappingsInFile(path: string): void {
  const map = JSON.parse(readFileSync(path, 'utf8')) as SourceMapV3;
  writeFileSync(path, JSON.stringify(keepOwnMappings(map, isOwnSource)));
}
