import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { sourceMappedStack } from '../src/source-mapped-stack.ts';

const dir = mkdtempSync(join(tmpdir(), 'source-mapped-stack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A bundle of one line whose column 0 comes from src/a.ts line 1 and column 10 from src/b.ts line 3.
const bundle = join(dir, 'dist', 'main.js');
mkdirSync(join(dir, 'dist'));
writeFileSync(bundle, 'function a(){}function b(){}\n');
writeFileSync(
  `${bundle}.map`,
  JSON.stringify({ version: 3, sources: ['../src/a.ts', '../src/b.ts'], names: [], mappings: 'AAAA,UCEA' }),
);

describe('sourceMappedStack', () => {
  it('names the TypeScript source of each position in a bundle with a source map beside it', () => {
    const stack = `Error: boom\n    at b (${pathToFileURL(bundle).href}:1:11)\n    at a (${bundle}:1:1)`;
    expect(sourceMappedStack(stack)).toBe(
      `Error: boom\n    at b (${join(dir, 'src/b.ts')}:3:1)\n    at a (${join(dir, 'src/a.ts')}:1:1)`,
    );
  });

  it("leaves positions in files without a source map as they are (Node's own, a required package)", () => {
    const stack = `Error: boom\n    at run (${join(dir, 'unmapped.js')}:4:2)\n    at node:internal/x:1:1`;
    expect(sourceMappedStack(stack)).toBe(stack);
  });
});
