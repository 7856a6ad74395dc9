import { serviceTestConfig } from '../../vitest.service.ts';

export default serviceTestConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // The end-to-end suites run brokers and service processes: one at a time on a small machine.
    fileParallelism: false,
  },
});
