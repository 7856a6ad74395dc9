import { defineConfig, mergeConfig, type ViteUserConfig } from 'vitest/config';

/**
 * The test settings every service shares: tests under test/, generous timeouts (suites start real
 * databases, brokers and service processes on a small machine), and coverage of the domain and use
 * cases that must reach 80 % of lines. A service passes only what differs.
 */
export function serviceTestConfig(overrides: ViteUserConfig = {}) {
  return mergeConfig(
    defineConfig({
      test: {
        include: ['test/**/*.test.ts'],
        testTimeout: 30_000,
        hookTimeout: 60_000,
        coverage: {
          provider: 'v8',
          include: ['src/domain/**', 'src/app/**'],
          reporter: ['text', 'html'],
          thresholds: { lines: 80 },
        },
      },
    }),
    overrides,
  );
}
