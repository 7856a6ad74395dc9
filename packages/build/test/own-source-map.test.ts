import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decode, encode } from '@jridgewell/sourcemap-codec';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { isOwnSource, keepOwnMappings, keepOwnMappingsInFile } from '../src/own-source-map.ts';

const run = promisify(execFile);

const OWN = '../../services/loms/src/main.ts';
const DEP = '../../node_modules/.pnpm/pg@8.16.3/node_modules/pg/lib/client.js';
const OTHER_OWN = '../../packages/platform/src/log.ts';

/** A map of one bundle line: own code, then two segments of a dependency, then own code again. */
const map = {
  version: 3 as const,
  sources: [DEP, OWN, OTHER_OWN],
  names: ['query', 'main', 'log'],
  mappings: encode([
    [
      [0, 1, 10, 2, 1],
      [20, 0, 100, 4, 0],
      [40, 0, 101, 0],
      [60, 2, 7, 0, 2],
    ],
    [[0, 0, 5, 0]],
  ]),
};

describe('keepOwnMappings', () => {
  const kept = keepOwnMappings(map, isOwnSource);

  it('keeps the mappings into own sources, with their positions and names', () => {
    expect(kept.sources).toEqual([OWN, OTHER_OWN]);
    expect(kept.names).toEqual(['main', 'log']);
    const [first] = decode(kept.mappings);
    expect(first![0]).toEqual([0, 0, 10, 2, 0]);
    expect(first!.at(-1)).toEqual([60, 1, 7, 0, 1]);
  });

  it("marks where a dependency's code starts as unmapped, once per run, so it is not taken for the own line before it", () => {
    const [first, second] = decode(kept.mappings);
    expect(first).toEqual([[0, 0, 10, 2, 0], [20], [60, 1, 7, 0, 1]]);
    expect(second).toEqual([[0]]);
  });

  it('tells own sources from the dependencies esbuild bundles', () => {
    expect([OWN, OTHER_OWN, DEP].map(isOwnSource)).toEqual([true, true, false]);
  });
});

describe('a bundle whose map keeps only its own code', () => {
  it("names own frames by their TypeScript line and a dependency's frames by the bundle's position", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'own-map-'));
    try {
      mkdirSync(join(dir, 'node_modules/dep'), { recursive: true });
      writeFileSync(
        join(dir, 'node_modules/dep/index.js'),
        'export function fail() {\n  throw new Error("deep");\n}\n',
      );
      // Own code comes first in the bundle, so a dependency frame could be taken for it.
      writeFileSync(join(dir, 'first.ts'), 'export const startedAt: number = Date.now();\n');
      writeFileSync(
        join(dir, 'main.ts'),
        "import { startedAt } from './first.ts';\nimport { fail } from 'dep';\n\nfunction ownCaller(): void {\n  fail();\n}\n\ntry { ownCaller(); } catch (err) { console.log((err as Error).stack, startedAt); }\n",
      );
      await build({
        absWorkingDir: dir,
        entryPoints: ['main.ts'],
        outfile: join(dir, 'out/main.js'),
        bundle: true,
        platform: 'node',
        format: 'esm',
        sourcemap: 'linked',
        minifyWhitespace: true,
      });
      keepOwnMappingsInFile(join(dir, 'out/main.js.map'));
      const { stdout } = await run(process.execPath, ['--enable-source-maps', join(dir, 'out/main.js')]);
      const frames = stdout.split('\n').filter((line) => line.trim().startsWith('at '));
      expect(frames[0]).toMatch(/at fail \(.*out\/main\.js:\d+:\d+\)/);
      expect(frames[1]).toMatch(/at ownCaller \(.*main\.ts:5:3\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
