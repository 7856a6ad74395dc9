import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // The e2e suite starts loms, products, cart, comments and a browser on a shared 2-core machine.
    hookTimeout: 300_000,
    coverage: {
      provider: 'v8',
      include: ['src/**'],
      // DOM panels and the wiring run in the browser: the e2e test covers them, v8 cannot see it.
      exclude: [
        'src/main.ts',
        'src/web/main.ts',
        'src/web/*-view.ts',
        'src/web/user-field.ts',
        'src/web/dom.ts',
      ],
      reporter: ['text', 'html'],
      thresholds: { lines: 80 },
    },
  },
});
