import { defineConfig } from 'vitest/config';

/** `pnpm run test:stack`: the browser purchase against an already running stack (not in `make test`). */
export default defineConfig({
  test: { include: ['test-stack/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
