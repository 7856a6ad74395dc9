import { describe, expect, it } from 'vitest';
import { readNodeRuntimeEnv, withNodeRuntimeEnv } from '../src/stack/node-runtime-env.ts';

describe('withNodeRuntimeEnv', () => {
  const runtime = readNodeRuntimeEnv();

  it("gives a service process deploy/node.env's settings over the caller's environment", () => {
    const env = withNodeRuntimeEnv({ PATH: '/bin', MALLOC_ARENA_MAX: '8' });
    expect(env).toMatchObject({ PATH: '/bin', ...runtime });
  });

  it('keeps NODE_OPTIONS the caller set, before the ones of the file', () => {
    const env = withNodeRuntimeEnv({ NODE_OPTIONS: '--cpu-prof' });
    expect(env.NODE_OPTIONS).toBe(`--cpu-prof ${runtime.NODE_OPTIONS}`);
  });

  it('starts services with a bounded young generation', () => {
    expect(runtime.NODE_OPTIONS).toMatch(/--max-semi-space-size=\d+/);
  });
});
