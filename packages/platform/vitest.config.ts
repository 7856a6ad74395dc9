import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Some tests start a service process of their own: on a busy 2-core machine its start alone can
  // take longer than vitest's default 5 s.
  test: { testTimeout: 30_000 },
});
