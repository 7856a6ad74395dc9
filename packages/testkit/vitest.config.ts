import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Starting services (and Kafka, when none runs yet) on a busy 2-core machine.
    hookTimeout: 300_000,
  },
});
