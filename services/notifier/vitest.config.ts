import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    // The end-to-end suites run brokers and service processes: one at a time on a small machine.
    fileParallelism: false,
    coverage: {
      provider: 'v8',
      include: ['src/domain/**', 'src/app/**'],
      reporter: ['text', 'html'],
      thresholds: { lines: 80 },
    },
  },
});
